package io.tearline.markings.internal;

import io.tearline.markings.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The register data (country codes, tetragraphs, national schemes, equivalences, SCI control systems) in the shapes the
 * scanner needs: code lookups straight from a region of the input, without allocating. Immutable.
 *
 * <p>Internal: use {@link io.tearline.markings.Register}.
 */
public final class RegisterTables {

    /** The data files, under {@code io/tearline/markings/register/} or a directory. */
    public static final List<String> FILES = List.of(
            "countries.tsv", "tetragraphs.tsv", "schemes.tsv", "equivalences.tsv", "aea-agreements.tsv",
            "sci-systems.tsv");

    private static final String RESOURCE_DIR = "/io/tearline/markings/register/";

    /** Trigraphs by their base-36 packed value; null where no country. */
    private final String[] trigraphs = new String[36 * 36 * 36];
    private final Map<String, String> names;
    /** Tetragraph codes, packed base-36, sorted, with the canonical strings alongside. */
    private final int[] tetraKeys;
    private final String[] tetraCodes;
    /** The deprecated tetragraphs' canonical strings, compared by identity on the hot path. */
    private final String[] deprecatedCodes;
    private final Map<String, Tetragraph> tetragraphs;
    private final Map<String, Map<Level, String>> schemes;
    private final Map<String, Level> equivalences;
    private final Set<String> equivalenceOwners;
    private final Set<String> aeaAgreements;
    private final Set<String> countries;
    /** SCI control system name to status (published, unpublished, legacy). */
    private final Map<String, String> sciSystems;

    /** A tetragraph: its members when published (empty = opaque) and when it was deprecated. */
    public record Tetragraph(String code, String name, Optional<Set<String>> members, Optional<LocalDate> deprecated) {}

    private RegisterTables(Map<String, String> countryNames, Map<String, Tetragraph> tetragraphs,
                           Map<String, Map<Level, String>> schemes, Map<String, Level> equivalences,
                           Set<String> aeaAgreements, Map<String, String> sciSystems) {
        this.names = Map.copyOf(countryNames);
        this.sciSystems = Map.copyOf(sciSystems);
        for (String code : countryNames.keySet()) {
            trigraphs[pack(code, 0, 3)] = code;
        }
        this.countries = Collections.unmodifiableSet(new TreeSet<>(countryNames.keySet()));
        this.tetragraphs = Map.copyOf(tetragraphs);
        List<String> tetras = new ArrayList<>(tetragraphs.keySet());
        tetras.sort((a, b) -> Integer.compare(pack(a, 0, 4), pack(b, 0, 4)));
        tetraKeys = new int[tetras.size()];
        tetraCodes = new String[tetras.size()];
        for (int i = 0; i < tetras.size(); i++) {
            tetraKeys[i] = pack(tetras.get(i), 0, 4);
            tetraCodes[i] = tetras.get(i);
        }
        deprecatedCodes = tetragraphs.values().stream().filter(t -> t.deprecated().isPresent()).map(Tetragraph::code)
                .map(code -> tetraCodes[Arrays.binarySearch(tetraKeys, pack(code, 0, 4))]).toArray(String[]::new);
        Map<String, Map<Level, String>> sc = new HashMap<>();
        schemes.forEach((owner, levels) -> sc.put(owner, Collections.unmodifiableMap(new EnumMap<>(levels))));
        this.schemes = Map.copyOf(sc);
        this.equivalences = Map.copyOf(equivalences);
        Set<String> owners = new TreeSet<>();
        for (String key : equivalences.keySet()) {
            owners.add(key.substring(0, key.indexOf('|')));
        }
        this.equivalenceOwners = Collections.unmodifiableSet(owners);
        this.aeaAgreements = Set.copyOf(aeaAgreements);
    }

    /** The bundled register data. */
    public static RegisterTables standard() {
        return load(file -> {
            InputStream in = RegisterTables.class.getResourceAsStream(RESOURCE_DIR + file);
            if (in == null) {
                throw new IllegalStateException("register resource missing: " + RESOURCE_DIR + file);
            }
            return in;
        });
    }

    /** Register data from a directory holding the same file names as the bundled data. */
    public static RegisterTables fromDirectory(Path dir) {
        return load(file -> Files.newInputStream(dir.resolve(file)));
    }

    interface Source {
        InputStream open(String file) throws IOException;
    }

