package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.audit.internal.KeyFiles;
import io.tearline.audit.internal.NoteSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C2SP signed notes and checkpoints, checked against the spec's own example (the Go sumdb/note
 * PeterNeumann vector: Ed25519 is deterministic, so our signer must reproduce it byte for byte) and
 * against the format rules written out in the spec.
 */
class SignedNoteTest {

    static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void verifiesTheSpecExampleAndKeyIdIsTheFirstFourBytesOfTheNamedKeyHash() {
        VerifierKey k = VerifierKey.parse(GO_VKEY);
        assertThat(k.name()).isEqualTo("PeterNeumann");
        assertThat(k.keyIdHex()).isEqualTo("c74f20a3");
        assertThat(k.toString()).isEqualTo(GO_VKEY);
        // key id = SHA-256(name || 0x0A || 0x01 || key)[:4], computed here without the production helper
        byte[] pub = k.publicKey();
        byte[] material = new byte[0];
        material = cat(material, "PeterNeumann".getBytes(StandardCharsets.UTF_8));
        material = cat(material, new byte[]{0x0A, 0x01});
        material = cat(material, pub);
        assertThat(Arrays.copyOf(ReferenceTree.sha256(material), 4)).isEqualTo(HexFormat.of().parseHex("c74f20a3"));
        assertThat(SignedNotes.verifiedText(GO_NOTE, k)).isEqualTo(GO_TEXT);
    }

