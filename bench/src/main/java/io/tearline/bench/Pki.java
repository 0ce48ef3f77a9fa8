package io.tearline.bench;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * The load driver's certificates: one CA for the server, one per nation for its people (P-256 ECDSA
 * throughout), written as PEM under {@code DIR/pki}, and the client side's TLS contexts.
 */
final class Pki {

    private Pki() {}

    static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate issue(KeyPair signer, X500Name issuer, X500Name subject, java.security.PublicKey key, boolean ca,
                                 GeneralName... sans) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }

    static void writeKey(Path file, KeyPair k) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(new PemObject("PRIVATE KEY", k.getPrivate().getEncoded()));
        }
        Files.writeString(file, s.toString());
    }

    static void writeCert(Path file, X509Certificate c) throws Exception {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(c);
        }
        Files.writeString(file, s.toString());
    }

    /** A server CA, a server certificate for 127.0.0.1, a CA per nation and a certificate per person. */
    static void create(Path pki, java.util.Map<String, String> personToNation) throws Exception {
        Files.createDirectories(pki);
        KeyPair serverCa = keys();
        X500Name serverCaName = new X500Name("CN=Tearline load CA");
        writeCert(pki.resolve("server-ca.pem"), issue(serverCa, serverCaName, serverCaName, serverCa.getPublic(), true));
        KeyPair server = keys();
        writeKey(pki.resolve("server.key"), server);
        writeCert(pki.resolve("server.pem"), issue(serverCa, serverCaName, new X500Name("CN=localhost"), server.getPublic(), false,
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")));
        java.util.Map<String, KeyPair> nationCas = new java.util.TreeMap<>();
        for (String nation : new java.util.TreeSet<>(personToNation.values())) {
            KeyPair ca = keys();
            nationCas.put(nation, ca);
            X500Name name = new X500Name("CN=" + nation + " people CA");
            writeCert(pki.resolve(nation + "-ca.pem"), issue(ca, name, name, ca.getPublic(), true));
        }
        for (var e : personToNation.entrySet()) {
            KeyPair person = keys();
            writeKey(pki.resolve(e.getKey() + ".key"), person);
            writeCert(pki.resolve(e.getKey() + ".pem"), issue(nationCas.get(e.getValue()),
                    new X500Name("CN=" + e.getValue() + " people CA"), new X500Name("CN=" + e.getKey()), person.getPublic(), false));
        }
    }

    /** A client context trusting the server CA, presenting {@code person}'s certificate if not null. */
    static SSLContext client(Path pki, String person) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.resolve("server-ca.pem"))) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (person != null) {
            String pem = Files.readString(pki.resolve(person + ".key"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
            X509Certificate cert;
            try (var in = Files.newInputStream(pki.resolve(person + ".pem"))) {
                cert = (X509Certificate) cf.generateCertificate(in);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", key, "pw".toCharArray(), new X509Certificate[] {cert});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "pw".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }
}
