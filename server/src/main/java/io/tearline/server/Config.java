package io.tearline.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tearline.access.Clearance;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.Assessment;
import io.tearline.alliance.Community;
import io.tearline.alliance.Control;
import io.tearline.alliance.Nation;
import io.tearline.alliance.Status;
import io.tearline.markings.Level;
import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one configuration file, {@code tearline.yaml}. Every field has a default that runs the demo;
 * unknown fields are refused so that a typo never silently falls back to a default.
 *
 * @param data     the data directory (database, index, keys), relative to the file's directory
 * @param server   where to listen and how much to accept
 * @param store    the JDBC store; an empty url means the embedded H2 database in the data directory;
 *                 its password may come from the environment or a file (see {@link Store})
 * @param auth     how bearer tokens are verified
 * @param audit    the audit log's origin name and the operating nation, whose auditors read every entry
 * @param users    the user directory: a token names a user, the directory gives their attributes
 * @param alliance the initial alliance (nations, controls, communities, assessments); later changes
 *                 made through the API are kept in the store and win over this section
 * @param guard    the release guard's configuration (its dirty-word terms)
 * @param federation per nation, the identity providers it vouches through and what the alliance accepts
 *                   from it (none: only {@code auth}'s issuer and the user directory)
 * @param lockout  how repeated authentication failures from one address or for one subject are slowed
 *                 and then refused
 */
public record Config(String data, Server server, Store store, Auth auth, Audit audit, List<User> users,
                     AllianceSection alliance, Guard guard, Federation federation, Lockout lockout) {

    public Config {
        data = data == null ? "tearline-data" : data;
        server = server == null ? new Server(null, null, null) : server;
        store = store == null ? new Store(null, null, null, null, null, null) : store;
        auth = auth == null ? new Auth(null, null, null, null, null) : auth;
        audit = audit == null ? new Audit(null, null) : audit;
        users = users == null ? List.of() : List.copyOf(users);
        alliance = alliance == null ? new AllianceSection(null, null, null, null) : alliance;
        guard = guard == null ? new Guard(null, null) : guard;
        federation = federation == null ? new Federation(null, null, null) : federation;
        lockout = lockout == null ? new Lockout(null, null, null, null, null, null) : lockout;
    }

    public Config(String data, Server server, Store store, Auth auth, Audit audit, List<User> users,
                  AllianceSection alliance) {
        this(data, server, store, auth, audit, users, alliance, null, null, null);
    }

    /** A configuration with a {@code guard} section and no federation. */
    public Config(String data, Server server, Store store, Auth auth, Audit audit, List<User> users,
                  AllianceSection alliance, Guard guard) {
        this(data, server, store, auth, audit, users, alliance, guard, null, null);
    }

    /** A configuration without a {@code guard} section (the guard then has no dirty-word terms). */
    public Config(String data, Server server, Store store, Auth auth, Audit audit, List<User> users,
                  AllianceSection alliance, Federation federation, Lockout lockout) {
        this(data, server, store, auth, audit, users, alliance, null, federation, lockout);
    }

    /** This configuration with another {@code server} section. */
    public Config withServer(Server s) {
        return new Config(data, s, store, auth, audit, users, alliance, guard, federation, lockout);
    }

    /** This configuration with another {@code store} section. */
    public Config withStore(Store s) {
        return new Config(data, server, s, auth, audit, users, alliance, guard, federation, lockout);
    }

    /** This configuration with another {@code federation} section. */
    public Config withFederation(Federation f) {
        return new Config(data, server, store, auth, audit, users, alliance, guard, f, lockout);
    }

    /** This configuration with another {@code lockout} section. */
    public Config withLockout(Lockout l) {
        return new Config(data, server, store, auth, audit, users, alliance, guard, federation, l);
    }

    /**
     * The release guard. {@code terms} are the dirty words no release may carry, whatever its target;
     * {@code nations} adds terms per target nation (trigraph). A term is one or more words, matched as
     * whole words, case-insensitively, after the guard's Unicode normalisation (so look-alike letters
     * and zero-width characters do not hide it); a multi-word term matches across any spacing.
     */
    public record Guard(List<String> terms, Map<String, List<String>> nations) {
        public Guard {
            terms = terms == null ? List.of() : List.copyOf(terms);
            nations = nations == null ? Map.of() : Map.copyOf(nations);
            for (String t : terms) {
                requireTerm(t, "guard.terms");
            }
            for (Map.Entry<String, List<String>> e : nations.entrySet()) {
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("guard.nations." + e.getKey() + ": a list of terms is required");
                }
                for (String t : e.getValue()) {
                    requireTerm(t, "guard.nations." + e.getKey());
                }
            }
            Map<String, List<String>> copy = new java.util.TreeMap<>();
            nations.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            nations = java.util.Collections.unmodifiableMap(copy);
        }

        /** The terms for a release to {@code nation}: the global ones and that nation's. */
        public List<String> termsFor(String nation) {
            List<String> out = new java.util.ArrayList<>(terms);
            out.addAll(nations.getOrDefault(nation, List.of()));
            return out;
        }

        private static void requireTerm(String t, String where) {
            if (t == null || io.tearline.store.TextWords.words(t).isEmpty()) {
                throw new IllegalArgumentException(where + ": the term '" + t + "' has no letters or digits");
            }
        }
    }

    /**
     * @param idleTimeout    a connection that sends and receives nothing for this long is closed
     * @param receiveTimeout the longest a request may take to arrive, headers and body: a slow sender
     *                       (a header line every few seconds) is dropped once it is over
     * @param logFormat      {@code text} (the default: one line per event for people) or {@code json} (one
     *                       JSON object per line); the command line's {@code --log-format} wins over it
     * @param tls            HTTPS and, optionally, client certificates; none: plain HTTP
     */
    public record Server(String host, Integer port, Long maxBodyBytes, Duration idleTimeout, Duration receiveTimeout,
                         String logFormat, Tls tls) {
        public Server {
            host = host == null ? "127.0.0.1" : host;
            port = Objects.requireNonNullElse(port, 8080);
            maxBodyBytes = Objects.requireNonNullElse(maxBodyBytes, 1_048_576L);
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
            receiveTimeout = receiveTimeout == null ? Duration.ofSeconds(10) : receiveTimeout;
            if (idleTimeout.isNegative() || idleTimeout.isZero() || receiveTimeout.isNegative() || receiveTimeout.isZero()) {
                throw new IllegalArgumentException("server.idleTimeout and server.receiveTimeout must be positive");
            }
            logFormat = logFormat == null ? "text" : logFormat;
            if (!logFormat.equals("text") && !logFormat.equals("json")) {
                throw new IllegalArgumentException("server.logFormat must be text or json, not " + logFormat);
            }
        }

        public Server(String host, Integer port, Long maxBodyBytes, Duration idleTimeout, Duration receiveTimeout) {
            this(host, port, maxBodyBytes, idleTimeout, receiveTimeout, null, null);
        }

        public Server(String host, Integer port, Long maxBodyBytes, Duration idleTimeout, Duration receiveTimeout,
                      String logFormat) {
            this(host, port, maxBodyBytes, idleTimeout, receiveTimeout, logFormat, null);
        }

        public Server(String host, Integer port, Long maxBodyBytes, Duration idleTimeout, Duration receiveTimeout,
                      Tls tls) {
            this(host, port, maxBodyBytes, idleTimeout, receiveTimeout, null, tls);
        }

        public Server(String host, Integer port, Long maxBodyBytes) {
            this(host, port, maxBodyBytes, null, null, null, null);
        }

        public Optional<Tls> tlsIfAny() {
            return Optional.ofNullable(tls);
        }
    }

    /**
     * HTTPS on the server's port. Files are PEM, relative to the data directory.
     *
     * @param key         the server's private key (PKCS#8, {@code BEGIN PRIVATE KEY})
     * @param certificate the server's certificate chain, leaf first
     * @param clientAuth  {@code none}, {@code want} (a certificate is asked for; a request may still come
     *                    with a bearer token alone) or {@code need} (no connection without one)
     * @param clients     per nation, the CA bundle its people's certificates chain to, and the rule that
     *                    names the person
     * @param crl         a certificate revocation list (PEM or DER) that applies to every client
     *                    certificate; re-read when the file changes
     */
    public record Tls(String key, String certificate, String clientAuth, List<ClientCa> clients, String crl) {
        public Tls {
            if (key == null || certificate == null) {
                throw new IllegalArgumentException("server.tls needs key and certificate (PEM files)");
            }
            clientAuth = clientAuth == null ? (clients == null || clients.isEmpty() ? "none" : "need") : clientAuth;
            if (!Set.of("none", "want", "need").contains(clientAuth)) {
                throw new IllegalArgumentException("server.tls.clientAuth: none, want or need, not '" + clientAuth + "'");
            }
            clients = clients == null ? List.of() : List.copyOf(clients);
            if (!clientAuth.equals("none") && clients.isEmpty()) {
                throw new IllegalArgumentException("server.tls.clientAuth " + clientAuth + " needs server.tls.clients (a CA per nation)");
            }
        }

        public boolean mutual() {
            return !clientAuth.equals("none");
        }
    }

    /**
     * The certificates one nation vouches for.
     *
     * @param nation the nation (ISO 3166 trigraph) whose CA this is: its certificates name only its people
     * @param ca     the PEM bundle of the nation's CA certificates
     * @param name   where the person's name is: {@code cn} (the subject's common name, the default),
     *               {@code email} (the rfc822Name SAN), {@code uri} (a URI SAN; {@code uriPrefix} is removed)
     *               or {@code dns} (a dNSName SAN)
     * @param uriPrefix for {@code name: uri}: the prefix a URI SAN must start with, removed to give the name
     */
    public record ClientCa(String nation, String ca, String name, String uriPrefix) {
        public ClientCa {
            if (nation == null || !nation.matches("[A-Z]{3}") || ca == null) {
                throw new IllegalArgumentException("server.tls.clients: each needs a nation (trigraph) and a ca file");
            }
            name = name == null ? "cn" : name;
            if (!Set.of("cn", "email", "uri", "dns").contains(name)) {
                throw new IllegalArgumentException("server.tls.clients." + nation + ".name: cn, email, uri or dns, not '" + name + "'");
            }
            uriPrefix = uriPrefix == null ? "" : uriPrefix;
        }
    }

    /**
     * Federated identity: each nation's people are vouched for by the nation's own providers.
     *
     * @param nations          per nation, its providers and what the alliance accepts from it
     * @param keyCacheTtl      how long a provider's key set is used before it is fetched again
     * @param minRefreshInterval a token naming a key the cached set lacks makes the set be fetched again,
     *                         at most this often per provider (never a fetch per request)
     */
    public record Federation(List<NationTrust> nations, Duration keyCacheTtl, Duration minRefreshInterval) {
        public Federation {
            nations = nations == null ? List.of() : List.copyOf(nations);
            keyCacheTtl = keyCacheTtl == null ? Duration.ofMinutes(15) : keyCacheTtl;
            minRefreshInterval = minRefreshInterval == null ? Duration.ofSeconds(30) : minRefreshInterval;
            if (keyCacheTtl.isNegative() || keyCacheTtl.isZero() || minRefreshInterval.isNegative()) {
                throw new IllegalArgumentException("federation.keyCacheTtl must be positive and minRefreshInterval not negative");
            }
        }
    }

    /**
     * What the alliance accepts from one nation's identity providers.
     *
     * @param nation       ISO 3166 trigraph: the only nationality its providers may assert
     * @param maxClearance the highest clearance accepted from it; a higher one is lowered to this
     * @param accesses     the accesses it may grant; others it asserts are dropped
     * @param roles        the Tearline roles it may grant (default: analyst); others are dropped
     * @param providers    its identity providers
     */
    public record NationTrust(String nation, String maxClearance, List<String> accesses, List<String> roles,
                              List<Provider> providers) {
        public NationTrust {
            if (nation == null || !nation.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("federation.nations: each needs a nation (ISO 3166 trigraph)");
            }
            maxClearance = maxClearance == null ? "NONE" : maxClearance;
            accesses = accesses == null ? List.of() : List.copyOf(accesses);
            roles = roles == null ? List.of("analyst") : List.copyOf(roles);
            providers = providers == null ? List.of() : List.copyOf(providers);
        }
    }

    /**
     * One identity provider.
     *
     * @param issuer    the {@code iss} its tokens carry
     * @param audience  the {@code aud} they must carry (default: {@code auth.audience})
     * @param jwks      its key set: a file (relative to the data directory) or an http(s) URL
     * @param discovery instead of {@code jwks}: its OpenID discovery document's URL, whose
     *                  {@code jwks_uri} is followed
     * @param claims    claim names, where a provider uses its own
     * @param login     optional: its OAuth 2.0 authorization-code endpoints, for the web application's
     *                  sign-in (with PKCE)
     */
    public record Provider(String issuer, String audience, String jwks, String discovery, ClaimNames claims,
                           Login login) {
        public Provider {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("federation: every provider needs an issuer");
            }
            if ((jwks == null) == (discovery == null)) {
                throw new IllegalArgumentException("federation provider " + issuer + ": give either jwks or discovery");
            }
            claims = claims == null ? new ClaimNames(null, null, null, null, null, null) : claims;
        }

        /** A provider without a login for the web application. */
        public Provider(String issuer, String audience, String jwks, String discovery, ClaimNames claims) {
            this(issuer, audience, jwks, discovery, claims, null);
        }
    }

    /**
     * A provider's OAuth 2.0 authorization-code flow (RFC 6749 with PKCE, RFC 7636), as the web
     * application uses it: the browser is sent to {@code authorization} and exchanges the code at
     * {@code token}. Either is an absolute https URL, or a path on this server (the demo's issuers).
     *
     * @param authorization the authorization endpoint
     * @param token         the token endpoint
     * @param clientId      the web application's client id at the provider
     */
    public record Login(String authorization, String token, String clientId) {
        public Login {
            for (String u : new String[] {authorization, token}) {
                if (u == null || !(u.startsWith("https://") || u.startsWith("/"))) {
                    throw new IllegalArgumentException("federation provider login: authorization and token are https URLs or paths on this server");
                }
            }
            if (clientId == null || clientId.isBlank()) {
                throw new IllegalArgumentException("federation provider login: a clientId is required");
            }
        }
    }

    /** The claims a token's attributes are read from; the defaults are the names in README.md. */
    public record ClaimNames(String subject, String nationality, String clearance, String accesses, String orgs,
                             String roles) {
        public ClaimNames {
            subject = subject == null ? "sub" : subject;
            nationality = nationality == null ? "nationality" : nationality;
            clearance = clearance == null ? "clearance" : clearance;
            accesses = accesses == null ? "accesses" : accesses;
            orgs = orgs == null ? "org" : orgs;
            roles = roles == null ? "roles" : roles;
        }
    }

    /**
     * Repeated authentication failures, counted per source address and per subject a token names, over
     * {@code window}: after {@code slowAfter} each further refusal is answered {@code delayStep} later
     * per failure (at most {@code maxDelay}); after {@code refuseAfter} the address or subject is refused
     * with 429 for {@code lockFor}.
     */
    public record Lockout(Integer slowAfter, Integer refuseAfter, Duration window, Duration lockFor, Duration delayStep,
                          Duration maxDelay) {
        public Lockout {
            slowAfter = Objects.requireNonNullElse(slowAfter, 5);
            refuseAfter = Objects.requireNonNullElse(refuseAfter, 20);
            window = window == null ? Duration.ofMinutes(1) : window;
            lockFor = lockFor == null ? Duration.ofMinutes(5) : lockFor;
            delayStep = delayStep == null ? Duration.ofMillis(50) : delayStep;
            maxDelay = maxDelay == null ? Duration.ofSeconds(1) : maxDelay;
            if (slowAfter < 0 || refuseAfter < 1 || window.isNegative() || window.isZero() || lockFor.isNegative()
                    || lockFor.isZero() || delayStep.isNegative() || maxDelay.isNegative()) {
                throw new IllegalArgumentException("lockout: counts and durations must be positive");
            }
        }
    }

    /**
     * The database. The password (never logged, never shown by {@code toString}) comes from, in this
     * order: the environment variable {@value #PASSWORD_ENV}, the file named by
     * {@value #PASSWORD_FILE_ENV} or by {@code passwordFile} (relative to the data directory; its first
     * line), or {@code password} here.
     *
     * @param url                 empty for the embedded H2 database in the data directory, a
     *                            {@code jdbc:postgresql:} URL, or {@code accumulo://INSTANCE?zookeepers=HOST:2181}
     *                            for reports on Apache Accumulo (the ledger of writes, the audit log and
     *                            the alliance then stay in the embedded database; user and password are
     *                            Accumulo's)
     * @param user                the database user (empty: the URL's or the driver's default)
     * @param poolSize            connections in the one pool that the store and the audit log share
     * @param connectionTimeoutMs how long a unit of work waits for a connection before it fails
     */
    public record Store(String url, String user, String password, String passwordFile, Integer poolSize,
                        Long connectionTimeoutMs) {
        public static final String PASSWORD_ENV = "TEARLINE_STORE_PASSWORD";
        public static final String PASSWORD_FILE_ENV = "TEARLINE_STORE_PASSWORD_FILE";

        public Store {
            url = url == null ? "" : url;
            user = user == null ? "" : user;
            password = password == null ? "" : password;
            passwordFile = passwordFile == null ? "" : passwordFile;
            poolSize = Objects.requireNonNullElse(poolSize, Database.DEFAULT_POOL_SIZE);
            connectionTimeoutMs = Objects.requireNonNullElse(connectionTimeoutMs,
                    Database.DEFAULT_CONNECTION_TIMEOUT.toMillis());
            if (poolSize < 2) {
                throw new IllegalArgumentException("store.poolSize must be at least 2, not " + poolSize);
            }
            if (connectionTimeoutMs < 250) {
                throw new IllegalArgumentException("store.connectionTimeoutMs must be at least 250, not "
                        + connectionTimeoutMs);
            }
        }

        /** How to open the database of {@code dir}, with the password resolved from {@code env} or a file. */
        public Database.Settings settings(DataDir dir, Map<String, String> env) throws java.io.IOException {
            if (replicated()) { // the ledger, the audit log and the alliance stay in the embedded database
                return new Database.Settings(dir.h2Url(), "", "", poolSize, java.time.Duration.ofMillis(connectionTimeoutMs));
            }
            String jdbc = url.isEmpty() ? dir.h2Url() : url;
            return new Database.Settings(jdbc, user, password(dir, env), poolSize,
                    java.time.Duration.ofMillis(connectionTimeoutMs));
        }

        /** Whether {@code url} names a scale-out backend ({@code accumulo://...}) that serves readers. */
        public boolean replicated() {
            return io.tearline.store.ReplicaProvider.names(url);
        }

        String password(DataDir dir, Map<String, String> env) throws java.io.IOException {
            String fromEnv = env.get(PASSWORD_ENV);
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return fromEnv;
            }
            String file = env.getOrDefault(PASSWORD_FILE_ENV, "");
            if (file.isEmpty()) {
                file = passwordFile;
            }
            if (!file.isEmpty()) {
                Path p = dir.root().resolve(file);
                try {
                    List<String> lines = java.nio.file.Files.readAllLines(p);
                    return lines.isEmpty() ? "" : lines.get(0).strip();
                } catch (java.io.IOException e) {
                    // the message names the file, never its content
                    throw new java.io.IOException("store.passwordFile: cannot read " + p + ": "
                            + e.getClass().getSimpleName(), e);
                }
            }
            return password;
        }

        @Override
        public String toString() {
            return "Store[url=" + url.replaceAll("(?i)(password=)[^;&\\s]*", "$1***") + ", user=" + user
                    + ", password=" + (password.isEmpty() ? "" : "***") + ", passwordFile=" + passwordFile
                    + ", poolSize=" + poolSize + ", connectionTimeoutMs=" + connectionTimeoutMs + "]";
        }
    }

    /**
     * @param jwks             a JWKS file (relative to the data directory) or an https URL
     * @param maxTokenLifetime the longest a token may be valid for (exp - iat); a token without iat, or
     *                         valid for longer, is refused
     */
    public record Auth(String issuer, String audience, String jwks, List<String> algorithms, Integer clockSkewSeconds,
                       Duration maxTokenLifetime) {
        public Auth {
            issuer = issuer == null ? "https://tearline.example/demo" : issuer;
            audience = audience == null ? "tearline" : audience;
            jwks = jwks == null ? "keys/jwks.json" : jwks;
            algorithms = algorithms == null ? List.of("EdDSA", "ES256", "RS256") : List.copyOf(algorithms);
            clockSkewSeconds = Objects.requireNonNullElse(clockSkewSeconds, 60);
            maxTokenLifetime = maxTokenLifetime == null ? Duration.ofHours(12) : maxTokenLifetime;
            if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
                throw new IllegalArgumentException("auth.maxTokenLifetime must be positive");
            }
        }

        public Auth(String issuer, String audience, String jwks, List<String> algorithms, Integer clockSkewSeconds) {
            this(issuer, audience, jwks, algorithms, clockSkewSeconds, null);
        }
    }

    public record Audit(String origin, String operatorNation) {
        public Audit {
            origin = origin == null ? "tearline.example/audit" : origin;
            operatorNation = operatorNation == null ? "USA" : operatorNation;
        }
    }

    public record User(String name, String nation, String clearance, List<String> accesses, List<String> orgs,
                       List<String> roles) {
        public User {
            accesses = accesses == null ? List.of() : List.copyOf(accesses);
            orgs = orgs == null ? List.of() : List.copyOf(orgs);
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public record AllianceSection(List<Nation> nations, List<Control> controls, List<CommunityEntry> communities,
                                  List<AssessmentEntry> assessments) {
        public AllianceSection {
            nations = nations == null ? List.of() : List.copyOf(nations);
            controls = controls == null ? List.of() : List.copyOf(controls);
            communities = communities == null ? List.of() : List.copyOf(communities);
            assessments = assessments == null ? List.of() : List.copyOf(assessments);
        }

        /** The alliance this section describes, validated as every API change is. */
        public Alliance toAlliance() {
            Alliance a = Alliance.empty();
            for (Nation n : nations) a = a.withNation(n);
            for (Control c : controls) a = a.withControl(c);
            for (CommunityEntry c : communities) a = a.withNewCommunity(c.toCommunity());
            for (AssessmentEntry e : assessments) {
                for (String control : e.controls()) {
                    a = a.withAssessment(new Assessment(e.nation(), control, e.status(), e.assessor(), e.evidence(),
                            e.assessedOn(), e.expiresOn()));
                }
            }
            return a;
        }
    }

    public record CommunityEntry(String id, String tetragraph, Set<String> members,
                                 @JsonProperty("coversUpTo") String coversUpTo, Set<String> requiredControls) {
        public Community toCommunity() {
            return new Community(id, Optional.ofNullable(tetragraph), members == null ? Set.of() : members,
                    Levels.parseUs(coversUpTo), requiredControls == null ? Set.of() : requiredControls);
        }
    }

    /** One assessment per listed control, with the same status, assessor, evidence and dates. */
    public record AssessmentEntry(String nation, List<String> controls, Status status, String assessor, String evidence,
                                  LocalDate assessedOn, LocalDate expiresOn) {
        public AssessmentEntry {
            controls = controls == null ? List.of() : List.copyOf(controls);
        }
    }

    /** Reads a configuration file; unknown fields and bad values are errors that name the line. */
    public static Config load(Path file) throws java.io.IOException {
        try {
            return io.tearline.server.internal.Json.YAML.readValue(file.toFile(), Config.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.IOException(file + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        }
    }

    /** The data directory, resolved against the directory of the configuration file. */
    public DataDir dataDir(Path configFile) {
        Path file = configFile.toAbsolutePath();
        Path parent = file.getParent();
        Path base = parent == null ? file : parent;
        return new DataDir(base.resolve(data));
    }

    public Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** Whether {@link Auth#jwks()} names a URL rather than a file. */
    public boolean jwksIsUrl() {
        return auth.jwks().startsWith("https://") || auth.jwks().startsWith("http://");
    }

    public URI jwksUri() {
        return URI.create(auth.jwks());
    }

    static Clearance clearance(User u) {
        return u.clearance() == null ? Clearance.NONE : Clearance.parse(u.clearance());
    }

    /** Level names as written in configuration and API bodies. */
    public static final class Levels {
        private Levels() {}

        public static Level parseUs(String s) {
            if (s == null) {
                throw new IllegalArgumentException("a level is required: CONFIDENTIAL, SECRET or TOP SECRET");
            }
            return switch (s.trim().toUpperCase(java.util.Locale.ROOT).replace('_', ' ')) {
                case "UNCLASSIFIED", "U" -> Level.UNCLASSIFIED;
                case "CONFIDENTIAL", "C" -> Level.CONFIDENTIAL;
                case "SECRET", "S" -> Level.SECRET;
                case "TOP SECRET", "TS" -> Level.TOP_SECRET;
                default -> throw new IllegalArgumentException("unknown level '" + s + "': use CONFIDENTIAL, SECRET or TOP SECRET");
            };
        }
    }
}
