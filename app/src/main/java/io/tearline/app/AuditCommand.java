package io.tearline.app;

import io.tearline.audit.AuditException;
import io.tearline.audit.AuditStorageException;
import io.tearline.audit.LogVerifier;
import io.tearline.audit.Verification;
import io.tearline.audit.VerifierKey;
import io.tearline.audit.Witness;
import io.tearline.db.DataDir;
import io.tearline.db.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tearline audit ...}: check the transparency log from outside the running service. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify the audit log, or witness a running log's checkpoints.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.WitnessRound.class})
public final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /** Re-verifies a stored log: every leaf, every checkpoint, every opening. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Re-verify the stored audit log: re-hash every entry, rebuild the RFC 9162 tree, check every "
                    + "stored checkpoint's signature and that the tree reproduces it, and check every opening.",
                "Reads only; run it while the server is stopped (the embedded store allows one process).",
                "Exit status: 0 when the log verifies, 1 when it does not (the first bad index is named), 2 for usage errors, "
                        + "4 when there is no store, 7 when a running server holds it, 8 for an unreadable key."})
    static final class Verify implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "./tearline-data",
                description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--key", paramLabel = "KEYFILE",
                description = "Verifier key to check checkpoints with (default: the one in DIR/keys). Give the key you "
                        + "pinned to distrust the data directory's own copy.")
        Optional<Path> key;

        @Option(names = "--jdbc-url", paramLabel = "URL",
                description = "Verify the log in this database (e.g. PostgreSQL) instead of DIR's embedded store.")
        Optional<String> jdbcUrl;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Logging.quietForCommand();
            DataDir dir = new DataDir(data);
            String url;
            if (jdbcUrl.isPresent()) {
                url = jdbcUrl.get();
            } else {
                if (!Files.exists(dir.root().resolve("db").resolve("tearline.mv.db"))) {
                    throw new CliError(CliError.MISSING, "no embedded store in " + dir.root()
                            + " (expected db/tearline.mv.db; run ./tearline demo first, or pass --data DIR or --jdbc-url)");
                }
                // read-only, and never create a database that is not there
                url = dir.h2Url() + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
            }
            VerifierKey vk;
            Path keyFile = key.orElse(dir.keys().resolve("audit-ed25519.vkey"));
            try {
                vk = VerifierKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CliError(CliError.KEY, "cannot read the verifier key " + keyFile + ": " + CliError.describe(e), e);
            } catch (AuditException e) {
                throw new CliError(CliError.KEY, keyFile + " is not a verifier key: " + e.getMessage(), e);
            }
            Verification v;
            try (Database db = Database.open(url);
                 Progress progress = Progress.on(err, "audit verify", "entries", LogVerifier.entryCount(db))) {
                v = LogVerifier.verify(db, vk, progress);
                progress.finish(v.size());
            } catch (AuditStorageException e) {
                CliError known = CliError.classify(e);
                if (known != null && known.exit == CliError.LOCKED) {
                    throw known;
                }
                err.println("audit verify: " + CliError.oneLine(e.getMessage()));
                err.flush();
                return 1;
            }
            switch (v) {
                case Verification.Verified ok -> out.println("audit verify: OK: " + ok.size() + " entries, "
                        + ok.checkpoints() + " signed checkpoints, root " + ok.root() + " (key " + vk + ")");
                case Verification.Failed bad -> {
                    out.println("audit verify: FAILED: " + bad.size() + " entries, " + bad.checkpoints()
                            + " signed checkpoints, " + bad.problems().size() + " problems");
                    bad.problems().stream().limit(50).forEach(p -> out.println("  " + p));
                    if (bad.problems().size() > 50) {
                        out.println("  ... and " + (bad.problems().size() - 50) + " more");
                    }
                    out.println(bad.firstBadIndex().map(i -> "first bad index: " + i)
                            .orElse("entries intact; bad checkpoints listed above"));
                }
            }
            out.flush();
            return v instanceof Verification.Verified ? 0 : 1;
        }
    }

    /** One witnessing round against a running server. */
    @Command(name = "witness", mixinStandardHelpOptions = true,
            description = {"Hold a running log to one history: fetch its signed checkpoint, check the signature with "
                    + "the pinned verifier key, prove it consistent with the checkpoint remembered in the state file, "
                    + "then remember it. Run it periodically, as a partner nation.",
                "Exit status: 0 when the log is consistent with what was seen before, 1 on a fork, a rollback, a bad "
                        + "signature or an unreachable server (the state file is then left unchanged), 2 for usage errors, "
                        + "8 for an unreadable key."})
    static final class WitnessRound implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Base URL of the Tearline server.")
        URI url;

        @Option(names = "--key", required = true, paramLabel = "KEYFILE",
                description = "File holding the log's verifier key (name+keyid+base64key), as pinned.")
        Path key;

        @Option(names = "--state", required = true, paramLabel = "FILE",
                description = "Where the last verified checkpoint is kept (created on first use).")
        Path state;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token for the server's API.")
        Optional<String> token;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            VerifierKey vk;
            try {
                vk = VerifierKey.parse(Files.readString(key, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CliError(CliError.KEY, "cannot read the verifier key " + key + ": " + CliError.describe(e), e);
            } catch (AuditException e) {
                throw new CliError(CliError.KEY, key + " is not a verifier key: " + e.getMessage(), e);
            }
            Witness.Outcome o = new Witness(url, vk, state, token).run();
            if (o.ok()) {
                out.println("audit witness: OK: " + o.message());
                out.flush();
                return 0;
            }
            err.println("audit witness: REFUSED (" + ((Witness.Outcome.Refused) o).reason() + "): " + o.message());
            err.flush();
            return 1;
        }
    }
}
