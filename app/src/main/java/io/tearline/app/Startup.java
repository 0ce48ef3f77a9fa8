package io.tearline.app;

import io.tearline.audit.VerifierKey;
import io.tearline.server.Config;
import io.tearline.server.Tearline;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What an operator needs to know once the service listens, in a few lines; never a password. */
final class Startup {

    private static final Logger LOG = LoggerFactory.getLogger("tearline");
    /** {@code password=...} in a JDBC URL's query, and {@code user:password@} before a host. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private Startup() {}

    static void log(Tearline t, String url) {
        lines(t, url).forEach(LOG::info);
    }

    static List<String> lines(Tearline t, String url) {
        Config c = t.config();
        VerifierKey key = t.audit().verifierKey();
        return List.of(
                "Tearline listening on " + url + " (API docs " + url + "/api/docs, metrics " + url + "/metrics)",
                "data directory " + t.dataDir().root().toAbsolutePath().normalize(),
                "store " + store(c.store()),
                "audit log " + key.name() + ", key id " + key.keyIdHex() + ", " + t.audit().size() + " entries");
    }

    static String store(Config.Store s) {
        if (s.url().isEmpty()) {
            return "embedded H2 in the data directory";
        }
        String safe = USER_INFO.matcher(PASSWORD_PARAM.matcher(s.url()).replaceAll("$1***")).replaceAll("//$1:***@");
        return safe + (s.user().isEmpty() ? "" : " as " + s.user());
    }
}
