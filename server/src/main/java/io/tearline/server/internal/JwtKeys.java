package io.tearline.server.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * EdDSA (Ed25519) for JWT verification on the JDK's own implementation: Nimbus's needs Tink, which
 * this project does not ship. ES256 goes to Nimbus once its signature is canonical (low S); other
 * algorithms go to Nimbus unchanged.
 */
public final class JwtKeys {

    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    /** The order of the P-256 group, and half of it. */
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger P256_HALF_ORDER = P256_ORDER.shiftRight(1);

    private JwtKeys() {}

    /** Selects verification keys for the allowed algorithms, Ed25519 JWKs included. */
    public static JWSKeySelector<SecurityContext> selector(Set<JWSAlgorithm> allowed, JWKSource<SecurityContext> source) {
        Set<JWSAlgorithm> others = new HashSet<>(allowed);
        boolean eddsa = others.remove(JWSAlgorithm.EdDSA);
        JWSKeySelector<SecurityContext> delegate = others.isEmpty() ? null : new JWSVerificationKeySelector<>(others, source);
        return (header, context) -> {
            if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
                return delegate == null ? List.of() : delegate.selectJWSKeys(header, context);
            }
            if (!eddsa) {
                return List.of();
            }
            JWKMatcher matcher = new JWKMatcher.Builder().keyType(KeyType.OKP).curve(Curve.Ed25519)
                    .keyID(header.getKeyID()).build();
            List<Key> keys = new ArrayList<>();
            for (JWK jwk : source.get(new JWKSelector(matcher), context)) {
                keys.add(ed25519(((OctetKeyPair) jwk).getX()));
            }
            return keys;
        };
    }

    /** Verifiers: the JDK's Ed25519 for EdDSA, Nimbus's for the rest. */
    public static JWSVerifierFactory verifiers() {
        DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();
        return new JWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                if (JWSAlgorithm.EdDSA.equals(header.getAlgorithm()) && key instanceof EdECPublicKey ed) {
                    return new Ed25519(ed);
                }
                JWSVerifier verifier = nimbus.createJWSVerifier(header, key);
                if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
                    return verifier;
                }
                return new JWSVerifier() { // a high-S twin of a valid signature never verifies
                    @Override
                    public boolean verify(JWSHeader h, byte[] signingInput, Base64URL signature) throws JOSEException {
                        return canonicalEcdsa(signature) && verifier.verify(h, signingInput, signature);
                    }

                    @Override
                    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                        return verifier.supportedJWSAlgorithms();
                    }

                    @Override
                    public JCAContext getJCAContext() {
                        return verifier.getJCAContext();
                    }
                };
            }

            @Override
            public Set<JWSAlgorithm> supportedJWSAlgorithms() {
                Set<JWSAlgorithm> all = new HashSet<>(nimbus.supportedJWSAlgorithms());
                all.add(JWSAlgorithm.EdDSA);
                return all;
            }

            @Override
            public JCAContext getJCAContext() {
                return nimbus.getJCAContext();
            }
        };
    }

    /**
     * Whether a JOSE ES256 signature (R || S, 32 bytes each) is canonical: 0 < s <= n/2. ECDSA accepts
     * (r, s) and (r, n - s) alike, so without this rule anyone holding a token can mint a second,
     * different token string that verifies.
     */
    public static boolean canonicalEcdsa(Base64URL signature) {
        byte[] raw = signature.decode();
        if (raw.length != 64) {
            return false;
        }
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
        return s.signum() > 0 && s.compareTo(P256_HALF_ORDER) <= 0;
    }

    /** The canonical form of a JOSE ES256 signature: s replaced by n - s when it is over n/2. */
    public static Base64URL canonicalEcdsaForm(Base64URL signature) {
        byte[] raw = signature.decode();
        if (raw.length != 64 || canonicalEcdsa(signature)) {
            return signature;
        }
        BigInteger s = P256_ORDER.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64)));
        byte[] low = s.toByteArray(); // at most 32 bytes, s < n/2
        byte[] out = java.util.Arrays.copyOf(raw, 64);
        java.util.Arrays.fill(out, 32, 64, (byte) 0);
        int from = Math.max(0, low.length - 32);
        System.arraycopy(low, from, out, 64 - (low.length - from), low.length - from);
        return Base64URL.encode(out);
    }

    private static PublicKey ed25519(Base64URL x) throws KeySourceException {
        byte[] raw = x.decode();
        if (raw.length != 32) {
            throw new KeySourceException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("bad Ed25519 key: " + e.getMessage(), e);
        }
    }

    private static final class Ed25519 implements JWSVerifier {
        private final PublicKey key;
        private final JCAContext jca = new JCAContext();

        Ed25519(PublicKey key) {
            this.key = key;
        }

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(key);
                s.update(signingInput);
                return s.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
        }

        @Override
        public JCAContext getJCAContext() {
            return jca;
        }
    }
}
