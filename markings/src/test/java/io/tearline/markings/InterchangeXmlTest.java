package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ISM XML and the 4778-bound form: round trips of generated documents (seeded: {@code -Dtearline.seed=N}),
 * schema validation, located errors, tamper detection and hostile XML.
 */
class InterchangeXmlTest {

    private static final long SEED = Long.getLong("tearline.seed", System.nanoTime());
    private static final int DOCS = Integer.getInteger("tearline.cases", 20_000) / 40;
    private static final Markings MARKINGS = Markings.standard();
    private static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

    @BeforeAll
    static void printSeed() {
        System.out.println("InterchangeXmlTest seed " + SEED + " (rerun with -Dtearline.seed=" + SEED + ")");
    }

    private static MarkedDocument.Part part(int index, String marking, String text) {
        return new MarkedDocument.Part(index, MARKINGS.parse(marking), text);
    }

    private static MarkedDocument doc(MarkedDocument.Part title, MarkedDocument.Part... portions) {
        return MarkedDocument.of("0123456789abcdef", "GBR", "GBR-DI", T, Optional.of(title), List.of(portions));
    }

    private static MarkedDocument sample() {
        return doc(part(0, "(//GBR S//REL TO USA, GBR)", "Title & <things>"),
                part(1, "(//NATO S//REL TO USA, GBR)", "line one\nline two\r\n\ttabbed \"quoted\""),
                part(2, "(//GBR C//REL TO USA, GBR)", "third"));
    }

    /** A document of random VALID portions (the generated corpus), or null when they do not roll up. */
    private static MarkedDocument randomDoc(MarkingGen gen, boolean labelledOnly) {
        int n = 1 + gen.random().nextInt(5);
        List<MarkedDocument.Part> parts = new ArrayList<>();
        int tries = 0;
        while (parts.size() < n && tries++ < 200) {
            Marking m = gen.next();
            if (MARKINGS.check(m.portion()).verdict() != Verdict.VALID) {
                continue;
            }
            if (labelledOnly && !(m.classification() instanceof Classification.Us
                    || m.classification() instanceof Classification.Foreign f && f.owners().size() == 1)) {
                continue;
            }
            parts.add(new MarkedDocument.Part(parts.size(), m, "text " + parts.size() + " <&> \u00e9\u65e5\u672c"));
        }
        try {
            return MarkedDocument.of(Long.toHexString(gen.random().nextLong()), "USA", "ORG", T, Optional.of(parts.get(0)),
                    parts.subList(1, parts.size()));
        } catch (MarkingException e) {
            return null; // the corpus pairs portions that do not roll up (e.g. mixed foreign owners)
        }
    }

    @Test
    void generatedDocumentsRoundTripThroughIsmXmlAndRenderAsTearlineDoes() {
        MarkingGen gen = new MarkingGen(SEED);
        int done = 0;
        for (int i = 0; i < DOCS; i++) {
            MarkedDocument d = randomDoc(gen, false);
            if (d == null) {
                continue;
            }
            String xml = Interchange.toIsmXml(d);
            MarkedDocument back = Interchange.fromXml(xml);
            assertThat(back).as("seed %d doc %d:\n%s", SEED, i, xml).isEqualTo(d);
            // the imported document renders exactly as Tearline renders the same portions
            List<String> portionMarks = d.parts().stream().map(p -> p.marking().portion()).toList();
            Rollup r = MARKINGS.rollup(portionMarks);
            assertThat(r).isInstanceOf(Rollup.Accepted.class);
            assertThat(back.banner().banner()).isEqualTo(((Rollup.Accepted) r).bannerText());
            assertThat(back.parts().stream().map(p -> p.marking().portion()).toList()).isEqualTo(portionMarks);
            done++;
        }
        assertThat(done).as("seed %d", SEED).isGreaterThan(DOCS / 3);
    }

