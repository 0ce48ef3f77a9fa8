package io.tearline.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tearline.markings.Markings;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF renderer on its own: the tearline section, wrapping, the banner colours and refusals. */
class PdfExportTest {

    private static PdfExport.Document doc(String banner, List<PdfExport.Paragraph> body) {
        return new PdfExport.Document("R-test", banner, Markings.standard().parse(banner),
                Optional.of(new PdfExport.Paragraph(0, "(U)", "A title", false)), body);
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDFTextStripper s = new PDFTextStripper();
            s.setSortByPosition(true);
            return s.getText(d);
        }
    }

    private static PdfExport renderer() {
        PdfExport r = PdfExport.standard();
        assumeTrue(PdfExport.FONT_PATHS.stream().anyMatch(p -> p.toFile().canRead()) || System.getenv(PdfExport.FONT_ENV) != null,
                "no DejaVu Sans installed (fonts-dejavu-core)");
        return r;
    }

    @Test
    void tearlineParagraphsComeAfterTheOthersUnderTheRule() throws IOException {
        byte[] pdf = renderer().render(doc("SECRET//REL TO USA, JPN", List.of(
                new PdfExport.Paragraph(1, "(S//REL TO USA, JPN)", "Released paraphrase", true),
                new PdfExport.Paragraph(2, "(U)", "Ordinary paragraph", false))));
        String text = text(pdf);
        int ordinary = text.indexOf("(U) Ordinary paragraph");
        int rule = text.indexOf("TEARLINE");
        int released = text.indexOf("(S//REL TO USA, JPN) Released paraphrase");
        assertThat(ordinary).isNotNegative();
        assertThat(rule).isGreaterThan(ordinary);
        assertThat(released).isGreaterThan(rule);
    }

    @Test
    void noTearlineSectionWithoutTearlineParagraphs() throws IOException {
        byte[] pdf = renderer().render(doc("UNCLASSIFIED", List.of(new PdfExport.Paragraph(1, "(U)", "Only this", false))));
        assertThat(text(pdf)).contains("(U) Only this").doesNotContain("TEARLINE");
    }

    @Test
    void aWordWiderThanTheLineIsCutNotLost() throws IOException {
        String word = "x".repeat(400);
        byte[] pdf = renderer().render(doc("UNCLASSIFIED", List.of(new PdfExport.Paragraph(1, "(U)", word + " end", false))));
        String text = text(pdf).replaceAll("\\s", "");
        assertThat(text).contains("(U)" + word + "end");
    }

    @Test
    void aCharacterTheFontCannotShowIsRefusedNamingThePortionAndOffset() {
        PdfExport r = renderer();
        // DejaVu Sans has no CJK ideographs
        Problem p = (Problem) org.assertj.core.api.Assertions.catchThrowable(() -> r.render(doc("UNCLASSIFIED", List.of(
                new PdfExport.Paragraph(1, "(U)", "fine", false),
                new PdfExport.Paragraph(2, "(U)", "ab\u6771c", false)))));
        assertThat(p.status()).isEqualTo(422);
        assertThat(p.rule()).isEqualTo("export.pdf-glyph");
        assertThat(p.getMessage()).contains("portion 2").contains("U+6771").contains("offset 2");
        assertThat(p.locatedRules()).containsExactly(java.util.Map.of("rule", "export.pdf-glyph", "portion", 2, "offset", 2));
    }

    @Test
    void withoutAFontTheExportSaysWhatToInstall() {
        PdfExport r = PdfExport.withFont(Path.of("/nonexistent/font.ttf"));
        assertThatThrownBy(() -> r.render(doc("UNCLASSIFIED", List.of())))
                .isInstanceOf(Problem.class).hasMessageContaining("fonts-dejavu-core");
    }

    @Test
    void bannerBandsAreColouredByLevel() {
        assertThat(PdfExport.colours(Markings.standard().parse("UNCLASSIFIED"))[0]).isEqualTo(new Color(0, 122, 51));
        assertThat(PdfExport.colours(Markings.standard().parse("CONFIDENTIAL"))[0]).isEqualTo(new Color(0, 51, 160));
        assertThat(PdfExport.colours(Markings.standard().parse("SECRET//NOFORN"))[0]).isEqualTo(new Color(200, 16, 46));
        assertThat(PdfExport.colours(Markings.standard().parse("TOP SECRET//NOFORN"))[0]).isEqualTo(new Color(255, 140, 0));
        assertThat(PdfExport.colours(Markings.standard().parse("TOP SECRET//SI//REL TO USA, FVEY"))[0])
                .isEqualTo(new Color(252, 227, 0));
    }
}
