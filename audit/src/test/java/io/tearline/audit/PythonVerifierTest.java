package io.tearline.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our checkpoints, verifier key and proofs, checked by the independent Python verifier in
 * shared/checks/lib/tlog.py (RFC 9162 + C2SP signed note, with the `cryptography` package). Skipped,
 * saying why, where python3, cryptography or the shared/ folder is missing.
 */
class PythonVerifierTest {

    @TempDir
    Path dir;

    static Optional<Path> tlogLib() throws Exception {
        String prop = System.getProperty("tearline.shared");
        if (prop != null) {
            return Optional.of(Path.of(prop, "checks", "lib")).filter(p -> Files.exists(p.resolve("tlog.py")));
        }
        for (Path p = Path.of("").toAbsolutePath().toRealPath(); p != null; p = p.getParent()) {
            Path lib = p.resolve("shared/checks/lib");
            if (Files.exists(lib.resolve("tlog.py"))) {
                return Optional.of(lib);
            }
        }
        return Optional.empty();
    }

    static final String SCRIPT = """
            import base64, json, sys
            sys.path.insert(0, sys.argv[1])
            from tlog import verify_checkpoint, verify_inclusion, verify_consistency, leaf_hash
            d = json.load(open(sys.argv[2]))
            b = base64.b64decode
            n = 0
            roots = {}
            for note in d["notes"]:
                origin, size, root = verify_checkpoint(note, d["key"])
                assert origin == d["origin"], origin
                roots[size] = root
                n += 1
            try:
                verify_checkpoint(d["forged"], d["key"])
                raise SystemExit("forged note accepted")
            except SystemExit:
                raise
            except Exception:
                pass
            for p in d["inclusion"]:
                path = [b(h) for h in p["hashes"]]
                lh = leaf_hash(b(p["leaf"]))
                assert verify_inclusion(p["index"], p["size"], lh, path, roots[p["size"]]), p
                if path:
                    bad = list(path); bad[0] = bytes([bad[0][0] ^ 1]) + bad[0][1:]
                    assert not verify_inclusion(p["index"], p["size"], lh, bad, roots[p["size"]]), p
                n += 1
            for c in d["consistency"]:
                path = [b(h) for h in c["hashes"]]
                assert verify_consistency(c["from"], c["to"], roots[c["from"]], roots[c["to"]], path), c
                if path:
                    bad = list(path); bad[-1] = bytes([bad[-1][0] ^ 1]) + bad[-1][1:]
                    assert not verify_consistency(c["from"], c["to"], roots[c["from"]], roots[c["to"]], bad), c
                n += 1
            print("verified", n)
            """;

    @Test
    void theIndependentPythonVerifierAcceptsOurOutput() throws Exception {
        Optional<Path> lib = tlogLib();
        assumeTrue(lib.isPresent(), "shared/checks/lib/tlog.py not found beside the project: skipped");
        Process probe;
        try {
            probe = new ProcessBuilder("python3", "-c", "import cryptography").redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            probe = null;
        }
        assumeTrue(probe != null && probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3 with the cryptography package is not installed: skipped");

        Map<String, Object> out = new LinkedHashMap<>();
        try (TestDb db = TestDb.open("h2", dir.resolve("log")); AuditLog log = db.openLog()) {
            List<String> notes = new ArrayList<>();
            int[] sizes = {1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 300};
            int at = 0;
            for (int s : sizes) {
                while (at < s) {
                    log.append(Entry.builder().put("type", "report.read").put("n", at)
                            .commit("withheld", Map.of("report", "r" + at), "USA").build()).join();
                    at++;
                }
                notes.add(log.checkpointNow());
            }
            List<Map<String, Object>> inclusion = new ArrayList<>();
            List<Map<String, Object>> consistency = new ArrayList<>();
            for (int s : sizes) {
                for (int m : new int[]{0, s / 3, s / 2, s - 1}) {
                    inclusion.add(Map.of("index", m, "size", s,
                            "leaf", java.util.Base64.getEncoder().encodeToString(log.entry(m).leaf()),
                            "hashes", log.inclusionProof(m, s).stream().map(Hash::base64).toList()));
                }
                for (int f : sizes) {
                    if (f <= s) {
                        consistency.add(Map.of("from", f, "to", s,
                                "hashes", log.consistencyProof(f, s).stream().map(Hash::base64).toList()));
                    }
                }
            }
            out.put("key", log.verifierKey().toString());
            out.put("origin", AuditConfig.DEFAULT_ORIGIN);
            out.put("notes", notes);
            out.put("forged", notes.get(notes.size() - 1).replace("\n300\n", "\n301\n"));
            out.put("inclusion", inclusion);
            out.put("consistency", consistency);
        }
        Path data = dir.resolve("proofs.json");
        new ObjectMapper().writeValue(data.toFile(), out);
        Path script = dir.resolve("check.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("python3", script.toString(), lib.get().toString(), data.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.strip()).isEqualTo("verified " + (11 + 44 + 66));
    }
}