    @Test
    void generatedDocumentsRoundTripWithBoundLabels() {
        MarkingGen gen = new MarkingGen(SEED + 7);
        int done = 0;
        for (int i = 0; i < DOCS; i++) {
            MarkedDocument d = randomDoc(gen, true);
            if (d == null) {
                continue;
            }
            String xml;
            try {
                xml = Interchange.toBoundXml(d);
            } catch (InterchangeException e) {
                // a banner rolled up from several foreign owners names no single policy
                assertThat(e.rule()).as("seed %d: %s", SEED, e.getMessage()).isEqualTo("stanag4774.unmappable");
                continue;
            }
            assertThat(Interchange.fromBoundXml(xml)).as("seed %d doc %d", SEED, i).isEqualTo(d);
            done++;
        }
        assertThat(done).as("seed %d", SEED).isGreaterThan(DOCS / 4);
    }

    @Test
    void exportsCarryTheIsmResourceAttributesAndEscapeText() {
        String xml = Interchange.toIsmXml(sample());
        assertThat(xml).contains("xmlns:ism=\"urn:us:gov:ic:ism\"", "ism:resourceElement=\"true\"", "ism:createDate=\"2026-01-15\"",
                "ism:DESVersion=\"10\"", "ism:classification=\"S\" ism:ownerProducer=\"USA\"", "ism:FGIsourceOpen=\"GBR NATO\"",
                "ism:ownerProducer=\"NATO\"", "Title &amp; &lt;things&gt;", "&#13;");
        assertThat(Interchange.fromXml(xml)).isEqualTo(sample());
        assertThat(Interchange.fromXml(xml).portions().get(0).text()).isEqualTo("line one\nline two\r\n\ttabbed \"quoted\"");
    }

    @Test
    void aReaderViewWithGapsAndNoTitleRoundTrips() {
        MarkedDocument view = MarkedDocument.of("id", "USA", "ORG", T, Optional.empty(),
                List.of(part(2, "(S//REL TO USA, JPN)", "b"), part(5, "(U)", "c")));
        assertThat(Interchange.fromBoundXml(Interchange.toBoundXml(view))).isEqualTo(view);
    }

    @Test
    void exportRefusesWhatItCannotWriteFaithfully() {
        MarkedDocument wrongBanner = new MarkedDocument("id", "USA", "ORG", T, MARKINGS.parse("TOP SECRET//NOFORN"),
                Optional.of(part(0, "(S//NF)", "t")), List.of());
        assertRule(() -> Interchange.toIsmXml(wrongBanner), "ism.rollup");
        assertRule(() -> Interchange.toIsmXml(doc(part(0, "(U)", "bell \u0007"))), "xml.character");
        assertRule(() -> Interchange.toIsmXml(doc(part(0, "(U)", "t"), part(1, "(U)", "a"), part(1, "(U)", "b"))), "document.index");
        assertRule(() -> Interchange.toBoundXml(doc(part(0, "//JOINT SECRET GBR USA//REL TO USA, GBR", "t"))), "stanag4774.unmappable");
    }

    // ------------------------------------------------------------------ hand-written documents

    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<tl:report xmlns:tl=\"urn:tearline:report:1\" xmlns:ism=\"urn:us:gov:ic:ism\" id=\"doc\" reportId=\"r1\" owner=\"USA\"\n"
            + "    originator=\"ORG\" created=\"2026-01-15T09:00:00Z\" ism:resourceElement=\"true\" ism:createDate=\"2026-01-15\"\n"
            + "    ism:DESVersion=\"10\" ism:classification=\"S\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"NF\">\n";

    @Test
    void aHandWrittenValidDocumentImports() {
        String xml = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"S\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"NF\">x</tl:portion>\n</tl:report>\n";
        MarkedDocument d = Interchange.fromXml(xml);
        assertThat(d.banner().banner()).isEqualTo("SECRET//NOFORN");
        assertThat(d.portions().get(0).marking().portion()).isEqualTo("(S//NF)");
        assertRule(() -> Interchange.fromBoundXml(xml), "stanag4778.missing");
    }

