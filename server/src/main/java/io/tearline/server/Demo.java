package io.tearline.server;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tearline.access.Principal;
import io.tearline.server.internal.DemoIdentityProvider;
import io.tearline.server.internal.DisclosuresApi;
import io.tearline.server.internal.Json;
import io.tearline.server.internal.ReportsApi;
import io.tearline.db.DataDir;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The demo of spec/SCENARIO.md: a data directory with the EXERCISE alliance's configuration and token
 * key, and the demo reports R1-R8 loaded through the same validated, audited path as the API.
 * Running it again changes nothing that is already there.
 */
public final class Demo {

    private static final String CONFIG = "/io/tearline/server/demo/tearline.yaml";
    private static final String REPORTS = "/io/tearline/server/demo/reports.yaml";
    private static final String FEDERATION = "/io/tearline/server/demo/federation.yaml";

    private Demo() {}

    /** A demo report as written in the bundled reports file. */
    public record DemoReport(String key, String owner, String author, String originator, List<String> disseminationList,
                             ReportsApi.PortionIn title, List<ReportsApi.PortionIn> portions) {}

    /**
     * Creates the data directory, its configuration (the bundled demo file, on first use) and the token
     * key; returns the configuration to serve, listening on {@code port}.
     */
    public static Config prepare(DataDir dir, int port) throws IOException {
        Files.createDirectories(dir.root());
        if (!Files.exists(dir.config())) {
            try (InputStream in = Demo.class.getResourceAsStream(CONFIG)) {
                Path tmp = Files.createTempFile(dir.root(), ".tearline", ".yaml");
                Files.write(tmp, in.readAllBytes());
                Files.move(tmp, dir.config(), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Config c = Config.load(dir.config());
        TokenIssuer.openOrCreate(dir.keys(), c.auth());
        return c.withServer(new Config.Server(c.server().host(), port, c.server().maxBodyBytes(),
                c.server().idleTimeout(), c.server().receiveTimeout(), c.server().logFormat(), c.server().tls()));
    }

    /** Where a nation's demo issuer keeps its key, under the data directory's keys. */
    public static Path issuerKeys(DataDir dir, String nation) {
        return dir.keys().resolve("issuers").resolve(nation);
    }

    /** The {@code iss} of a nation's demo issuer. */
    public static String issuerName(String nation) {
        return "https://idp." + nation.toLowerCase(java.util.Locale.ROOT) + ".tearline.example/demo";
    }

    /** A nation's demo issuer (its key created on first use), issuing for {@code config}'s audience. */
    public static TokenIssuer nationIssuer(DataDir dir, Config config, String nation) throws IOException {
        if (!nation.matches("[A-Z]{3}")) {
            throw new IOException("a nation is an ISO 3166 trigraph, not '" + nation + "'");
        }
        Config.Auth a = config.auth();
        return TokenIssuer.openOrCreate(issuerKeys(dir, nation), new Config.Auth(issuerName(nation), a.audience(), null,
                a.algorithms(), a.clockSkewSeconds(), a.maxTokenLifetime()));
    }

    /**
     * The federated demo: one local issuer per nation of the bundled {@code federation.yaml}, each
     * trusted only for its own nation's people, beside the demo's own issuer.
     */
    public static Config federate(DataDir dir, Config config) throws IOException {
        Config.Federation bundled;
        try (InputStream in = Demo.class.getResourceAsStream(FEDERATION)) {
            bundled = Json.YAML.readValue(in.readAllBytes(), Config.Federation.class);
        }
        List<Config.NationTrust> nations = new java.util.ArrayList<>();
        for (Config.NationTrust n : bundled.nations()) {
            nationIssuer(dir, config, n.nation());
            Path jwks = dir.root().toAbsolutePath().relativize(issuerKeys(dir, n.nation()).resolve(TokenIssuer.JWKS).toAbsolutePath());
            nations.add(new Config.NationTrust(n.nation(), n.maxClearance(), n.accesses(), n.roles(),
                    List.of(new Config.Provider(issuerName(n.nation()), null, jwks.toString(), null, null,
                            new Config.Login(DemoIdentityProvider.PATH + n.nation() + "/authorize",
                                    DemoIdentityProvider.PATH + n.nation() + "/token", DemoIdentityProvider.CLIENT)))));
        }
        return config.withFederation(new Config.Federation(nations, bundled.keyCacheTtl(), bundled.minRefreshInterval()));
    }

    /** The bundled demo reports. */
    public static List<DemoReport> reports() throws IOException {
        try (InputStream in = Demo.class.getResourceAsStream(REPORTS)) {
            return Json.YAML.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), new TypeReference<>() {});
        }
    }

    /** Loads the demo reports not loaded yet; returns how many were added. */
    public static int loadReports(Tearline t, TearlineServer server) throws IOException {
        Set<String> loaded = t.store().sourceKeys().keySet();
        int added = 0;
        for (DemoReport r : reports()) {
            if (loaded.contains(r.key())) {
                continue;
            }
            Principal author = t.users().principal(r.author())
                    .orElseThrow(() -> new IOException("demo report " + r.key() + ": no user " + r.author()));
            server.reportsApi().create(author, new ReportsApi.ReportIn(r.title(), r.portions(), r.owner(),
                    r.originator(), r.disseminationList()), Optional.of(r.key()));
            added++;
        }
        if (!loaded.contains(PENDING_REQUEST)) {
            // SCENARIO.md "Release": ava's pending request to release R1 portion 3 to JPN
            Principal ava = t.users().principal("ava").orElseThrow(() -> new IOException("the demo needs the user ava"));
            String r1 = t.store().sourceKeys().get("R1");
            if (r1 != null) {
                server.disclosuresApi().create(ava, new DisclosuresApi.RequestIn(r1, List.of("JPN"), List.of(3),
                        "EXERCISE trilateral coordination", List.of(), List.of()), Optional.of(PENDING_REQUEST));
            }
        }
        return added;
    }

    /** The source key of the demo's pending disclosure request. */
    private static final String PENDING_REQUEST = "D1";
}
