package io.tearline.audit.internal;

import io.tearline.audit.AuditException;
import io.tearline.audit.SignedNotes;
import io.tearline.audit.VerifierKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

/**
 * The log's signing key on disk, generated on first use: {@value #PRIVATE} holds the Go/C2SP signer-key
 * line {@code PRIVATE+KEY+name+hexid+base64(0x01 || seed)} (mode 600, in a 700 directory) and
 * {@value #PUBLIC} the verifier-key line. The key's name is the log's origin; a key made for another
 * origin is refused rather than silently starting a second log identity.
 */
public final class KeyFiles {

    public static final String PRIVATE = "audit-ed25519.key";
    public static final String PUBLIC = "audit-ed25519.vkey";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Loads the key under {@code dir}, creating it when there is none. */
    public static NoteSigner loadOrCreate(Path dir, String origin) {
        try {
            Path priv = dir.resolve(PRIVATE);
            if (!Files.exists(priv)) {
                create(dir, origin);
            }
            return load(dir, origin);
        } catch (IOException e) {
            throw new UncheckedIOException("audit signing key under " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The verifier key stored beside the signing key. */
    public static VerifierKey verifier(Path dir) {
        try {
            return VerifierKey.parse(Files.readString(dir.resolve(PUBLIC), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit verifier key " + dir.resolve(PUBLIC), e);
        }
    }

    private static synchronized void create(Path dir, String origin) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            restrict(dir, PosixFilePermissions.fromString("rwx------"));
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
        byte[] x509 = pair.getPublic().getEncoded();
        byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        VerifierKey vk = VerifierKey.of(origin, pub);
        byte[] raw = new byte[33];
        raw[0] = 1;
        System.arraycopy(seed, 0, raw, 1, 32);
        String privLine = "PRIVATE+KEY+" + origin + "+" + vk.keyIdHex() + "+" + Base64.getEncoder().encodeToString(raw) + "\n";
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(seed, (byte) 0);
        // Write both files beside their final names, then move: a crash leaves no half key.
        Path tmpPriv = dir.resolve(PRIVATE + ".tmp");
        Files.deleteIfExists(tmpPriv);
        if (supportsPosix(dir)) {
            Files.createFile(tmpPriv, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(tmpPriv);
        }
        Files.writeString(tmpPriv, privLine, StandardCharsets.UTF_8);
        Path tmpPub = dir.resolve(PUBLIC + ".tmp");
        Files.writeString(tmpPub, vk + "\n", StandardCharsets.UTF_8);
        Files.move(tmpPub, dir.resolve(PUBLIC), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try {
            Files.move(tmpPriv, dir.resolve(PRIVATE), StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(tmpPriv); // someone else made it first: theirs wins, load() checks it
        }
    }

    private static NoteSigner load(Path dir, String origin) throws IOException {
        Path privPath = dir.resolve(PRIVATE);
        if (supportsPosix(dir)) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(privPath);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new AuditException("key.permissions", privPath.toString(),
                        "the audit signing key must be readable by its owner only (chmod 600), it is "
                                + PosixFilePermissions.toString(perms));
            }
        }
        String line = Files.readString(privPath, StandardCharsets.UTF_8).strip();
        String[] parts = line.split("\\+", 5); // the base64 key may itself contain '+'
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
            throw new AuditException("key.format", privPath.toString(), "not a PRIVATE+KEY+name+id+key line");
        }
        if (!parts[2].equals(origin)) {
            throw new AuditException("key.origin", privPath.toString(), "the signing key was made for origin '"
                    + parts[2] + "' but the log is configured as '" + origin
                    + "': a log keeps one origin (move the key away only to start a new log)");
        }
        byte[] raw = Base64.getDecoder().decode(parts[4]);
        if (raw.length != 33 || raw[0] != 1) {
            throw new AuditException("key.algorithm", privPath.toString(), "not an Ed25519 signing key");
        }
        PrivateKey pk;
        try {
            pk = KeyFactory.getInstance("Ed25519").generatePrivate(
                    new EdECPrivateKeySpec(NamedParameterSpec.ED25519, Arrays.copyOfRange(raw, 1, 33)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the Ed25519 key " + privPath, e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        VerifierKey vk = verifier(dir);
        if (!vk.name().equals(origin) || !vk.keyIdHex().equals(parts[3])) {
            throw new AuditException("key.mismatch", dir.resolve(PUBLIC).toString(),
                    "the verifier key does not belong to the signing key");
        }
        NoteSigner signer = new NoteSigner(pk, vk);
        // The stored public key must be the private key's: prove it with a signature round trip.
        SignedNotes.verifiedText(signer.sign("key check\n"), vk);
        return signer;
    }

    private static boolean supportsPosix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        if (supportsPosix(p)) {
            Files.setPosixFilePermissions(p, perms);
        }
    }
}