    @Test
    void aHandWrittenInvalidDocumentIsRejectedWithALocatedError() {
        // a value outside the CVE: the schema names line, column and attribute
        String badCve = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"SECRET\" ism:ownerProducer=\"USA\">x</tl:portion>\n</tl:report>\n";
        assertLocated(badCve, "xml.schema", 5, "ism:classification");
        // an unknown dissemination token
        String badDissem = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"S\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"NOFORN\">x</tl:portion>\n</tl:report>\n";
        assertLocated(badDissem, "xml.schema", 5, "ism:disseminationControls");
        // a missing required attribute
        String noOwner = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"S\">x</tl:portion>\n</tl:report>\n";
        assertLocated(noOwner, "xml.schema", 5, "ism:ownerProducer");
        // schema-valid, but Tearline's rules: SI-G needs ORCON (ISM-ID-00045)
        String siG = HEAD.replace("ism:classification=\"S\"", "ism:classification=\"TS\"").replace("ism:disseminationControls=\"NF\"", "ism:SCIcontrols=\"SI SI-G\" ism:disseminationControls=\"NF\"")
                + "\n  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"TS\" ism:ownerProducer=\"USA\"\n      ism:SCIcontrols=\"SI SI-G\" ism:disseminationControls=\"NF\">x</tl:portion>\n</tl:report>\n";
        assertLocated(siG, "si-g.orcon", 7, "ism:SCIcontrols"); // the end of the portion's start tag
        // the banner is not the roll-up of the portions
        String notRolled = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"C\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"NF\">x</tl:portion>\n</tl:report>\n";
        assertLocated(notRolled, "ism.rollup", 4, "ism:classification"); // the end of the root start tag
        // REL TO codes out of order are not normalised silently
        String order = HEAD.replace("ism:disseminationControls=\"NF\"", "ism:disseminationControls=\"REL\" ism:releasableTo=\"USA JPN GBR\"")
                + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"S\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"REL\" ism:releasableTo=\"USA JPN GBR\">x</tl:portion>\n</tl:report>\n";
        assertLocated(order, "ism.order", 5, "ism:releasableTo");
        // a foreign element
        String extra = HEAD + "  <tl:portion index=\"1\" id=\"p1\" ism:classification=\"S\" ism:ownerProducer=\"USA\" ism:disseminationControls=\"NF\">x<b/></tl:portion>\n</tl:report>\n";
        assertLocated(extra, "xml.schema", 5, "");
    }

