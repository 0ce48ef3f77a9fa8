package io.tearline.app;

import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.TokenIssuer;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tearline token USER [--issuer NATION]}: a bearer token for a demo person, signed with the data
 * directory's key, or by a nation's local issuer of the federated demo (with the person's attributes as
 * claims). A nation's issuer refuses nothing itself: asked for another nation's person, it signs, and the
 * server refuses the token.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a bearer token for a configured person (the demo's own issuer, or --issuer NATION's in the federated demo).")
final class TokenCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "USER", description = "a person of the configuration's user directory")
    String user;

    @Mixin
    DataOption where;

    @Option(names = "--ttl", defaultValue = "PT1H", description = "lifetime, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration ttl;

    @Option(names = "--issuer", paramLabel = "NATION",
            description = "sign as this nation's local identity provider (./tearline demo --federated), claims included")
    String issuer;

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
        try {
            if (issuer != null) {
                System.out.println(Demo.nationIssuer(where.dataDir(c), c, issuer).issueClaims(c.user(user).orElseThrow(), ttl));
                return 0;
            }
            System.out.println(TokenIssuer.openOrCreate(where.dataDir(c).keys(), c.auth()).issue(user, ttl));
        } catch (IOException | RuntimeException e) {
            throw new CliError(CliError.KEY, "cannot use the token signing key in " + where.dataDir(c).keys() + ": "
                    + e.getMessage(), e);
        }
        return 0;
    }
}
