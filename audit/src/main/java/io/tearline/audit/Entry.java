package io.tearline.audit;

import io.tearline.audit.internal.Canonical;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One log entry before it is appended: its fields (canonical JSON once appended), the access metadata
 * kept beside the leaf, and the openings of any salted commitments. Immutable and thread-safe.
 *
 * <p>The log adds one field itself: {@value #INDEX}, the entry's position, so that a leaf names its own
 * place and a moved, swapped or dropped row is caught and located by {@code audit verify}. The leaf is
 * therefore the canonical JSON of the fields plus {@code "index": n}.
 *
 * <pre>{@code
 * Entry e = Entry.builder()
 *         .put("type", "read.denied").put("reader", "kenji")
 *         .commit("withheld", Map.of("report", id, "marking", "S//NF"), "USA")
 *         .access(Access.of("JPN", List.of("USA")))
 *         .build();
 * }</pre>
 */
public final class Entry {

    /** The key the log reserves for the entry's index. */
    public static final String INDEX = "index";

    /** Largest leaf accepted (bytes of canonical JSON). */
    public static final int MAX_LEAF_BYTES = 1 << 20;

    // one DRBG per thread: the platform default (NativePRNG) reads through one process-wide lock even from
    // separate instances, and every audited request draws salts here
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Entry::drbg);

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's DRBG is missing", e);
        }
    }

    private final SortedMap<String, Object> fields;
    private final Access access;
    private final List<Opening> openings;
    private final byte[] head; // members sorting before "index", without braces
    private final byte[] tail; // members sorting after it

    private Entry(SortedMap<String, Object> fields, Access access, List<Opening> openings) {
        this.fields = fields;
        this.access = access;
        this.openings = List.copyOf(openings);
        this.head = members(fields.headMap(INDEX));
        this.tail = members(fields.tailMap(INDEX));
        if (head.length + tail.length + 48 > MAX_LEAF_BYTES) {
            throw new AuditException("entry.too-large", "$", "an entry is at most " + MAX_LEAF_BYTES
                    + " bytes of canonical JSON, this one is " + (head.length + tail.length));
        }
    }

    /** An entry with these fields and no access metadata. */
    public static Entry of(Map<String, ?> fields) {
        return builder().putAll(fields).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fields, sorted, as canonical values (unmodifiable). */
    public SortedMap<String, Object> fields() {
        return fields;
    }

    public Access access() {
        return access;
    }

    public List<Opening> openings() {
        return openings;
    }

    /** The exact leaf bytes this entry becomes at {@code index}. */
    public byte[] leaf(long index) {
        byte[] idx = ("\"" + INDEX + "\":" + index).getBytes(StandardCharsets.US_ASCII);
        int n = 2 + head.length + tail.length + idx.length + (head.length > 0 ? 1 : 0) + (tail.length > 0 ? 1 : 0);
        byte[] out = new byte[n];
        int p = 0;
        out[p++] = '{';
        System.arraycopy(head, 0, out, p, head.length);
        p += head.length;
        if (head.length > 0) {
            out[p++] = ',';
        }
        System.arraycopy(idx, 0, out, p, idx.length);
        p += idx.length;
        if (tail.length > 0) {
            out[p++] = ',';
        }
        System.arraycopy(tail, 0, out, p, tail.length);
        p += tail.length;
        out[p] = '}';
        return out;
    }

    private static byte[] members(SortedMap<String, Object> part) {
        if (part.isEmpty()) {
            return new byte[0];
        }
        byte[] obj = Canonical.write(part);
        byte[] inner = new byte[obj.length - 2];
        System.arraycopy(obj, 1, inner, 0, inner.length);
        return inner;
    }

    @Override
    public String toString() {
        return "Entry" + fields;
    }

    /** Collects fields, commitments and access metadata; not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private final List<Opening> openings = new ArrayList<>();
        private Optional<String> reader = Optional.empty();
        private final TreeSet<String> owners = new TreeSet<>();

        private Builder() {
        }

        public Builder put(String key, Object value) {
            if (key == null) {
                throw new AuditException("entry.key", "$", "null key");
            }
            if (INDEX.equals(key)) {
                throw new AuditException("entry.reserved", "$." + key,
                        "the log writes \"" + INDEX + "\" itself: choose another key");
            }
            if (fields.containsKey(key)) {
                throw new AuditException("entry.duplicate", "$." + key, "key given twice");
            }
            fields.put(key, Canonical.normalise(value, "$." + key));
            return this;
        }

        public Builder putAll(Map<String, ?> values) {
            values.forEach(this::put);
            return this;
        }

        /**
         * Puts a salted commitment to {@code secret} under {@code key}: the leaf shows only
         * {@code base64(SHA-256(salt || canonical secret))}; the opening is stored beside the leaf for
         * {@code nation} to be shown.
         */
        public Builder commit(String key, Object secret, String nation) {
            Access.check(nation, "$." + key + "(nation)");
            byte[] secretBytes = Canonical.write(Canonical.normalise(secret, "$." + key + "(secret)"));
            byte[] salt = new byte[32];
            RANDOM.get().nextBytes(salt);
            MessageDigest md = Merkle.sha256();
            md.update(salt);
            put(key, Base64.getEncoder().encodeToString(md.digest(secretBytes)));
            openings.add(new Opening(key, nation, salt, secretBytes));
            return this;
        }

        public Builder reader(String nation) {
            this.reader = Optional.of(nation);
            return this;
        }

        public Builder owner(String nation) {
            owners.add(nation);
            return this;
        }

        public Builder owners(Collection<String> nations) {
            owners.addAll(nations);
            return this;
        }

        public Builder access(Access access) {
            this.reader = access.reader();
            this.owners.clear();
            this.owners.addAll(access.owners());
            return this;
        }

        public Entry build() {
            // values were normalised by put(); only the key order is left to fix
            SortedMap<String, Object> sorted = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
            return new Entry(sorted, new Access(reader, owners), openings);
        }
    }
}
