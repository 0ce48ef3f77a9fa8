package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.TokenIssuer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline token USER}: a bearer token for a demo person, signed with the data directory's key. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a bearer token for a configured person (the demo's own issuer; works while the demo runs).")
final class TokenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "USER", description = "a person of the configuration's user directory")
    String user;

    @Mixin
    DataOption where;

    @Option(names = "--ttl", defaultValue = "PT1H", description = "lifetime, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration ttl;

    @Override
    public Integer call() throws Exception {
        Config c = where.load();
        if (c.user(user).isEmpty()) {
            System.err.println("no user '" + user + "' in " + where.configFile() + "; known: "
                    + String.join(", ", c.users().stream().map(Config.User::name).toList()));
            return 1;
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(c.auth().maxTokenLifetime()) > 0) {
            System.err.println("--ttl must be positive and at most auth.maxTokenLifetime (" + c.auth().maxTokenLifetime() + ")");
            return 2;
        }
        TokenIssuer issuer;
        try {
            issuer = TokenIssuer.openOrCreate(where.dataDir(c).keys(), c.auth());
        } catch (IOException | RuntimeException e) {
            throw new CliError(CliError.KEY, "cannot use the token signing key in " + where.dataDir(c).keys() + ": "
                    + e.getMessage(), e);
        }
        System.out.println(issuer.issue(user, ttl));
        return 0;
    }
}