    private static void assertLocated(String xml, String rule, int line, String attribute) {
        assertThatThrownBy(() -> Interchange.fromXml(xml)).isInstanceOfSatisfying(InterchangeException.class, e -> {
            assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.column()).as(e.getMessage()).isPositive();
            assertThat(e.attribute()).as(e.getMessage()).isEqualTo(attribute);
        });
    }

    // ------------------------------------------------------------------ tampering with the 4778 binding

    @Test
    void tamperingWithBoundDataOrLabelsIsDetected() {
        String xml = Interchange.toBoundXml(sample());
        assertThat(Interchange.fromBoundXml(xml)).isEqualTo(sample());
        // changed text
        assertTampered(xml.replace(">third<", ">thirds<"), "stanag4778.digest");
        // changed marking and label together would still break the digest; changed label alone:
        assertTampered(xml.replaceFirst("<slab:Classification>SECRET</slab:Classification>", "<slab:Classification>CONFIDENTIAL</slab:Classification>"),
                "stanag4778.digest");
        // a changed releasability value in a label
        assertTampered(xml.replaceFirst("<slab:GenericValue>GBR</slab:GenericValue>", "<slab:GenericValue>JPN</slab:GenericValue>"),
                "stanag4778.digest");
        // swapped labels: portion 1's label moved onto portion 2 and back
        String[] bindings = xml.split("<bin:MetadataBinding>", -1);
        String m1 = metadata(bindings[3]);
        String m2 = metadata(bindings[4]);
        String swapped = xml.replace(bindings[3], bindings[3].replace(m1, m2)).replace(bindings[4], bindings[4].replace(m2, m1));
        assertThat(swapped).isNotEqualTo(xml);
        assertTampered(swapped, "stanag4778.digest");
        // a binding removed
        assertTampered(xml.replace("<bin:MetadataBinding>" + bindings[2], ""), "stanag4778.unbound");
        // a binding pointed elsewhere
        assertTampered(xml.replace("URI=\"#p2\"", "URI=\"#p9\""), "stanag4778.reference");
        // the digest changed
        int d = xml.indexOf("<tld:Digest algorithm=\"SHA-256\">") + 33;
        char c = xml.charAt(d);
        assertTampered(xml.substring(0, d) + (c == '0' ? '1' : '0') + xml.substring(d + 1), "stanag4778.digest");
        // a portion's ISM marking changed (it no longer rolls up either, so either check may fire first)
        String remarked = xml.replace("index=\"2\" id=\"p2\" ism:classification=\"C\"", "index=\"2\" id=\"p2\" ism:classification=\"S\"");
        assertThat(remarked).isNotEqualTo(xml);
        assertThatThrownBy(() -> Interchange.fromBoundXml(remarked)).isInstanceOf(InterchangeException.class);
    }

    private static String metadata(String binding) {
        int from = binding.indexOf("<bin:Metadata>");
        int to = binding.indexOf("</bin:Metadata>") + "</bin:Metadata>".length();
        return binding.substring(from, to);
    }

    private static void assertTampered(String xml, String rule) {
        assertThatThrownBy(() -> Interchange.fromBoundXml(xml)).isInstanceOfSatisfying(InterchangeException.class, e -> {
            assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
            assertThat(e.line()).as(e.getMessage()).isPositive();
        });
    }

    // ------------------------------------------------------------------ hostile XML

    @Test
    void externalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<tl:report xmlns:tl=\"urn:tearline:report:1\">&x;</tl:report>";
        assertHostile(xxe, "xml.doctype", e -> assertThat(e.getMessage()).doesNotContain("root:"));
        String dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"http://127.0.0.1:1/evil.dtd\">\n<r/>";
        assertHostile(dtd, "xml.doctype", e -> { });
        String param = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/p\"> %p;]>\n<r/>";
        assertHostile(param, "xml.doctype", e -> { });
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            sb.append(" <!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            sb.append("\">\n");
        }
        sb.append("]>\n<lolz>&lol9;</lolz>");
        assertHostile(sb.toString(), "xml.doctype", e -> assertThat(e.line()).isEqualTo(2));
        // an undeclared entity reference without a DTD is not expanded either
        assertHostile("<r>&lol9;</r>", "xml.malformed", e -> { });
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "<a>".repeat(100_000) + "</a>".repeat(100_000);
        assertHostile(deep, "xml.limit", e -> assertThat(e.getMessage()).contains("maxElementDepth"));
    }

    @Test
    void attributeFloodsHugeAttributesAndHugeNamesAreRefused() {
        StringBuilder many = new StringBuilder("<r");
        for (int i = 0; i < 10_000; i++) {
            many.append(" a").append(i).append("=\"x\"");
        }
        assertHostile(many.append("/>").toString(), "xml.limit", e -> assertThat(e.getMessage()).contains("elementAttributeLimit"));
        String huge = HEAD.replace("reportId=\"r1\"", "reportId=\"" + "A".repeat(5_000_000) + "\"") + "</tl:report>";
        assertHostile(huge, "xml.limit", e -> {
            assertThat(e.attribute()).isEqualTo("reportId");
            assertThat(e.line()).isBetween(2, 4); // the start tag that holds it
        });
        assertHostile("<" + "n".repeat(100_000) + "/>", "xml.limit", e -> assertThat(e.getMessage()).contains("\"128\" limit"));
        assertHostile("<r>" + "x".repeat(SecureXmlLimits.MAX_CHARS) + "</r>", "xml.too-large", e -> { });
    }

    /** The documented limits, restated so that the test fails if they are loosened by accident. */
    private static final class SecureXmlLimits {
        static final int MAX_CHARS = 16 * 1024 * 1024;
    }

    private static void assertHostile(String xml, String rule, Consumer<InterchangeException> more) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Interchange.fromXml(xml)).isInstanceOfSatisfying(InterchangeException.class, e -> {
            assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule);
            more.accept(e);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused quickly").isLessThan(Duration.ofSeconds(3));
    }

    private static void assertRule(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InterchangeException.class,
                e -> assertThat(e.rule()).as(e.getMessage()).isEqualTo(rule));
    }
}