    private static RegisterTables load(Source source) {
        Map<String, String> countries = new TreeMap<>();
        rows(source, "countries.tsv", 3, (file, line, f) -> {
            String code = code(file, line, f[0], 3);
            if (countries.put(code, f[2]) != null) {
                throw bad(file, line, "duplicate trigraph " + code);
            }
        });
        Map<String, Tetragraph> tetragraphs = new TreeMap<>();
        rows(source, "tetragraphs.tsv", 4, (file, line, f) -> {
            String code = code(file, line, f[0], 4);
            Optional<Set<String>> members = Optional.empty();
            if (!f[2].equals("-")) {
                Set<String> m = new LinkedHashSet<>();
                for (String member : f[2].split(" ")) {
                    if (!countries.containsKey(member)) {
                        throw bad(file, line, "member " + member + " of " + code + " is not a known trigraph");
                    }
                    m.add(member);
                }
                members = Optional.of(Collections.unmodifiableSet(m));
            }
            Optional<LocalDate> deprecated = f[3].equals("-") ? Optional.empty() : Optional.of(LocalDate.parse(f[3]));
            if (tetragraphs.put(code, new Tetragraph(code, f[1], members, deprecated)) != null) {
                throw bad(file, line, "duplicate tetragraph " + code);
            }
        });
        Map<String, Map<Level, String>> schemes = new TreeMap<>();
        rows(source, "schemes.tsv", 3, (file, line, f) -> {
            String owner = owner(file, line, f[0], countries, tetragraphs);
            Level level = level(file, line, f[1]);
            if (!f[2].equals("current") && !f[2].equals("legacy")) {
                throw bad(file, line, "status must be current or legacy, not " + f[2]);
            }
            schemes.computeIfAbsent(owner, o -> new EnumMap<>(Level.class)).put(level, f[2]);
        });
        Map<String, Level> equivalences = new HashMap<>();
        rows(source, "equivalences.tsv", 5, (file, line, f) -> {
            String owner = f[0].equals(io.tearline.markings.Classification.Foreign.CONCEALED) ? f[0]
                    : owner(file, line, f[0], countries, tetragraphs);
            Level ownerLevel = level(file, line, f[1]);
            String reader = code(file, line, f[2], 3);
            if (!countries.containsKey(reader)) {
                throw bad(file, line, "reader " + reader + " is not a known trigraph");
            }
            Level us = level(file, line, f[3]);
            if (us == Level.RESTRICTED) {
                throw bad(file, line, "a US-equivalent level is never RESTRICTED");
            }
            if (!Set.of("D", "N", "A").contains(f[4])) {
                throw bad(file, line, "basis must be D, N or A, not " + f[4]);
            }
            if (equivalences.put(owner + "|" + ownerLevel + "|" + reader, us) != null) {
                throw bad(file, line, "duplicate pair " + owner + " " + ownerLevel + " -> " + reader);
            }
        });
        Set<String> agreements = new TreeSet<>();
        rows(source, "aea-agreements.tsv", 1, (file, line, f) -> {
            String code = code(file, line, f[0], 3);
            if (!countries.containsKey(code)) {
                throw bad(file, line, code + " is not a known trigraph");
            }
            agreements.add(code);
        });
        Map<String, String> sci = new TreeMap<>();
        rows(source, "sci-systems.tsv", 2, (file, line, f) -> {
            String name = f[0];
            if (name.isEmpty() || name.length() > Parser.MAX_NAME || !alnum(name)) {
                throw bad(file, line, "'" + name + "' is not an SCI control system name of A-Z and 0-9");
            }
            if (!Set.of("published", "unpublished", "legacy").contains(f[1])) {
                throw bad(file, line, "status must be published, unpublished or legacy, not " + f[1]);
            }
            if (sci.put(name, f[1]) != null) {
                throw bad(file, line, "duplicate SCI control system " + name);
            }
        });
        return new RegisterTables(countries, tetragraphs, schemes, equivalences, agreements, sci);
    }

    private interface Row {
        void accept(String file, int line, String[] fields);
    }

