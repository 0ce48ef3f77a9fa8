package io.tearline.app;

import static io.tearline.app.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tearline.app.Cli.Run;
import org.junit.jupiter.api.Test;

/** {@code tearline marking check|rollup}, run in-process with captured output and exit codes. */
class MarkingCommandTest {

    @Test
    void checkJsonHasOneObjectPerInputAndExitsZeroWithoutInvalid() {
        Run r = run("marking", "check", "--json", "TOP SECRET//SI/TK//NOFORN", "SECRET//REL TO USA, GBR, AUS", "(S//NOFORN)");
        assertThat(r.exit()).isZero();
        JsonNode a = r.json();
        assertThat(a.isArray()).isTrue();
        assertThat(a).hasSize(3);
        assertThat(a.get(0).get("input").asText()).isEqualTo("TOP SECRET//SI/TK//NOFORN");
        assertThat(a.get(0).get("verdict").asText()).isEqualTo("VALID");
        assertThat(a.get(0).get("banner").asText()).isEqualTo("TOP SECRET//SI/TK//NOFORN");
        assertThat(a.get(0).get("portion").asText()).isEqualTo("(TS//SI/TK//NF)");
        assertThat(a.get(0).get("errors")).isEmpty();
        assertThat(a.get(1).get("verdict").asText()).isEqualTo("NONCANON");
        assertThat(a.get(1).get("banner").asText()).isEqualTo("SECRET//REL TO USA, AUS, GBR");
        assertThat(a.get(1).get("errors").get(0).get("rule").asText()).isEqualTo("rel-to.order");
        assertThat(a.get(1).get("errors").get(0).get("offset").asInt()).isEqualTo(25);
        assertThat(a.get(2).get("portion").asText()).isEqualTo("(S//NF)");
    }

    @Test
    void anInvalidInputHasNoNormalisedFormsAndExitsOne() {
        Run r = run("marking", "check", "--json", "SECRET//NOFORN", "SECRET//NOFORN/REL TO USA, GBR");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode bad = r.json().get(1);
        assertThat(bad.get("verdict").asText()).isEqualTo("INVALID");
        assertThat(bad.has("banner")).isFalse();
        assertThat(bad.has("portion")).isFalse();
        JsonNode e = bad.get("errors").get(0);
        assertThat(e.get("rule").asText()).isEqualTo("noforn.exclusive");
        assertThat(e.get("message").asText()).contains("NOFORN").contains("REL TO");
        assertThat(e.get("offset").asInt()).isEqualTo(15);
        // the valid input next to it alone exits zero
        assertThat(run("marking", "check", "--json", "SECRET//NOFORN").exit()).isZero();
    }

    @Test
    void portionModeReadsUnparenthesisedInputAsPortions() {
        Run r = run("marking", "check", "--portion", "--json", "S//NF");
        assertThat(r.exit()).isZero();
        JsonNode o = r.json().get(0);
        assertThat(o.get("verdict").asText()).isEqualTo("NONCANON");
        assertThat(o.get("portion").asText()).isEqualTo("(S//NF)");
        assertThat(o.get("errors").get(0).get("rule").asText()).isEqualTo("form.parentheses");
        // without --portion the same text is a banner with abbreviations
        JsonNode banner = run("marking", "check", "--json", "S//NF").json().get(0);
        assertThat(banner.get("errors").get(0).get("rule").asText()).isEqualTo("form.banner-abbreviation");
    }

    @Test
    void readableLinesNameVerdictFormsAndRules() {
        Run r = run("marking", "check", "SECRET//REL TO USA", "(S//NOFORN)");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("INVALID   SECRET//REL TO USA\n")
                .contains("  rel-to.usa-alone at 15: ")
                .contains("NONCANON  (S//NOFORN)\n  banner   SECRET//NOFORN\n  portion  (S//NF)\n");
        // control characters in hostile input are escaped, never echoed raw
        Run hostile = run("marking", "check", "SECRET\u001b[2J//NF");
        assertThat(hostile.exit()).isEqualTo(1);
        assertThat(hostile.out()).contains("\\u001b").doesNotContain("\u001b");
    }

    @Test
    void rollupJsonGivesVerdictBannerAndErrors() {
        Run r = run("marking", "rollup", "--json", "(TS//NF)", "(S//REL TO USA, JPN)");
        assertThat(r.exit()).isZero();
        JsonNode o = r.json();
        assertThat(o.get("verdict").asText()).isEqualTo("VALID");
        assertThat(o.get("banner").asText()).isEqualTo("TOP SECRET//NOFORN");
        assertThat(o.get("errors")).isEmpty();

        Run bad = run("marking", "rollup", "--json", "(S//NF)", "(S//REL TO USA)");
        assertThat(bad.exit()).isEqualTo(1);
        JsonNode b = bad.json();
        assertThat(b.get("verdict").asText()).isEqualTo("INVALID");
        assertThat(b.has("banner")).isFalse();
        JsonNode e = b.get("errors").get(0);
        assertThat(e.get("portion").asInt()).isEqualTo(1);
        assertThat(e.get("rule").asText()).isEqualTo("rel-to.usa-alone");
        assertThat(e.get("offset").asInt()).isEqualTo(11);
    }

    @Test
    void rollupTextAndTheShortForm() {
        Run r = run("marking", "rollup", "(S//REL TO USA, JPN, NZL)", "(S//REL)");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("VALID     SECRET//REL TO USA, JPN, NZL\n");
        Run bad = run("marking", "rollup", "(S//NF)", "(S//REL)");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("portion 1 (S//REL): rollup.short-form at 4: ");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("marking").exit()).isEqualTo(2);
        assertThat(run("marking", "check").exit()).isEqualTo(2);
        assertThat(run("marking", "rollup", "--json").exit()).isEqualTo(2);
        assertThat(run("marking", "check", "--bogus", "SECRET").exit()).isEqualTo(2);
        assertThat(run("marking", "check", "--help").exit()).isZero();
    }
}
