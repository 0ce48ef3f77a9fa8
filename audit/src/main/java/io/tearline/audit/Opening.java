package io.tearline.audit;

import io.tearline.audit.internal.Canonical;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.SortedMap;

/**
 * The opening of a salted commitment: the leaf field {@code field} carries
 * {@code base64(SHA-256(salt || secret))}, where {@code secret} is canonical JSON; only {@code nation}
 * may be shown this opening. Anyone holding the leaf can check an opening against it with {@link #verify}.
 */
public record Opening(String field, String nation, byte[] salt, byte[] secret) {

    public Opening {
        salt = salt.clone();
        secret = secret.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** The secret as the canonical JSON text it was committed as. */
    public String secretJson() {
        return new String(secret, StandardCharsets.UTF_8);
    }

    /** The secret as a value: a sorted map, list, string, boolean or integer. */
    public Object secretValue() {
        return Canonical.parse(secret);
    }

    /** {@code base64(SHA-256(salt || secret))}: what the leaf must carry in {@link #field}. */
    public String commitment() {
        MessageDigest md = Merkle.sha256();
        md.update(salt);
        return Base64.getEncoder().encodeToString(md.digest(secret));
    }

    /** True when {@code leaf} is canonical JSON whose field {@link #field} equals {@link #commitment()}. */
    public boolean verify(byte[] leaf) {
        try {
            Canonical.parse(secret);
            if (!(Canonical.parse(leaf) instanceof SortedMap<?, ?> m)) {
                return false;
            }
            return commitment().equals(m.get(field));
        } catch (AuditException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Opening p && field.equals(p.field) && nation.equals(p.nation)
                && Arrays.equals(salt, p.salt) && Arrays.equals(secret, p.secret);
    }

    @Override
    public int hashCode() {
        return (field.hashCode() * 31 + nation.hashCode()) * 31 + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "Opening[" + field + " for " + nation + "]";
    }
}
