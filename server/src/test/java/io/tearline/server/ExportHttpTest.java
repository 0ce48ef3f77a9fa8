package io.tearline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tearline.markings.Interchange;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.MarkedDocument;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** GET /api/v1/reports/{id}/export over HTTP against the demo: the reader's own view, in four formats. */
class ExportHttpTest {

    static DemoFixture demo;

    @BeforeAll
    static void start() throws IOException {
        demo = new DemoFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        demo.close();
    }

    private static HttpResponse<byte[]> export(String report, String user, String query) {
        return demo.get("/api/v1/reports/" + report + "/export" + query, user);
    }

    private static Map<String, String> portion(String marking, String text) {
        return Map.of("marking", marking, "text", text);
    }

    private static String create(String user, Map<String, String> title, List<Map<String, String>> portions) {
        HttpResponse<byte[]> created = demo.post("/api/v1/reports", user, Map.of("title", title, "portions", portions));
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return demo.json(created).get("id").asText();
    }

    private static List<String> pages(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            List<String> out = new ArrayList<>();
            PDFTextStripper s = new PDFTextStripper();
            s.setSortByPosition(true);
            for (int i = 1; i <= doc.getNumberOfPages(); i++) {
                s.setStartPage(i);
                s.setEndPage(i);
                out.add(s.getText(doc));
            }
            return out;
        }
    }

    private static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static JsonNode auditEntry(HttpResponse<byte[]> answered) {
        String index = answered.headers().firstValue("Tearline-Audit-Index").orElseThrow();
        return demo.json(demo.get("/api/v1/audit/entries/" + index, "ivy"));
    }

    @Test
    void pdfOfSeveralPagesHasTheBannerAtTopAndBottomOfEveryPageAndEveryPortionMark() throws IOException {
        long seed = System.nanoTime();
        System.out.println("ExportHttpTest seed " + seed);
        Random rnd = new Random(seed);
        String[] words = {"coast", "guard", "vessel", "track", "shoal", "resupply", "patrol", "harbour", "convoy",
                "survey", "cutter", "bearing", "anchorage", "reef", "Philippine", "naval", "observation", "interval"};
        String[] marks = {"(U)", "(C//REL TO USA, JPN)", "(S//REL TO USA, JPN)", "(C//REL TO USA, JPN, PHL)"};
        List<Map<String, String>> body = new ArrayList<>();
        List<String> expectedMarks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StringBuilder text = new StringBuilder("Paragraph" + (i + 1) + "marker");
            for (int w = 0; w < 80 + rnd.nextInt(60); w++) {
                text.append(' ').append(words[rnd.nextInt(words.length)]);
            }
            String mark = marks[i % marks.length];
            expectedMarks.add(mark);
            body.add(portion(mark, text.toString()));
        }
        String id = create("ben", portion("(U)", "Long export probe"), body);
        String banner = demo.json(demo.get("/api/v1/reports/" + id, "ben")).get("banner").asText();
        assertThat(banner).isEqualTo("SECRET//REL TO USA, JPN");

        HttpResponse<byte[]> r = export(id, "ben", "?format=pdf");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pdf");
        assertThat(new String(r.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        List<String> pages = pages(r.body());
        assertThat(pages).as("a report this long breaks over pages").hasSizeGreaterThan(2);
        for (int i = 0; i < pages.size(); i++) {
            String page = pages.get(i);
            assertThat(count(page, banner)).as("banner at top and bottom of page " + (i + 1)).isGreaterThanOrEqualTo(2);
            String[] lines = page.strip().split("\\R");
            assertThat(lines[0].strip()).as("first line of page " + (i + 1)).isEqualTo(banner);
            assertThat(page).contains("Page " + (i + 1) + " of " + pages.size());
        }
        String all = String.join("\n", pages);
        assertThat(all).contains("(U) Long export probe");
        for (int i = 0; i < expectedMarks.size(); i++) {
            assertThat(all).as("portion " + (i + 1) + " with its mark").contains(expectedMarks.get(i) + " Paragraph" + (i + 1) + "marker");
        }
        // the export is an audit entry: who, which format, what was exported in the reader's numbering
        JsonNode entry = auditEntry(r);
        assertThat(entry.get("type").asText()).isEqualTo("export");
        assertThat(entry.get("format").asText()).isEqualTo("pdf");
        assertThat(entry.get("reader").get("name").asText()).isEqualTo("ben");
        assertThat(entry.get("exported")).hasSize(31);
        assertThat(entry.get("banner").asText()).isEqualTo(banner);
    }

    @Test
    void kenjisExportOfR1HoldsNothingWithheldFromHim() throws IOException {
        JsonNode ava = demo.json(demo.get("/api/v1/reports/" + demo.id("R1"), "ava"));
        String third = ava.get("portions").get(2).get("text").asText();
        String fourth = ava.get("portions").get(3).get("text").asText();
        JsonNode kenji = demo.json(demo.get("/api/v1/reports/" + demo.id("R1"), "kenji"));
        String banner = kenji.get("banner").asText();
        assertThat(banner).doesNotContain("NOFORN");

        HttpResponse<byte[]> pdf = export(demo.id("R1"), "kenji", "?format=pdf");
        assertThat(pdf.statusCode()).isEqualTo(200);
        String text = String.join("\n", pages(pdf.body()));
        assertThat(text).contains(banner).contains("(U) " + kenji.get("portions").get(0).get("text").asText().substring(0, 30))
                .contains(kenji.get("portions").get(1).get("marking").asText())
                .doesNotContain(third).doesNotContain(fourth).doesNotContain("NF)").doesNotContain("FVEY");
        String raw = new String(pdf.body(), StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(third).doesNotContain(fourth).doesNotContain("NOFORN").doesNotContain("FVEY");

        for (String format : List.of("json", "ism", "4774")) {
            HttpResponse<byte[]> r = export(demo.id("R1"), "kenji", "?format=" + format);
            assertThat(r.statusCode()).as(format).isEqualTo(200);
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(body).as(format).contains(kenji.get("portions").get(1).get("text").asText())
                    .doesNotContain(third).doesNotContain(fourth).doesNotContain("FVEY");
        }
        // ava, who sees all of it, exports all of it
        String avas = String.join("\n", pages(export(demo.id("R1"), "ava", "").body()));
        assertThat(avas).contains("SECRET//NOFORN").contains("(S//NF) " + fourth.split(" ")[0]);
    }

    @Test
    void jsonExportIsTheReadersViewWithItsBanner() {
        JsonNode view = demo.json(demo.get("/api/v1/reports/" + demo.id("R1"), "oliver"));
        HttpResponse<byte[]> r = export(demo.id("R1"), "oliver", "?format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).contains(demo.id("R1") + ".json");
        JsonNode out = demo.json(r);
        assertThat(out.get("banner")).isEqualTo(view.get("banner"));
        assertThat(out.get("portions")).isEqualTo(view.get("portions"));
        assertThat(out.get("version")).isEqualTo(view.get("version"));
        assertThat(out.get("omitted")).isEmpty();
    }

    @Test
    void hiddenReportIsAnswered404ExactlyLikeAMissingId() {
        HttpResponse<byte[]> hidden = export(demo.id("R4"), "kenji", "?format=pdf");
        HttpResponse<byte[]> missing = export("R-does-not-exist", "kenji", "?format=pdf");
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).isEqualTo(missing.body());
        assertThat(hidden.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
        for (String format : List.of("json", "ism", "4774")) {
            HttpResponse<byte[]> h = export(demo.id("R4"), "kenji", "?format=" + format);
            assertThat(h.statusCode()).isEqualTo(404);
            assertThat(h.body()).isEqualTo(missing.body());
        }
        JsonNode entry = auditEntry(hidden);
        assertThat(entry.get("type").asText()).isEqualTo("export");
        assertThat(entry.get("outcome").asText()).isEqualTo("not-found");
        assertThat(entry.toString()).doesNotContain("FVEY");
        // the reader who may see it exports it
        assertThat(export(demo.id("R4"), "oliver", "?format=pdf").statusCode()).isEqualTo(200);
    }

    @Test
    void displayOnlyPortionsAreRefusedUnlessLeftOut() throws IOException {
        String id = create("ben", portion("(U)", "Display only probe"), List.of(
                portion("(S//REL TO USA, JPN)", "Shareable zqexport paragraph"),
                portion("(S//DISPLAY ONLY JPN)", "Viewable zqdisplay paragraph")));
        JsonNode kenji = demo.json(demo.get("/api/v1/reports/" + id, "kenji"));
        assertThat(kenji.get("portions")).hasSize(2);
        assertThat(kenji.get("portions").get(1).get("decision").asText()).isEqualTo("VIEW_ONLY");

        for (String format : List.of("pdf", "json", "ism", "4774")) {
            HttpResponse<byte[]> refused = export(id, "kenji", "?format=" + format);
            assertThat(refused.statusCode()).as(format).isEqualTo(403);
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode p = demo.json(refused);
            assertThat(p.get("type").asText()).endsWith("export.display-only");
            assertThat(p.get("portions").toString()).isEqualTo("[2]");
            assertThat(p.get("errors").get(0).get("portion").asInt()).isEqualTo(2);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).doesNotContain("zqdisplay");
        }
        // the refusal is audited, naming the portion
        JsonNode refusal = auditEntry(export(id, "kenji", "?format=pdf"));
        assertThat(refusal.get("type").asText()).isEqualTo("refused");
        assertThat(refusal.get("status").asInt()).isEqualTo(403);
        assertThat(refusal.get("errors").get(0).get("portion").asInt()).isEqualTo(2);

        HttpResponse<byte[]> omitted = export(id, "kenji", "?format=pdf&omitViewOnly=true");
        assertThat(omitted.statusCode()).isEqualTo(200);
        String text = String.join("\n", pages(omitted.body()));
        assertThat(text).contains("Shareable zqexport paragraph").doesNotContain("zqdisplay").doesNotContain("DISPLAY ONLY");
        assertThat(text).contains("SECRET//REL TO USA, JPN");
        JsonNode entry = auditEntry(omitted);
        assertThat(entry.get("omitted").toString()).isEqualTo("[2]");
        assertThat(entry.get("exported").toString()).isEqualTo("[0,1]");

        JsonNode json = demo.json(export(id, "kenji", "?format=json&omitViewOnly=true"));
        assertThat(json.get("banner").asText()).isEqualTo("SECRET//REL TO USA, JPN");
        assertThat(json.get("portions")).hasSize(1);
        assertThat(json.get("omitted").toString()).isEqualTo("[2]");
        String ism = new String(export(id, "kenji", "?format=ism&omitViewOnly=true").body(), StandardCharsets.UTF_8);
        assertThat(ism).doesNotContain("zqdisplay");
        assertThat(Interchange.fromXml(ism).banner().banner()).isEqualTo("SECRET//REL TO USA, JPN");

        // for ben the portion is no DISPLAY ONLY: he exports all of it
        HttpResponse<byte[]> bens = export(id, "ben", "?format=json");
        assertThat(bens.statusCode()).isEqualTo(200);
        assertThat(demo.json(bens).get("portions")).hasSize(2);
    }

    @Test
    void everythingDisplayOnlyLeavesNothingToExport() {
        String id = create("ben", portion("(S//DISPLAY ONLY JPN)", "All view zqonly"),
                List.of(portion("(S//DISPLAY ONLY JPN)", "Only viewable zqonly")));
        HttpResponse<byte[]> r = export(id, "kenji", "?format=pdf&omitViewOnly=true");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(demo.json(r).get("portions").toString()).isEqualTo("[0,1]");
    }

    @Test
    void ismExportIsReadBackByInterchangeWithTheViewsBanner() {
        for (String user : List.of("ava", "kenji", "oliver", "sam")) {
            JsonNode view = demo.json(demo.get("/api/v1/reports/" + demo.id("R1"), user));
            HttpResponse<byte[]> r = export(demo.id("R1"), user, "?format=ism");
            assertThat(r.statusCode()).as(user).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/xml");
            MarkedDocument d = Interchange.fromXml(new String(r.body(), StandardCharsets.UTF_8));
            assertThat(d.banner().banner()).as(user).isEqualTo(view.get("banner").asText());
            assertThat(d.portions()).hasSize(view.get("portions").size());
            for (int i = 0; i < d.portions().size(); i++) {
                assertThat(d.portions().get(i).index()).isEqualTo(view.get("portions").get(i).get("index").asInt());
                assertThat(d.portions().get(i).text()).isEqualTo(view.get("portions").get(i).get("text").asText());
            }
            assertThat(d.id()).isEqualTo(demo.id("R1"));
        }
    }

    @Test
    void stanag4774ExportIsBoundAndTamperingIsDetectedOnImport() {
        HttpResponse<byte[]> r = export(demo.id("R1"), "ava", "?format=4774");
        assertThat(r.statusCode()).isEqualTo(200);
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(xml).contains("BindingInformation").contains("originatorConfidentialityLabel");
        MarkedDocument d = Interchange.fromBoundXml(xml);
        assertThat(d.banner().banner()).isEqualTo("SECRET//NOFORN");
        assertThat(d.portions()).hasSize(4);

        String fourth = d.portions().get(3).text();
        String tampered = xml.replace(fourth, fourth.replace("EXERCISE", "EXERCISF"));
        assertThat(tampered).isNotEqualTo(xml);
        assertThatThrownBy(() -> Interchange.fromBoundXml(tampered)).isInstanceOf(InterchangeException.class);
        // the plain ISM export carries no binding, so it is not accepted where one is required
        String plain = new String(export(demo.id("R1"), "ava", "?format=ism").body(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> Interchange.fromBoundXml(plain)).isInstanceOf(InterchangeException.class);
    }

    @Test
    void aMarkingWithoutA4774LabelIsRefusedNamingItsPortion() {
        String id = create("ben", portion("(U)", "Joint probe"), List.of(
                portion("(U)", "Plain zqjoint paragraph"),
                portion("(//JOINT S USA GBR//REL TO USA, GBR)", "Joint zqjoint paragraph")));
        HttpResponse<byte[]> r = export(id, "ben", "?format=4774");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(422);
        JsonNode p = demo.json(r);
        assertThat(p.get("type").asText()).endsWith("export.unmappable");
        assertThat(p.get("errors").get(0).get("portion").asInt()).isEqualTo(2);
        assertThat(p.get("errors").get(0).get("rule").asText()).isEqualTo("stanag4774.unmappable");
        // ISM carries JOINT
        assertThat(export(id, "ben", "?format=ism").statusCode()).isEqualTo(200);
    }

    @Test
    void badFormatOrFlagIs400AndBeforeAnythingIsLookedUp() {
        for (String report : List.of(demo.id("R1"), demo.id("R4"), "R-does-not-exist")) {
            HttpResponse<byte[]> r = export(report, "kenji", "?format=docx");
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode p = demo.json(r);
            assertThat(p.get("type").asText()).endsWith("export.format");
            assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("format");
        }
        assertThat(export(demo.id("R1"), "kenji", "?format=pdf&omitViewOnly=yes").statusCode()).isEqualTo(400);
        assertThat(export(demo.id("R1"), null, "?format=pdf").statusCode()).isEqualTo(401);
    }
}
