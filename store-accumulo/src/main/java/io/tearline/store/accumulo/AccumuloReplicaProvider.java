package io.tearline.store.accumulo;

import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.MarkingCompiler;
import io.tearline.access.Membership;
import io.tearline.markings.Markings;
import io.tearline.store.Replica;
import io.tearline.store.ReplicaProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.apache.accumulo.core.client.Accumulo;
import org.apache.accumulo.core.client.AccumuloClient;

/**
 * Opens {@code accumulo://INSTANCE?zookeepers=HOST:PORT[,HOST:PORT...][&prefix=P]} as the store's
 * replica (tables {@code <prefix>reports}, {@code shards}, {@code terms}; prefix {@value #DEFAULT_PREFIX}
 * unless given).
 */
public final class AccumuloReplicaProvider implements ReplicaProvider {

    static final String DEFAULT_PREFIX = "tearline_";

    /** The parts of a replica URL. */
    record Target(String instance, String zookeepers, String prefix, Optional<Path> bulk) {}

    @Override
    public String scheme() {
        return "accumulo";
    }

    @Override
    public Replica open(String url, String user, String password, Markings markings) {
        Target t = parse(url);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("store.user: an Accumulo user is required with " + url);
        }
        AccumuloClient client;
        try {
            client = Accumulo.newClient().to(t.instance(), t.zookeepers()).as(user, password).build();
            client.securityOperations().getUserAuthorizations(user); // fails now on bad credentials, not at a read
        } catch (Exception e) {
            throw new IllegalStateException("store.url: cannot reach Accumulo instance " + t.instance() + " at "
                    + t.zookeepers() + " as " + user + ": " + e.getClass().getSimpleName(), e);
        }
        try {
            MarkingCompiler compiler = new MarkingCompiler(
                    new DecisionEngine(Membership.of(markings.register()), Equivalence.of(markings.register())));
            return new AccumuloReplica(client, new AccumuloReports(client, t.prefix(), markings, compiler), t.bulk());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The instance, ZooKeeper hosts and table prefix of a URL; a precise error for anything else. */
    static Target parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("store.url: not a URL: " + e.getMessage());
        }
        if (!"accumulo".equals(u.getScheme()) || u.getHost() == null && u.getAuthority() == null) {
            throw new IllegalArgumentException("store.url: expected accumulo://INSTANCE?zookeepers=HOST:2181, not " + url);
        }
        String instance = u.getAuthority();
        Map<String, String> query = new LinkedHashMap<>();
        if (u.getRawQuery() != null) {
            for (String kv : u.getRawQuery().split("&")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("store.url: a query parameter without a value: " + kv);
                }
                query.put(kv.substring(0, eq), java.net.URLDecoder.decode(kv.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        for (String k : query.keySet()) {
            if (!List.of("zookeepers", "prefix", "bulk").contains(k)) {
                throw new IllegalArgumentException("store.url: unknown parameter " + k + " (zookeepers, prefix, bulk)");
            }
        }
        String zookeepers = query.getOrDefault("zookeepers", "");
        if (zookeepers.isEmpty()) {
            throw new IllegalArgumentException("store.url: zookeepers=HOST:PORT is required, in " + url);
        }
        String prefix = query.getOrDefault("prefix", DEFAULT_PREFIX);
        if (!prefix.matches("[A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("store.url: prefix may hold letters, digits and _ only: " + prefix);
        }
        Optional<Path> bulk = Optional.ofNullable(query.get("bulk")).map(Path::of);
        if (bulk.isPresent() && !bulk.get().isAbsolute()) {
            throw new IllegalArgumentException("store.url: bulk must be an absolute directory the tablet servers can read: " + bulk.get());
        }
        return new Target(instance, zookeepers, prefix, bulk);
    }
}
