package io.tearline.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * C2SP signed notes (https://c2sp.org/signed-note) carrying C2SP tlog-checkpoints: the note text, a
 * blank line, then signature lines {@code — name base64(keyid || signature)} (an em dash and a space),
 * each ending in a newline. Signatures by other keys are ignored, as the spec asks.
 */
public final class SignedNotes {

    private static final String DASH = "\u2014 ";
    private static final int MAX_SIGNATURES = 100;

    private SignedNotes() {
    }

    /**
     * Checks that {@code note} is a well-formed signed note carrying a valid signature by {@code key},
     * and returns the checkpoint it carries. The checkpoint's origin must be the key's name.
     */
    public static Checkpoint verifyCheckpoint(String note, VerifierKey key) {
        String text = verifiedText(note, key);
        Checkpoint c = Checkpoint.parse(text);
        if (!c.origin().equals(key.name())) {
            throw new AuditException("checkpoint.origin", "line 1", "checkpoint origin '" + c.origin()
                    + "' is not the key's name '" + key.name() + "'");
        }
        return c;
    }

    /** The note's text (with its final newline) once a signature by {@code key} verifies. */
    public static String verifiedText(String note, VerifierKey key) {
        if (note.codePoints().anyMatch(c -> c < 0x20 && c != '\n' || c == 0x7f)) {
            throw new AuditException("note.format", "note", "a note has no control characters but newlines");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new AuditException("note.format", "note", "no blank line before the signatures");
        }
        String text = note.substring(0, split + 1);
        String sigs = note.substring(split + 2);
        if (sigs.isEmpty() || !sigs.endsWith("\n")) {
            throw new AuditException("note.format", "note", "signature lines must end with a newline");
        }
        String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new AuditException("note.format", "note", "too many signatures");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean byKey = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "signature line " + (i + 1);
            if (!line.startsWith(DASH)) {
                throw new AuditException("note.format", where, "a signature line starts with an em dash and a space");
            }
            String rest = line.substring(DASH.length());
            int sp = rest.lastIndexOf(' ');
            if (sp <= 0) {
                throw new AuditException("note.format", where, "a signature line is '— name signature'");
            }
            String name = rest.substring(0, sp);
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(rest.substring(sp + 1));
            } catch (IllegalArgumentException e) {
                throw new AuditException("note.format", where, "signature is not base64");
            }
            if (raw.length < 5) {
                throw new AuditException("note.format", where, "signature too short");
            }
            if (!name.equals(key.name()) || !Arrays.equals(Arrays.copyOf(raw, 4), key.keyId())) {
                continue; // someone else's signature (a witness, a mirror): not ours to judge
            }
            if (!key.verifySignature(message, Arrays.copyOfRange(raw, 4, raw.length))) {
                throw new AuditException("note.signature", where, "signature by " + key.name()
                        + "+" + key.keyIdHex() + " does not verify");
            }
            byKey = true;
        }
        if (!byKey) {
            throw new AuditException("note.unsigned", "note", "no signature by " + key.name() + "+" + key.keyIdHex());
        }
        return text;
    }
}
