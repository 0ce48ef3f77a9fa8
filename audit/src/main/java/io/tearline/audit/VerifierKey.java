package io.tearline.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A C2SP signed-note Ed25519 verifier key: {@code name+hex(keyid)+base64(0x01 || public key)}, where
 * keyid is the first four bytes of {@code SHA-256(name || 0x0A || 0x01 || public key)}. What partners
 * pin to check checkpoints.
 */
public record VerifierKey(String name, byte[] keyId, byte[] publicKey) {

    static final byte ALG_ED25519 = 0x01;
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public VerifierKey {
        checkName(name);
        if (publicKey.length != 32) {
            throw new AuditException("key.length", "key", "an Ed25519 public key is 32 bytes");
        }
        keyId = keyId.clone();
        publicKey = publicKey.clone();
        if (!Arrays.equals(keyId, keyId(name, publicKey))) {
            throw new AuditException("key.id", "key", "key id " + HexFormat.of().formatHex(keyId)
                    + " does not match the name and key (expected "
                    + HexFormat.of().formatHex(keyId(name, publicKey)) + ")");
        }
    }

    public static VerifierKey of(String name, byte[] publicKey) {
        return new VerifierKey(name, keyId(name, publicKey), publicKey);
    }

    /** Parses {@code name+hexid+base64key}; surrounding whitespace is ignored. */
    public static VerifierKey parse(String text) {
        String t = text.strip();
        String[] parts = t.split("\\+", 3); // the base64 key may itself contain '+'
        if (parts.length != 3) {
            throw new AuditException("key.format", "key", "a verifier key is name+keyid+key");
        }
        byte[] id;
        byte[] raw;
        try {
            if (!parts[1].matches("[0-9a-f]{8}")) {
                throw new IllegalArgumentException("key id must be 8 lower-case hex digits");
            }
            id = HexFormat.of().parseHex(parts[1]);
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new AuditException("key.format", "key", "malformed verifier key: " + e.getMessage());
        }
        if (raw.length != 33 || raw[0] != ALG_ED25519) {
            throw new AuditException("key.algorithm", "key", "not an Ed25519 verifier key");
        }
        return new VerifierKey(parts[0], id, Arrays.copyOfRange(raw, 1, 33));
    }

    /** First four bytes of SHA-256(name || 0x0A || 0x01 || key). */
    public static byte[] keyId(String name, byte[] publicKey) {
        MessageDigest md = Merkle.sha256();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0x0A);
        md.update(ALG_ED25519);
        return Arrays.copyOf(md.digest(publicKey), 4);
    }

    @Override
    public byte[] keyId() {
        return keyId.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String keyIdHex() {
        return HexFormat.of().formatHex(keyId);
    }

    /** The verifier key line, {@code name+hexid+base64(0x01 || key)}. */
    @Override
    public String toString() {
        byte[] raw = new byte[33];
        raw[0] = ALG_ED25519;
        System.arraycopy(publicKey, 0, raw, 1, 32);
        return name + "+" + keyIdHex() + "+" + Base64.getEncoder().encodeToString(raw);
    }

    boolean verifySignature(byte[] message, byte[] signature) {
        try {
            PublicKey pk = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, publicKey)));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pk);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** C2SP key names: non-empty, no Unicode space, no plus. */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("+")
                || name.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20)) {
            throw new AuditException("key.name", "name", "a key name is non-empty, with no spaces and no '+': " + name);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifierKey k && name.equals(k.name) && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(publicKey);
    }
}
