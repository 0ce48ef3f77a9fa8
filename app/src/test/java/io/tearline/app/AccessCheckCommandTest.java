package io.tearline.app;

import static io.tearline.app.Cli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tearline.app.Cli.Run;
import org.junit.jupiter.api.Test;

class AccessCheckCommandTest {

    @Test
    void permitsAListedNationWithItsObligationAndExpression() throws Exception {
        Run r = run("access", "check", "--json", "--nation", "JPN", "--clearance", "SECRET", "(S//REL TO USA, JPN)");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("decision").asText()).isEqualTo("PERMIT");
        assertThat(j.get("reasons")).isEmpty();
        assertThat(j.get("obligations").get(0).asText()).isEqualTo("NO_REDISSEMINATION_BEYOND_LIST");
        assertThat(j.get("expression").asText()).isEqualTo("CLR:S&(NAT:USA|NAT:JPN)");
    }

    @Test
    void theReportOwnerDecidesWhoReadsForeignMaterialAsOwner() throws Exception {
        Run us = run("access", "check", "--json", "--nation", "JPN", "--clearance", "SECRET", "(//JPN S)");
        assertThat(us.exit()).isZero();
        assertThat(us.json().get("decision").asText()).isEqualTo("DENY");
        assertThat(us.json().get("reasons").get(0).get("code").asText()).isEqualTo("not-released");
        assertThat(us.json().get("expression").asText()).isEqualTo("EQ:JPN:S&NAT:USA");
        Run jpn = run("access", "check", "--json", "--owner", "JPN", "--nation", "JPN", "--clearance", "SECRET", "(//JPN S)");
        assertThat(jpn.exit()).isZero();
        assertThat(jpn.json().get("decision").asText()).isEqualTo("PERMIT");
        assertThat(jpn.json().get("expression").asText()).isEqualTo("EQ:JPN:S&(NAT:USA|NAT:JPN)");
        assertThat(run("access", "check", "--owner", "jp", "--nation", "JPN", "--clearance", "SECRET", "(//JPN S)").exit())
                .isEqualTo(2);
    }

    @Test
    void deniesWithEveryReason() throws Exception {
        Run r = run("access", "check", "--json", "--nation", "JPN", "--clearance", "CONFIDENTIAL", "(S//REL TO USA, FVEY)");
        assertThat(r.exit()).isZero();
        assertThat(r.json().get("decision").asText()).isEqualTo("DENY");
        assertThat(r.json().get("reasons").findValuesAsText("code")).containsExactlyInAnyOrder("clearance", "not-released");
    }

    @Test
    void orconFollowsTheDisseminationListAndDisplayOnlyIsViewOnly() throws Exception {
        assertThat(run("access", "check", "--json", "--nation", "GBR", "--clearance", "SECRET", "--org", "DI",
                "--orcon-orgs", "DIA,DI", "(S//OC/REL TO USA, GBR)").json().get("decision").asText()).isEqualTo("PERMIT");
        assertThat(run("access", "check", "--json", "--nation", "GBR", "--clearance", "SECRET", "--org", "MOD",
                "--orcon-orgs", "DIA,DI", "(S//OC/REL TO USA, GBR)").json().get("decision").asText()).isEqualTo("DENY");
        assertThat(run("access", "check", "--json", "--nation", "AFG", "--clearance", "SECRET", "(S//DISPLAY ONLY AFG)")
                .json().get("decision").asText()).isEqualTo("VIEW_ONLY");
        assertThat(run("access", "check", "--json", "--nation", "USA", "--clearance", "TOP_SECRET", "--access", "SI,TK",
                "TOP SECRET//SI/TK//NOFORN").json().get("decision").asText()).isEqualTo("PERMIT");
        assertThat(run("access", "check", "--json", "--nation", "USA", "--clearance", "TOP_SECRET", "--access", "SI",
                "TOP SECRET//SI/TK//NOFORN").json().get("decision").asText()).isEqualTo("DENY");
    }

    @Test
    void readableOutputWithoutJson() {
        Run r = run("access", "check", "--nation", "KOR", "--clearance", "SECRET", "(S//NF)");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("DENY").contains("[noforn]").contains("expression: CLR:S&NAT:USA");
    }

    @Test
    void invalidMarkingsAndUsageErrorsExitTwo() {
        Run bad = run("access", "check", "--nation", "USA", "--clearance", "SECRET", "SECRET//REL TO USA");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("invalid marking").contains("rel-to");
        assertThat(run("access", "check", "--nation", "USA", "(S)").exit()).isEqualTo(2);
        assertThat(run("access", "check", "--nation", "usa", "--clearance", "SECRET", "(S)").exit()).isEqualTo(2);
        assertThat(run("access", "check", "--nation", "USA", "--clearance", "MEGA", "(S)").exit()).isEqualTo(2);
    }
}
