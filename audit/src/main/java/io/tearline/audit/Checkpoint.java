package io.tearline.audit;

import java.util.regex.Pattern;

/**
 * A C2SP tlog-checkpoint body: the log's origin line, the tree size in decimal, the base64 root hash,
 * each ending in a newline. {@link SignedNotes} signs and verifies it as a signed note.
 */
public record Checkpoint(String origin, long size, Hash root) {

    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (origin.isEmpty() || origin.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AuditException("checkpoint.origin", "origin", "origin must be a non-empty line");
        }
        if (size < 0) {
            throw new AuditException("checkpoint.size", "size", "negative size " + size);
        }
    }

    /** The note text: {@code origin\nsize\nbase64(root)\n}. */
    public String body() {
        return origin + "\n" + size + "\n" + root.base64() + "\n";
    }

    /** Parses a checkpoint body (extension lines after the root are allowed and ignored, as C2SP says). */
    public static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new AuditException("checkpoint.format", "body", "a checkpoint ends with a newline");
        }
        String[] lines = body.split("\n", -1);
        if (lines.length < 4) {
            throw new AuditException("checkpoint.format", "body",
                    "a checkpoint has an origin, a size and a root hash line");
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new AuditException("checkpoint.size", "line 2", "not a decimal tree size: " + lines[1]);
        }
        long size;
        try {
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new AuditException("checkpoint.size", "line 2", "tree size out of range: " + lines[1]);
        }
        Hash root;
        try {
            root = Hash.ofBase64(lines[2]);
        } catch (AuditException e) {
            throw new AuditException("checkpoint.root", "line 3", "root hash: " + e.getMessage());
        }
        return new Checkpoint(lines[0], size, root);
    }
}
