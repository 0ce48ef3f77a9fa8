package io.tearline.server.internal;

import io.javalin.config.JettyConfig;
import io.tearline.server.Config;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the server's one connector: the key and certificate chain from PEM files, TLS 1.2 and 1.3
 * only, and, with mutual TLS, client certificates checked against the nations' CA bundles during the
 * handshake ({@code need}: no connection without one; {@code want}: asked for, not required). The
 * person a certificate names is decided per request by {@link ClientCertificates}, which also applies
 * the revocation list.
 */
public final class Tls {

    /** The request attribute the servlet layer puts the client's certificate chain under. */
    public static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private Tls() {}

    /** Replaces the plain HTTP connector with an HTTPS one on {@code host}:{@code port}. */
    public static void configure(JettyConfig jetty, Config.Server server, Config.Tls tls, Path base,
                                 Optional<ClientCertificates> clients) throws IOException {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        try {
            ssl.setKeyStore(keyStore(base.resolve(tls.key()), base.resolve(tls.certificate())));
            ssl.setKeyStorePassword(PASSWORD);
            if (tls.mutual()) {
                ssl.setTrustStore(clients.orElseThrow().trustStore());
                ssl.setNeedClientAuth(tls.clientAuth().equals("need"));
                ssl.setWantClientAuth(true);
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("server.tls: " + e.getMessage(), e);
        }
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        ssl.setSniRequired(false);
        jetty.addConnector((jettyServer, httpConfig) -> {
            HttpConfiguration https = new HttpConfiguration(httpConfig);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients reach the service by address as well as by name
            https.addCustomizer(secure);
            ServerConnector c = new ServerConnector(jettyServer, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(https));
            c.setHost(server.host());
            c.setPort(server.port());
            return c;
        });
    }

    private static final String PASSWORD = HexFormat.of().formatHex(randomBytes());

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static KeyStore keyStore(Path keyPem, Path certPem) throws IOException, GeneralSecurityException {
        PrivateKey key = privateKey(keyPem);
        List<X509Certificate> chain = ClientCertificates.certificates(certPem);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", key, PASSWORD.toCharArray(), chain.toArray(X509Certificate[]::new));
        return ks;
    }

    /** A PKCS#8 private key ({@code BEGIN PRIVATE KEY}): RSA, EC or Ed25519. */
    public static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IOException(pem + ": expected a PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert with "
                    + "'openssl pkcs8 -topk8 -nocrypt'");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
        for (String alg : List.of("EC", "RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm
            }
        }
        throw new IOException(pem + ": not an RSA, EC or Ed25519 private key");
    }
}
