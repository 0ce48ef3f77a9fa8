package io.tearline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tearline alliance} on a demo data directory: the operator's view counts every portion. */
class AllianceCommandTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void demo() throws Exception {
        Cli.demoWithReports(root);
    }

    record Run(int exit, String out) {}

    static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.commandLine().execute(args);
            return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void whatIfJapanJoinsFiveEyesCountsR5TooForTheOperator() throws Exception {
        Run r = run("alliance", "what-if", "--admit", "JPN", "--to", "FVEY", "--json", "--data", root.toString());
        assertThat(r.exit()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("eligible").asBoolean()).isFalse();
        assertThat(j.get("blockingControls").findValuesAsText("control")).containsExactly("CI-1", "NET-1");
        Set<String> reports = new HashSet<>();
        j.get("gained").get("portions").forEach(p -> reports.add(p.get("reportId").asText() + "#" + p.get("portionIndex").asInt()));
        assertThat(reports).hasSize(5); // R1 portion 3, R4 title and portion, R5 title and portion
        assertThat(j.get("gained").get("count").asInt()).isEqualTo(5);
    }

    @Test
    void readableWhatIfAndStatus() {
        Run r = run("alliance", "what-if", "--admit", "JPN", "--to", "FVEY", "--data", root.toString());
        assertThat(r.out()).contains("JPN: would NOT be eligible").contains("blocked by CI-1 (PARTIAL)")
                .contains("blocked by NET-1 (PARTIAL)").contains("5 portions would become releasable");
        Run s = run("alliance", "status", "JPN", "--data", root.toString());
        assertThat(s.exit()).isZero();
        assertThat(s.out()).contains("US-JPN       eligible").contains("US-JPN-PHL   eligible");
        assertThat(run("alliance", "status", "XYZ", "--data", root.toString()).exit()).isEqualTo(2);
    }

    @Test
    void aQuestionIsRequired() {
        assertThat(run("alliance", "what-if", "--data", root.toString()).exit()).isEqualTo(2);
        assertThat(run("alliance", "what-if", "--admit", "JPN", "--data", root.toString()).exit()).isEqualTo(2);
        assertThat(run("alliance", "what-if", "--admit", "JPN", "--to", "NOPE", "--data", root.toString()).exit()).isEqualTo(2);
        assertThat(run("alliance", "what-if", "--admit", "XYZ", "--to", "FVEY", "--data", root.toString()).exit()).isEqualTo(2);
    }
}
