package io.tearline.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.db.DataDir;
import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** The command line run in-process for the command tests: exit code and captured output, and a demo data directory. */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {}

    /** One run: its exit code, what it wrote to standard output (lines end in \n) and to standard error. */
    record Run(int exit, String out, String err) {
        String[] lines() {
            return out.isEmpty() ? new String[0] : out.split("\n", -1);
        }

        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out, e);
            }
        }
    }

    /** Runs {@code tearline args...} through picocli's writers. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString().replace(System.lineSeparator(), "\n"), err.toString());
    }

    /** The demo data directory at {@code root} with the scenario's reports loaded; returns its configuration. */
    static Config demoWithReports(Path root) throws Exception {
        DataDir dir = new DataDir(root);
        Config c = Demo.prepare(dir, 0);
        try (Tearline t = Tearline.open(c, dir)) {
            Demo.loadReports(t, TearlineServer.create(t));
        }
        return c;
    }
}
