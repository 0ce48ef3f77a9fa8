package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store.user and store.password are honoured; the password may come from the environment or a file;
 * it appears in no log line, no error message and no {@code toString}.
 */
class StoreSecretsTest {

    static final String SECRET = "Pw-7f3c9e1a-not-for-logs";

    @TempDir
    Path root;

    private static Config with(Config base, Config.Store store) {
        return new Config(base.data(), base.server(), store, base.auth(), base.audit(), base.users(), base.alliance());
    }

    @Test
    void thePasswordComesFromTheEnvironmentThenAFileThenTheConfiguration() throws Exception {
        DataDir dir = new DataDir(root);
        Files.createDirectories(root);
        Files.writeString(root.resolve("db-password"), "from-file\n");
        Files.writeString(root.resolve("other-password"), "from-env-file\n");
        Config.Store inline = new Config.Store("", "tl", "from-config", null, null, null);
        Config.Store file = new Config.Store("", "tl", "from-config", "db-password", null, null);
        assertThat(inline.settings(dir, Map.of()).password()).isEqualTo("from-config");
        assertThat(file.settings(dir, Map.of()).password()).isEqualTo("from-file");
        assertThat(file.settings(dir, Map.of(Config.Store.PASSWORD_FILE_ENV, "other-password")).password())
                .isEqualTo("from-env-file");
        assertThat(file.settings(dir, Map.of(Config.Store.PASSWORD_ENV, "from-env",
                Config.Store.PASSWORD_FILE_ENV, "other-password")).password()).isEqualTo("from-env");
        assertThat(inline.settings(dir, Map.of()).user()).isEqualTo("tl");
        // a missing file is an error that names the file, not a silent fallback
        Config.Store missing = new Config.Store("", "tl", "from-config", "no-such-file", null, null);
        assertThat(catchThrowable(() -> missing.settings(dir, Map.of()))).hasMessageContaining("no-such-file");
    }

    @Test
    void toStringNeverShowsThePassword() {
        Config.Store s = new Config.Store("jdbc:postgresql://db.example/t?password=" + SECRET, "tl", SECRET, null, 6, null);
        Config c = with(new Config(null, null, null, null, null, null, null), s);
        assertThat(s.toString()).doesNotContain(SECRET).contains("tl").contains("poolSize=6");
        assertThat(c.toString()).doesNotContain(SECRET);
        assertThat(Database.Settings.of(s.url()).withCredentials("tl", SECRET).toString()).doesNotContain(SECRET);
    }

    @Test
    void userAndPasswordAreHonouredAndNeverShown() throws Exception {
        DataDir dir = new DataDir(root);
        Config demo = Demo.prepare(dir, 0);
        Config right = with(demo, new Config.Store("", "keeper", SECRET, null, null, null));
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Throwable wrongPassword;
        Throwable unreachable;
        // everything the libraries say while failing, down to DEBUG, is what must not hold the password
        ch.qos.logback.classic.Logger rootLogger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Level level = rootLogger.getLevel();
        try {
            rootLogger.setLevel(ch.qos.logback.classic.Level.DEBUG);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            // the embedded database is created with this user and password ...
            try (Tearline t = Tearline.open(right, dir)) {
                assertThat(t.store().database().reachable(java.time.Duration.ofSeconds(5))).isTrue();
            }
            // ... so a wrong password, or the default user, is refused
            Config wrong = with(demo, new Config.Store("", "keeper", "not-" + SECRET, null, null, 1_000L));
            wrongPassword = catchThrowable(() -> Tearline.open(wrong, dir).close());
            Config defaultUser = with(demo, new Config.Store("", "", "", null, null, 1_000L));
            Throwable noUser = catchThrowable(() -> Tearline.open(defaultUser, dir).close());
            assertThat(noUser).as("the default user may not open a database created for another").isNotNull();
            // a PostgreSQL that is not there: the error names neither the password nor the URL's password
            Config pg = with(demo, new Config.Store("jdbc:postgresql://127.0.0.1:1/none?password=" + SECRET,
                    "keeper", SECRET, null, null, 1_000L));
            unreachable = catchThrowable(() -> Tearline.open(pg, dir).close());
            // and it opens again with the right one, taken from a file this time
            Files.writeString(root.resolve("pw"), SECRET + "\n");
            try (Tearline t = Tearline.open(with(demo, new Config.Store("", "keeper", null, "pw", null, null)), dir)) {
                assertThat(t.store().database().reachable(java.time.Duration.ofSeconds(5))).isTrue();
            }
        } finally {
            System.setErr(saved);
            rootLogger.setLevel(level);
        }
        assertThat(wrongPassword).as("a wrong password is refused").isNotNull();
        assertThat(unreachable).as("an unreachable database fails the start").isNotNull();
        assertThat(everything(wrongPassword)).doesNotContain(SECRET);
        assertThat(everything(unreachable)).doesNotContain(SECRET);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("something was logged while failing").isNotBlank();
        assertThat(log).doesNotContain(SECRET);
    }

    /** Every message and stack trace in the cause chain. */
    private static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
