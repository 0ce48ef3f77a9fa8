package io.tearline.server.internal;

import io.tearline.server.AuthException;
import io.tearline.server.AuthException.Failure;
import io.tearline.server.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client certificates: which nation's CA issued one, whether it is valid now and not revoked, and the
 * person it names. The TLS handshake already checked the chain against the same CA bundles; this
 * checks again per request (the revocation list may have changed since the connection was opened) and
 * maps the certificate to a name under its nation's rule. The revocation list is re-read when its file
 * changes; one that cannot be read or whose signature no configured CA verifies refuses every
 * certificate until it is fixed (fail closed). Thread-safe.
 */
public final class ClientCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCertificates.class);

    /** A person a certificate names, under its nation's CA. */
    public record Named(String name, String nation, String subject, String issuer) {}

    private record Ca(Config.ClientCa rule, X509Certificate cert) {}

    private final List<Ca> cas = new ArrayList<>();
    // a signature check per request would cost as much as a token's: remember which CA signed a certificate
    private final com.github.benmanes.caffeine.cache.Cache<X509Certificate, Ca> signedBy =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).build();
    private final Path crlFile; // may be null
    private volatile FileTime crlRead;
    private volatile Optional<X509CRL> crl = Optional.empty();
    private volatile boolean crlUnusable;

    public ClientCertificates(List<Config.ClientCa> clients, Path base, Optional<String> crl) throws IOException {
        for (Config.ClientCa c : clients) {
            for (X509Certificate cert : certificates(base.resolve(c.ca()))) {
                cas.add(new Ca(c, cert));
            }
        }
        this.crlFile = crl.map(base::resolve).orElse(null);
        if (crlFile != null) {
            reloadCrl();
            if (crlUnusable) {
                throw new IOException("server.tls.crl: " + crlFile + " is not a revocation list signed by a configured CA");
            }
        }
    }

    /** Every CA certificate, as the trust store of the TLS handshake. */
    public KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Ca ca : cas) {
            ks.setCertificateEntry(ca.rule().nation() + "-" + i++, ca.cert());
        }
        return ks;
    }

    /** The person a presented chain (leaf first) names. */
    public Named identify(X509Certificate[] chain) throws AuthException {
        if (chain == null || chain.length == 0) {
            throw new AuthException(Failure.MISSING, "certificate.missing", "no client certificate");
        }
        X509Certificate leaf = chain[0];
        Ca issuer = signedBy.getIfPresent(leaf);
        for (Ca ca : issuer != null ? List.<Ca>of() : cas) {
            if (ca.cert().getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                try {
                    leaf.verify(ca.cert().getPublicKey());
                    issuer = ca;
                    signedBy.put(leaf, ca);
                    break;
                } catch (GeneralSecurityException e) {
                    // the same name, another key: try the next one
                }
            }
        }
        if (issuer == null) {
            throw new AuthException(Failure.INVALID, "certificate.untrusted", "the certificate is not issued by a configured CA");
        }
        try {
            leaf.checkValidity(new Date());
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new AuthException(Failure.INVALID, "certificate.expired", "the certificate is not valid now");
        }
        reloadCrlIfChanged();
        if (crlUnusable) {
            throw new AuthException(Failure.INVALID, "certificate.crl-unusable", "the revocation list cannot be used");
        }
        if (crl.isPresent() && crl.get().getIssuerX500Principal().equals(leaf.getIssuerX500Principal())
                && crl.get().isRevoked(leaf)) {
            throw new AuthException(Failure.INVALID, "certificate.revoked", "the certificate is revoked");
        }
        String name = name(leaf, issuer.rule());
        return new Named(name, issuer.rule().nation(), leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName());
    }

    private static String name(X509Certificate cert, Config.ClientCa rule) throws AuthException {
        try {
            if (rule.name().equals("cn")) {
                for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        return rdn.getValue().toString();
                    }
                }
            } else {
                int type = switch (rule.name()) {
                    case "email" -> 1;
                    case "dns" -> 2;
                    default -> 6;
                };
                Collection<List<?>> sans = cert.getSubjectAlternativeNames();
                for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                    if (((Integer) san.get(0)) == type) {
                        String v = san.get(1).toString();
                        if (type != 6) {
                            return v;
                        }
                        if (v.startsWith(rule.uriPrefix()) && v.length() > rule.uriPrefix().length()) {
                            return v.substring(rule.uriPrefix().length());
                        }
                    }
                }
            }
        } catch (InvalidNameException | java.security.cert.CertificateParsingException e) {
            throw new AuthException(Failure.INVALID, "certificate.name", "the certificate's name cannot be read");
        }
        throw new AuthException(Failure.INVALID, "certificate.name", "the certificate has no " + rule.name() + " name");
    }

    private void reloadCrlIfChanged() {
        if (crlFile == null) {
            return;
        }
        try {
            FileTime t = Files.getLastModifiedTime(crlFile);
            if (!t.equals(crlRead)) {
                reloadCrl();
            }
        } catch (IOException e) {
            markUnusable(e.getMessage());
        }
    }

    private synchronized void reloadCrl() {
        try {
            FileTime t = Files.getLastModifiedTime(crlFile);
            X509CRL read;
            try (InputStream in = Files.newInputStream(crlFile)) {
                read = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            }
            boolean verified = false;
            for (Ca ca : cas) {
                if (ca.cert().getSubjectX500Principal().equals(read.getIssuerX500Principal())) {
                    try {
                        read.verify(ca.cert().getPublicKey());
                        verified = true;
                        break;
                    } catch (GeneralSecurityException e) {
                        // try the next CA of that name
                    }
                }
            }
            if (!verified) {
                markUnusable("no configured CA signed it");
                crlRead = t;
                return;
            }
            crl = Optional.of(read);
            crlUnusable = false;
            crlRead = t;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            markUnusable(e.getMessage());
        }
    }

    private void markUnusable(String why) {
        if (!crlUnusable) {
            LOG.error("the revocation list {} cannot be used ({}): client certificates are refused", crlFile, why);
        }
        crlUnusable = true;
    }

    static List<X509Certificate> certificates(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IOException(pem + " holds no certificate");
            }
            return out;
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
    }
}
