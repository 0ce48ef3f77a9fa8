package io.tearline.app;

import static io.tearline.app.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tearline.app.Cli.Run;
import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TokenIssuer;
import io.tearline.db.DataDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Usage and environment errors answer one line on stderr and their own exit status, never a stack
 * trace; a bug answers one line with a hint to rerun with --debug.
 */
class CliErrorsTest {

    @TempDir
    static Path root;

    static DataDir demo;

    @BeforeAll
    static void prepare() throws Exception {
        demo = new DataDir(root.resolve("demo"));
        Demo.prepare(demo, 0);
    }

    /** Exactly one line on stderr, naming the command, and no trace of a stack. */
    static Run oneLine(Run r, int exit, String... contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err()).endsWith("\n");
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("tearline");
        if (contains.length > 0) {
            assertThat(r.err()).contains(contains);
        }
        return r;
    }

    @Test
    void aMissingDataDirectoryIsOneLineAndItsOwnStatus() {
        String missing = root.resolve("missing").toString();
        oneLine(run("token", "kenji", "--data", missing), CliError.MISSING, "tearline token: no data directory at " + missing);
        oneLine(run("audit", "verify", "--data", missing), CliError.MISSING, "tearline audit verify: no embedded store");
        oneLine(run("alliance", "status", "--data", missing), CliError.MISSING, "no data directory");
        oneLine(run("alliance", "what-if", "--admit", "JPN", "--to", "FVEY", "--data", missing), CliError.MISSING);
        oneLine(run("reindex", "--data", missing), CliError.MISSING, "no data directory");
        oneLine(run("serve", "--config", root.resolve("missing.yaml").toString()), CliError.MISSING, "no configuration at");
        assertThat(Files.exists(Path.of(missing))).isFalse();
        // next to it: the same command on a data directory that is there
        Run ok = run("token", "kenji", "--data", demo.root().toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.err()).isEmpty();
    }

    @Test
    void usageErrorsAreOneLineWithAPointerToTheHelp() {
        oneLine(run("token", "--bogus"), CliError.USAGE, "tearline token: ", "see 'tearline token --help'");
        oneLine(run("token"), CliError.USAGE, "USER");
        oneLine(run("token", "kenji", "--ttl", "soon", "--data", demo.root().toString()), CliError.USAGE, "--ttl");
        oneLine(run("audit", "verify", "--bogus"), CliError.USAGE, "tearline audit verify: ");
        oneLine(run("nonsense"), CliError.USAGE, "nonsense");
        oneLine(run("access", "check", "--nation", "USA", "(S)"), CliError.USAGE, "--clearance");
    }

    @Test
    void anUnreadableConfigurationIsOneLine() throws Exception {
        Path dir = Files.createDirectories(root.resolve("badconfig"));
        Files.writeString(dir.resolve("tearline.yaml"), "users: [ {name: kenji, nation: JPN\n  :: not yaml");
        oneLine(run("token", "kenji", "--data", dir.toString()), CliError.CONFIG, "cannot read the configuration");
        oneLine(run("alliance", "status", "--config", dir.resolve("tearline.yaml").toString()), CliError.CONFIG);
    }

    @Test
    void anUnreadableKeyFileIsOneLine() throws Exception {
        DataDir d = new DataDir(root.resolve("badkey"));
        Demo.prepare(d, 0);
        Files.createDirectories(d.keys());
        Files.writeString(d.keys().resolve(TokenIssuer.SIGNING_KEY), "{ not a key");
        oneLine(run("token", "kenji", "--data", d.root().toString()), CliError.KEY, "token signing key");
        // the verifier key of audit verify
        Run noKey = run("audit", "verify", "--data", d.root().toString(), "--jdbc-url", "jdbc:h2:mem:none",
                "--key", root.resolve("no-such.vkey").toString());
        oneLine(noKey, CliError.KEY, "cannot read the verifier key", "no such file");
    }

    @Test
    @SuppressWarnings("try") // `running` only holds the store for the length of the block
    void aStoreHeldByARunningServerIsOneLine() throws Exception {
        DataDir d = new DataDir(root.resolve("held"));
        Config c = Demo.prepare(d, 0);
        try (Tearline running = Tearline.open(c, d)) {
            oneLine(run("alliance", "status", "--data", d.root().toString()), CliError.LOCKED, "in use by another process");
            oneLine(run("reindex", "--data", d.root().toString()), CliError.LOCKED, "stop the running server");
        }
        // next to it: once the server is gone, the same command works
        Run ok = run("alliance", "status", "JPN", "--data", d.root().toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("demo", "--port", String.valueOf(taken.getLocalPort()), "--data", root.resolve("port").toString());
            oneLine(r, CliError.PORT_IN_USE, "tearline demo: cannot listen");
        }
    }

    @Test
    void aBugIsOneLineWithTheDebugHintAndTheTraceOnlyWhenAskedFor() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        CommandLine.ParseResult plain = cl.parseArgs("token", "kenji");
        int exit = CliError.execution(new IllegalStateException("broken invariant"), cl.getSubcommands().get("token"), plain);
        assertThat(exit).isEqualTo(CliError.INTERNAL);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .isEqualTo("tearline token: internal error: IllegalStateException: broken invariant "
                        + "(run with --debug or TEARLINE_DEBUG=1 to see the stack trace)");
        StringWriter traced = new StringWriter();
        cl.setErr(new PrintWriter(traced));
        CommandLine.ParseResult debug = cl.parseArgs("token", "kenji", "--debug");
        CliError.execution(new IllegalStateException("broken invariant"), cl.getSubcommands().get("token"), debug);
        assertThat(traced.toString()).contains("\tat ").startsWith("tearline token: internal error: IllegalStateException");
    }

    @Test
    void unquotedAuthorizationsWithAQuoteOrBackslashAreRefused() {
        Run quote = oneLine(run("access", "eval", "--auths", "A,a\"b", "A"), CliError.USAGE, "'a\"b'", "quote or a backslash");
        assertThat(quote.out()).isEmpty();
        oneLine(run("access", "eval", "--auths", "a\\b", "A"), CliError.USAGE, "'a\\b'");
        oneLine(run("access", "eval", "--auths", "x\"y\"", "A"), CliError.USAGE, "'x\"y\"'");
        // next to it: the same authorizations quoted, with Accumulo's escapes
        Run ok = run("access", "eval", "--auths", "A,\"a\\\"b\",\"a\\\\b\"", "\"a\\\"b\"", "\"a\\\\b\"", "\"a\\\"b\"&A");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("ACCESSIBLE\nACCESSIBLE\nACCESSIBLE\n");
    }
}
