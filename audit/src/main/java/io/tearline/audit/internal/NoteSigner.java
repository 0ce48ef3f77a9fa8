package io.tearline.audit.internal;

import io.tearline.audit.Checkpoint;
import io.tearline.audit.VerifierKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/** Signs C2SP notes with the log's Ed25519 key (JDK provider). Thread-safe. */
public final class NoteSigner {

    private final PrivateKey key;
    private final VerifierKey verifier;

    public NoteSigner(PrivateKey key, VerifierKey verifier) {
        this.key = key;
        this.verifier = verifier;
    }

    public VerifierKey verifier() {
        return verifier;
    }

    public String name() {
        return verifier.name();
    }

    /** {@code text} (ending in a newline), a blank line, and our signature line. */
    public String sign(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        byte[] sig = signBytes(text.getBytes(StandardCharsets.UTF_8));
        byte[] raw = Arrays.copyOf(verifier.keyId(), 4 + sig.length);
        System.arraycopy(sig, 0, raw, 4, sig.length);
        return text + "\n\u2014 " + verifier.name() + " " + Base64.getEncoder().encodeToString(raw) + "\n";
    }

    public String sign(Checkpoint checkpoint) {
        if (!checkpoint.origin().equals(verifier.name())) {
            throw new IllegalArgumentException("origin " + checkpoint.origin() + " is not the key's name " + verifier.name());
        }
        return sign(checkpoint.body());
    }

    byte[] signBytes(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
