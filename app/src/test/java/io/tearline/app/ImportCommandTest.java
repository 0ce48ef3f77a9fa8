package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.db.DataDir;
import io.tearline.server.Config;
import io.tearline.server.Demo;
import io.tearline.server.Tearline;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tearline import}: 1% bad records are rejected with their line and reason and the rest stored;
 * an import killed (SIGKILL) half-way and run again ends with each good report stored exactly once.
 */
class ImportCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** Writes n records, 1% of them bad (at random lines, one of several faults); returns line -> expected rule. */
    static Map<Long, String> write(Path file, int n, long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Long, String> bad = new HashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                String good = "{\"externalId\":\"x-" + i + "\",\"originator\":\"INDOPACOM\","
                        + "\"title\":{\"marking\":\"(U)\",\"text\":\"Imported " + i + "\"},"
                        + "\"portions\":[{\"marking\":\"(U)\",\"text\":\"public fact " + i + "\"},"
                        + "{\"marking\":\"(S//REL TO USA, JPN)\",\"text\":\"EXERCISE detail " + i + "\"}]}";
                String line = good;
                if (random.nextInt(100) == 0) {
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            line = good.replace("(S//REL TO USA, JPN)", "(S//REL TO USA, XXQ)");
                            bad.put(i + 1L, "report.invalid");
                        }
                        case 1 -> {
                            line = good.replace("(S//REL TO USA, JPN)", "(TS//NF)");
                            bad.put(i + 1L, "report.author-cannot-read");
                        }
                        case 2 -> {
                            line = good.substring(0, good.length() - 3);
                            bad.put(i + 1L, "import.json");
                        }
                        default -> {
                            line = good.replace("\"originator\"", "\"owner\":\"GBR\",\"originator\"");
                            bad.put(i + 1L, "report.owner");
                        }
                    }
                }
                w.write(line);
                w.write('\n');
            }
        }
        return bad;
    }

    Path data() throws Exception {
        Path data = root.resolve("data");
        Demo.prepare(new DataDir(data), 0);
        return data;
    }

    /** line -> rule of every line in the rejects file. */
    static Map<Long, String> rejects(Path file) throws Exception {
        Map<Long, String> out = new HashMap<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode r = JSON.readTree(l);
            assertThat(r.get("message").asText()).isNotBlank();
            assertThat(out.put(r.get("line").asLong(), r.get("rule").asText())).as("listed twice: %s", l).isNull();
        }
        return out;
    }

    /** The import keys and reports stored: each good record exactly once, nothing else. */
    static void storedExactlyOnce(Path data, int n, Map<Long, String> bad) throws Exception {
        storedExactlyOnce(data, n, bad, true);
    }

    /**
     * @param wholeReports also count every stored portion (a scan of the whole store: the large run
     *                     leaves it to the smaller ones, since the embedded database's plan for that
     *                     join does not scale to hundreds of thousands of portions)
     */
    static void storedExactlyOnce(Path data, int n, Map<Long, String> bad, boolean wholeReports) throws Exception {
        Config c = Config.load(new DataDir(data).config());
        try (Tearline t = Tearline.open(c, new DataDir(data))) {
            assertThat(t.store().importKeyCount("USA")).isEqualTo(n - bad.size());
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                keys.add("id:x-" + i);
            }
            // one scan of the key table (asking for 100,000 named keys runs an IN list per row on H2)
            Map<String, String> stored = new java.util.HashMap<>();
            try (java.sql.Connection conn = t.store().database().connection();
                 java.sql.PreparedStatement s = conn.prepareStatement(
                         "select import_key, report_id from store_import_key where owner = 'USA'");
                 java.sql.ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(stored.keySet()).allMatch(new java.util.HashSet<>(keys)::contains);
            for (int i = 0; i < n; i++) {
                assertThat(stored.containsKey("id:x-" + i)).as("record %d", i).isEqualTo(!bad.containsKey(i + 1L));
            }
            // every key names its own report (no report stored twice under two keys), and each is whole
            assertThat(new java.util.HashSet<>(stored.values())).hasSize(n - bad.size());
            if (wholeReports) {
                long[] portions = {0};
                t.store().forEachPortion(p -> portions[0]++);
                assertThat(portions[0]).isEqualTo(3L * (n - bad.size()));
            }
        }
    }

    String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void importsTheGoodListsTheBadAndARerunSkips() throws Exception {
        long seed = System.nanoTime();
        System.out.println("ImportCommandTest seed " + seed);
        int n = 1_000;
        Path data = data();
        Path file = root.resolve("reports.jsonl");
        Map<Long, String> bad = write(file, n, seed);
        JsonNode s = JSON.readTree(run("import", file.toString(), "--data", data.toString(), "--as", "ben", "--json"));
        assertThat(s.get("stored").asLong()).isEqualTo(n - bad.size());
        assertThat(s.get("skipped").asLong()).isZero();
        assertThat(s.get("rejected").asLong()).isEqualTo(bad.size());
        assertThat(rejects(root.resolve("reports.rejects.jsonl"))).isEqualTo(bad);
        JsonNode again = JSON.readTree(run("import", file.toString(), "--data", data.toString(), "--as", "ben", "--json"));
        assertThat(again.get("stored").asLong()).isZero();
        assertThat(again.get("skipped").asLong()).isEqualTo(n - bad.size());
        storedExactlyOnce(data, n, bad);
    }

    @Test
    void anUnknownAuthorStoresNothing() throws Exception {
        Path data = data();
        Path file = root.resolve("r.jsonl");
        write(file, 3, 1);
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("import", file.toString(), "--data", data.toString(), "--as", "nobody")).isEqualTo(CliError.MISSING);
        storedExactlyOnce(data, 0, Map.of());
    }

    @Test
    void killedHalfWayAndRunAgainStoresEachGoodReportOnce() throws Exception {
        killAndResume(2_000);
    }

    @Test
    @Tag("slow")
    void aHundredThousandReportsKilledHalfWayAndRunAgain() throws Exception {
        killAndResume(100_000);
    }

    void killAndResume(int n) throws Exception {
        long seed = System.nanoTime();
        System.out.println("ImportCommandTest seed " + seed + ", " + n + " records");
        Path data = data();
        Path file = root.resolve("big.jsonl");
        Map<Long, String> bad = write(file, n, seed);
        Path rejectsFile = root.resolve("big.rejects.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "import", file.toString(),
                "--data", data.toString(), "--as", "ben")
                .redirectErrorStream(true).redirectOutput(root.resolve("child.log").toFile()).start();
        // kill it once it has rejected about a third of the bad records (they are spread over the file)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!Files.exists(rejectsFile) || Files.readAllLines(rejectsFile).size() < bad.size() / 3) {
            assertThat(child.isAlive()).as("the import ended before it was killed: %s",
                    Files.readString(root.resolve("child.log"))).isTrue();
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(50);
        }
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
        long before;
        Config c = Config.load(new DataDir(data).config());
        try (Tearline t = Tearline.open(c, new DataDir(data))) {
            before = t.store().importKeyCount("USA");
        }
        assertThat(before).as("stored before the kill").isPositive().isLessThan(n - bad.size());

        JsonNode s = JSON.readTree(run("import", file.toString(), "--data", data.toString(), "--as", "ben", "--json"));
        assertThat(s.get("stored").asLong()).isEqualTo(n - bad.size() - before);
        assertThat(s.get("skipped").asLong()).isEqualTo(before);
        assertThat(s.get("rejected").asLong()).isEqualTo(bad.size());
        assertThat(rejects(rejectsFile)).isEqualTo(bad);
        storedExactlyOnce(data, n, bad, n <= 10_000);
    }

    @Test
    void ismDocumentsOfADirectoryAreImportedAndABrokenOneRejectedByFile() throws Exception {
        io.tearline.markings.Markings markings = io.tearline.markings.Markings.standard();
        Path dir = Files.createDirectories(root.resolve("xml"));
        java.time.Instant at = java.time.Instant.parse("2026-01-02T03:04:05Z");
        for (int i = 0; i < 3; i++) {
            io.tearline.markings.MarkedDocument d = io.tearline.markings.MarkedDocument.of("00000000000000a" + i, "USA",
                    "INDOPACOM", at, java.util.Optional.of(new io.tearline.markings.MarkedDocument.Part(0,
                            markings.parse("(U)"), "xml title " + i)),
                    List.of(new io.tearline.markings.MarkedDocument.Part(1, markings.parse("(S//REL TO USA, JPN)"),
                            "EXERCISE xml " + i)));
            Files.writeString(dir.resolve("d" + i + ".xml"), io.tearline.markings.Interchange.toIsmXml(d));
        }
        Files.writeString(dir.resolve("broken.xml"), Files.readString(dir.resolve("d0.xml"))
                .replace("ism:classification=\"S\"", "ism:classification=\"Q\""));
        Path data = data();
        JsonNode s = JSON.readTree(run("import", dir.toString(), "--format", "ism", "--data", data.toString(),
                "--as", "ben", "--json"));
        assertThat(s.get("stored").asLong()).isEqualTo(3);
        assertThat(s.get("rejected").asLong()).isEqualTo(1);
        List<String> rejected = Files.readAllLines(root.resolve("xml.rejects.jsonl"));
        assertThat(rejected).hasSize(1);
        JsonNode r = JSON.readTree(rejected.get(0));
        assertThat(r.get("file").asText()).endsWith("broken.xml");
        assertThat(r.get("errors").get(0).get("line").asInt()).isPositive();
        JsonNode again = JSON.readTree(run("import", dir.toString(), "--format", "ism", "--data", data.toString(),
                "--as", "ben", "--json"));
        assertThat(again.get("stored").asLong()).isZero();
        assertThat(again.get("skipped").asLong()).isEqualTo(3);
    }
}