    private static void rows(Source source, String file, int minFields, Row row) {
        try (InputStream in = source.open(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String text;
            int line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                String[] f = text.split("\t", -1);
                if (f.length < minFields) {
                    throw bad(file, line, "expected at least " + minFields + " tab-separated fields, got " + f.length);
                }
                for (int i = 0; i < f.length; i++) {
                    f[i] = f[i].strip();
                }
                row.accept(file, line, f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read register file " + file, e);
        }
    }

    private static IllegalStateException bad(String file, int line, String message) {
        return new IllegalStateException("register file " + file + " line " + line + ": " + message);
    }

    private static String code(String file, int line, String code, int length) {
        if (code.length() != length || pack(code, 0, length) < 0) {
            throw bad(file, line, "'" + code + "' is not a " + length + "-character code of A-Z and 0-9");
        }
        return code;
    }

    private static String owner(String file, int line, String code, Map<String, String> countries,
                                Map<String, Tetragraph> tetragraphs) {
        if (!countries.containsKey(code) && !tetragraphs.containsKey(code)) {
            throw bad(file, line, "owner " + code + " is neither a known trigraph nor a tetragraph");
        }
        return code;
    }

    private static boolean alnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static Level level(String file, int line, String name) {
        try {
            return Level.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw bad(file, line, "unknown level " + name + "; one of " + Arrays.toString(Level.values()));
        }
    }

    /** Packs {@code len} characters of A-Z and 0-9 into a base-36 int; -1 when another character occurs. */
    static int pack(CharSequence s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            int d;
            if (c >= 'A' && c <= 'Z') {
                d = c - 'A';
            } else if (c >= '0' && c <= '9') {
                d = 26 + (c - '0');
            } else {
                return -1;
            }
            v = v * 36 + d;
        }
        return v;
    }

    /** The canonical trigraph for {@code s[from, from+3)}, or null. */
    public String trigraph(String s, int from) {
        int k = pack(s, from, 3);
        return k < 0 ? null : trigraphs[k];
    }

    /** The canonical tetragraph for {@code s[from, from+4)}, or null. */
    public String tetragraph(String s, int from) {
        int k = pack(s, from, 4);
        if (k < 0) {
            return null;
        }
        int i = Arrays.binarySearch(tetraKeys, k);
        return i < 0 ? null : tetraCodes[i];
    }

    /** The canonical code (trigraph or tetragraph) for {@code s[from, to)}, or null. */
    public String code(String s, int from, int to) {
        int len = to - from;
        if (len == 3) {
            return trigraph(s, from);
        }
        if (len == 4) {
            return tetragraph(s, from);
        }
        return null;
    }

    public boolean isCountry(String code) {
        return code != null && code.length() == 3 && trigraph(code, 0) != null;
    }

    public boolean isTetragraph(String code) {
        return code != null && code.length() == 4 && tetragraph(code, 0) != null;
    }

    public Set<String> countries() {
        return countries;
    }

    public Map<String, Tetragraph> tetragraphs() {
        return tetragraphs;
    }

    public Optional<String> countryName(String code) {
        return Optional.ofNullable(names.get(code));
    }

    /** The published members of a tetragraph (FVEY, ACGU, TEYE); empty for opaque or unknown codes. */
    public Optional<Set<String>> members(String tetragraph) {
        Tetragraph t = tetragraphs.get(tetragraph);
        return t == null ? Optional.empty() : t.members();
    }

    /** True for a deprecated tetragraph. */
    boolean isDeprecated(String code) {
        for (String d : deprecatedCodes) {
            if (d.equals(code)) {
                return true;
            }
        }
        return false;
    }

    public Optional<LocalDate> deprecated(String tetragraph) {
        Tetragraph t = tetragraphs.get(tetragraph);
        return t == null ? Optional.empty() : t.deprecated();
    }

    /** The levels of an owner's national scheme (current and legacy); empty when no scheme is on file. */
    public Optional<Map<Level, String>> scheme(String owner) {
        return Optional.ofNullable(schemes.get(owner));
    }

    public Set<String> schemeOwners() {
        return schemes.keySet();
    }

    /**
     * The US-equivalent level a reader of {@code reader} needs for {@code owner}'s {@code level}. The
     * owner's own nationals read at the level itself; several owners ({@code "CAN GBR"}) need every
     * owner's pair, and the highest answer wins.
     */
    public Optional<Level> usEquivalent(String owner, Level level, String reader) {
        if (owner.indexOf(' ') >= 0) {
            Level max = null;
            for (String o : owner.split(" ")) {
                Optional<Level> l = usEquivalent(o, level, reader);
                if (l.isEmpty()) {
                    return Optional.empty();
                }
                max = max == null || l.get().compareTo(max) > 0 ? l.get() : max;
            }
            return Optional.ofNullable(max);
        }
        if (owner.equals(reader)) {
            return Optional.of(level);
        }
        return Optional.ofNullable(equivalences.get(owner + "|" + level + "|" + reader));
    }

    public Set<String> equivalenceOwners() {
        return equivalenceOwners;
    }

    public Set<String> aeaAgreements() {
        return aeaAgreements;
    }

    /** True for a registered SCI control system (published, unpublished or legacy), e.g. {@code SI}. */
    public boolean isSciSystem(String name) {
        return sciSystems.containsKey(name);
    }

    /** Every registered SCI control system with its status (published, unpublished, legacy), sorted. */
    public Map<String, String> sciSystems() {
        return Collections.unmodifiableMap(new TreeMap<>(sciSystems));
    }

    /** A copy with one tetragraph's published membership replaced (the alliance changes it as data). */
    public RegisterTables withTetragraph(String code, Optional<Set<String>> members) {
        if (code == null || code.length() != 4 || pack(code, 0, 4) < 0) {
            throw new IllegalArgumentException("a tetragraph is 4 characters of A-Z and 0-9: " + code);
        }
        members.ifPresent(m -> m.forEach(c -> {
            if (!isCountry(c)) {
                throw new IllegalArgumentException("member " + c + " of " + code + " is not a known trigraph");
            }
        }));
        Map<String, Tetragraph> t = new TreeMap<>(tetragraphs);
        Tetragraph old = t.get(code);
        t.put(code, new Tetragraph(code, old == null ? code : old.name(),
                members.map(m -> Collections.unmodifiableSet(new TreeSet<>(m))), old == null ? Optional.empty() : old.deprecated()));
        Map<String, String> countryNames = new TreeMap<>(names);
        Map<String, Map<Level, String>> sc = new TreeMap<>(schemes);
        return new RegisterTables(countryNames, t, sc, equivalences, aeaAgreements, sciSystems);
    }
}