    @Test
    void ourSignerReproducesTheSpecExampleFromItsPrivateKeyLine(@TempDir Path dir) throws Exception {
        Path priv = dir.resolve(KeyFiles.PRIVATE);
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, GO_SKEY + "\n");
        Files.writeString(dir.resolve(KeyFiles.PUBLIC), GO_VKEY + "\n");
        NoteSigner s = KeyFiles.loadOrCreate(dir, "PeterNeumann");
        assertThat(s.sign(GO_TEXT)).isEqualTo(GO_NOTE);
        // deny: the same key under another origin is refused, not re-labelled
        assertThatThrownBy(() -> KeyFiles.loadOrCreate(dir, "tearline.example/audit"))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("key.origin"));
        // deny: a key file others can read
        Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> KeyFiles.loadOrCreate(dir, "PeterNeumann"))
                .isInstanceOfSatisfying(AuditException.class, e -> assertThat(e.rule()).isEqualTo("key.permissions"));
    }

    @Test
    void aGeneratedKeyIsPrivateAndSignsCheckpointsInTheC2spFormat(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        NoteSigner s = KeyFiles.loadOrCreate(keys, "tearline.example/audit");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(KeyFiles.PRIVATE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rwx------");
        assertThat(Files.readString(keys.resolve(KeyFiles.PRIVATE))).startsWith("PRIVATE+KEY+tearline.example/audit+");
        VerifierKey vk = KeyFiles.verifier(keys);
        assertThat(vk).isEqualTo(s.verifier());
        assertThat(vk.toString()).matches("tearline\\.example/audit\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
        // reopening loads the same key
        assertThat(KeyFiles.loadOrCreate(keys, "tearline.example/audit").verifier()).isEqualTo(vk);

        Hash root = Merkle.leafHash("x".getBytes(StandardCharsets.UTF_8));
        String note = s.sign(new Checkpoint("tearline.example/audit", 17, root));
        String[] lines = note.split("\n", -1);
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).isEqualTo("tearline.example/audit");
        assertThat(lines[1]).isEqualTo("17");
        assertThat(lines[2]).isEqualTo(root.base64());
        assertThat(lines[3]).isEmpty();
        assertThat(lines[4]).startsWith("\u2014 tearline.example/audit ");
        assertThat(lines[5]).isEmpty();
        byte[] sig = Base64.getDecoder().decode(lines[4].substring(lines[4].lastIndexOf(' ') + 1));
        assertThat(sig).hasSize(4 + 64);
        assertThat(Arrays.copyOf(sig, 4)).isEqualTo(vk.keyId());
        assertThat(SignedNotes.verifyCheckpoint(note, vk)).isEqualTo(new Checkpoint("tearline.example/audit", 17, root));
    }

    @Test
    void rejectsEveryAlteration(@TempDir Path dir) {
        NoteSigner s = KeyFiles.loadOrCreate(dir, "tearline.example/audit");
        VerifierKey vk = s.verifier();
        Hash root = Merkle.EMPTY_ROOT;
        String note = s.sign(new Checkpoint("tearline.example/audit", 5, root));
        assertThat(SignedNotes.verifyCheckpoint(note, vk).size()).isEqualTo(5);

        assertRule(() -> SignedNotes.verifyCheckpoint(note.replace("\n5\n", "\n6\n"), vk), "note.signature");
        assertRule(() -> SignedNotes.verifyCheckpoint(note.replace("\n\n", "\n"), vk), "note.format");
        assertRule(() -> SignedNotes.verifyCheckpoint(note.replace("\u2014", "-"), vk), "note.format");
        assertRule(() -> SignedNotes.verifyCheckpoint(note.substring(0, note.length() - 1), vk), "note.format");
        assertRule(() -> SignedNotes.verifyCheckpoint(note.replace("\n", "\r\n"), vk), "note.format");
        // a signature by another key with our name: not ours, so the note is unsigned for us
        NoteSigner other = KeyFiles.loadOrCreate(dir.resolve("other"), "tearline.example/audit");
        String forged = other.sign(new Checkpoint("tearline.example/audit", 5, root));
        assertRule(() -> SignedNotes.verifyCheckpoint(forged, vk), "note.unsigned");
        // our key id with a signature made by the other key: a bad signature
        String[] ours = note.split("\n");
        String[] theirs = forged.split("\n");
        byte[] mixed = cat(Arrays.copyOf(Base64.getDecoder().decode(ours[4].substring(ours[4].lastIndexOf(' ') + 1)), 4),
                Arrays.copyOfRange(Base64.getDecoder().decode(theirs[4].substring(theirs[4].lastIndexOf(' ') + 1)), 4, 68));
        String spliced = note.substring(0, note.indexOf("\u2014")) + "\u2014 tearline.example/audit "
                + Base64.getEncoder().encodeToString(mixed) + "\n";
        assertRule(() -> SignedNotes.verifyCheckpoint(spliced, vk), "note.signature");
        // extra signatures by others are ignored
        String cosigned = note + "\u2014 witness.example/w1 " + Base64.getEncoder().encodeToString(new byte[72]) + "\n";
        assertThat(SignedNotes.verifyCheckpoint(cosigned, vk).size()).isEqualTo(5);
        // a checkpoint of another origin, validly signed by a key of that name, is not ours
        NoteSigner elsewhere = KeyFiles.loadOrCreate(dir.resolve("elsewhere"), "elsewhere.example/log");
        assertRule(() -> SignedNotes.verifyCheckpoint(elsewhere.sign(new Checkpoint("elsewhere.example/log", 5, root)), vk),
                "note.unsigned");
        // checkpoint bodies: sizes without leading zeros or signs, a 32-byte base64 root
        assertRule(() -> Checkpoint.parse("o\n05\n" + root.base64() + "\n"), "checkpoint.size");
        assertRule(() -> Checkpoint.parse("o\n-5\n" + root.base64() + "\n"), "checkpoint.size");
        assertRule(() -> Checkpoint.parse("o\n5\nAAAA\n"), "checkpoint.root");
        assertRule(() -> Checkpoint.parse("o\n5\n"), "checkpoint.format");
        assertThat(Checkpoint.parse("o\n5\n" + root.base64() + "\nextension line\n").size()).isEqualTo(5);
        // verifier keys: wrong id, wrong algorithm, bad shapes
        assertRule(() -> VerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4")), "key.id");
        assertRule(() -> VerifierKey.parse("PeterNeumann+c74f20a3+AhpjZBxw8OExB6DDFvOEqqIF+xWSaqr8sMTiLNbLXRNY"), "key.algorithm");
        assertRule(() -> VerifierKey.parse("PeterNeumann+c74f20a3"), "key.format");
        assertRule(() -> VerifierKey.parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"), "key.name");
    }

    static void assertRule(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AuditException.class,
                e -> assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule));
    }

    static byte[] cat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
