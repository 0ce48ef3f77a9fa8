package io.tearline.markings;

import io.tearline.markings.internal.RegisterTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The marking register as data (MARKINGS.md sections 4 and 5): country trigraphs (ISO 3166 alpha-3 plus
 * the GENC extras), tetragraphs and their published members, national classification schemes and the
 * per-pair classification equivalences. Loaded from tab-separated files ({@code countries.tsv},
 * {@code tetragraphs.tsv}, {@code schemes.tsv}, {@code equivalences.tsv}, {@code aea-agreements.tsv}),
 * bundled under {@code io/tearline/markings/register/} or read from a directory.
 *
 * <p>Immutable and thread-safe.
 */
public final class Register {

    private static final Register STANDARD = new Register(RegisterTables.standard());

    private final RegisterTables tables;

    Register(RegisterTables tables) {
        this.tables = tables;
    }

    /** The bundled register data. */
    public static Register standard() {
        return STANDARD;
    }

    /**
     * Register data from a directory holding the five files under their usual names.
     *
     * @throws java.io.UncheckedIOException when a file cannot be read
     * @throws IllegalStateException        when a file is malformed (the message names file and line)
     */
    public static Register fromDirectory(Path directory) {
        return new Register(RegisterTables.fromDirectory(directory));
    }

    RegisterTables tables() {
        return tables;
    }

    /** True for a registered country trigraph, e.g. {@code JPN}, {@code XKS}. */
    public boolean isCountry(String code) {
        return tables.isCountry(code);
    }

    /** True for a registered tetragraph, e.g. {@code FVEY}, {@code NATO} (deprecated ones included). */
    public boolean isTetragraph(String code) {
        return tables.isTetragraph(code);
    }

    /** Every registered country trigraph, sorted. */
    public Set<String> countries() {
        return tables.countries();
    }

    /** Every registered tetragraph, sorted. */
    public Set<String> tetragraphs() {
        return tables.tetragraphs().keySet();
    }

    /** The English name of a country trigraph or the name of a tetragraph. */
    public Optional<String> name(String code) {
        Optional<String> country = tables.countryName(code);
        if (country.isPresent()) {
            return country;
        }
        RegisterTables.Tetragraph t = tables.tetragraphs().get(code);
        return t == null ? Optional.empty() : Optional.of(t.name());
    }

    /**
     * The published members of a tetragraph: FVEY, ACGU and TEYE (USA included). Empty for opaque
     * tetragraphs (NATO, ISAF...), which are matched only literally, and for unknown codes.
     */
    public Optional<Set<String>> members(String tetragraph) {
        return tables.members(tetragraph);
    }

    /** When a tetragraph was deprecated; markings using it are INVALID. */
    public Optional<LocalDate> deprecated(String tetragraph) {
        return tables.deprecated(tetragraph);
    }

    /**
     * The levels an owner's national scheme uses, each {@code current} or {@code legacy}; empty when no
     * scheme is on file for the owner (then any level is accepted).
     */
    public Optional<Map<Level, String>> scheme(String owner) {
        return tables.scheme(owner);
    }

    /**
     * The US-equivalent clearance a reader of {@code readerNation} needs for information {@code owner}
     * classified at {@code ownerLevel} (section 5.2), per pair. Empty when no agreement covering the pair is
     * on file: deny. The owner's own nationals read at the owner's level. For several owners (the
     * {@link Classification.Foreign#owner()} {@code "CAN GBR"}) every owner's pair must be known and the
     * highest answer wins; a concealed source ({@code "FGI"}) is known only to US readers.
     */
    public Optional<Level> usEquivalent(String owner, Level ownerLevel, String readerNation) {
        return tables.usEquivalent(owner, ownerLevel, readerNation);
    }

    /** Every owner with at least one equivalence pair on file. */
    public Set<String> equivalenceOwners() {
        return tables.equivalenceOwners();
    }

    /**
     * Countries with an Atomic Energy Act section 123/144 agreement that allows RD to carry a release
     * marking instead of NOFORN. Empty in the bundled data.
     */
    public Set<String> aeaAgreements() {
        return tables.aeaAgreements();
    }

    /**
     * True for a registered SCI control system, e.g. {@code SI}, {@code TK}; a marking that names any
     * other system is INVALID ({@code register.unknown}).
     */
    public boolean isSciSystem(String name) {
        return tables.isSciSystem(name);
    }

    /** Every registered SCI control system with its status ({@code published}, {@code unpublished}, {@code legacy}), sorted. */
    public Map<String, String> sciSystems() {
        return tables.sciSystems();
    }

    /**
     * A copy in which one tetragraph's published membership is replaced (membership is data the
     * alliance administers). An empty {@code members} makes the tetragraph opaque.
     */
    public Register withTetragraph(String code, Optional<Set<String>> members) {
        return new Register(tables.withTetragraph(code, members));
    }
}
