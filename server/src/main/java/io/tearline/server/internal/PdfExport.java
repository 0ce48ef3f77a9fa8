package io.tearline.server.internal;

import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A marked document as a printable PDF (Apache PDFBox): the classification banner at the top and bottom
 * of every page on a band coloured by level (UNCLASSIFIED green, CONFIDENTIAL blue, SECRET red, TOP
 * SECRET orange, TOP SECRET with SCI yellow), the title with its portion mark, each paragraph preceded by
 * its portion mark, lines wrapped and pages broken as needed, and the tearline paragraphs, if any, in a
 * section of their own under a horizontal rule.
 *
 * <p>Text is set in a TrueType font that is embedded (subset) in the document, since PDF's standard 14
 * fonts only cover WinAnsi. A character the font has no glyph for is refused with a {@link Problem}
 * naming the portion and the offset, never dropped or replaced. Stateless and thread-safe.
 */
public final class PdfExport {

    /** One paragraph: its number in the reader's view (0 = the title), its portion mark and its text. */
    public record Paragraph(int index, String mark, String text, boolean tearline) {}

    /** The document: its id, the banner, the title (if the reader sees it) and the body paragraphs. */
    public record Document(String id, String banner, Marking bannerMarking, Optional<Paragraph> title,
                           List<Paragraph> paragraphs) {}

    /** Where the font is looked for, first match wins (Debian's fonts-dejavu-core, then other layouts). */
    static final List<Path> FONT_PATHS = List.of(
            Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/TTF/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
            Path.of("/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf"));

    /** The environment variable that names another TrueType font file. */
    static final String FONT_ENV = "TEARLINE_PDF_FONT";

    private static final PDRectangle PAGE = PDRectangle.LETTER;
    private static final float MARGIN = 54;
    private static final float BAND = 20;
    private static final float BANNER_SIZE = 10;
    private static final float TITLE_SIZE = 14;
    private static final float BODY_SIZE = 11;
    private static final float LEADING = 1.35f;
    private static final float PARAGRAPH_GAP = 8;
    private static final float TOP = PAGE.getHeight() - MARGIN - BAND - 16;
    private static final float BOTTOM = MARGIN + BAND + 16;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;

    private final Optional<Path> font;

    private PdfExport(Optional<Path> font) {
        this.font = font;
    }

    /** The renderer with the font named by {@value #FONT_ENV}, else the first of {@link #FONT_PATHS} that exists. */
    public static PdfExport standard() {
        String named = System.getenv(FONT_ENV);
        if (named != null && !named.isBlank()) {
            return new PdfExport(Optional.of(Path.of(named)).filter(Files::isReadable));
        }
        return new PdfExport(FONT_PATHS.stream().filter(Files::isReadable).findFirst());
    }

    /** The renderer with this font file. */
    public static PdfExport withFont(Path ttf) {
        return new PdfExport(Optional.of(ttf).filter(Files::isReadable));
    }

    /**
     * The document as PDF bytes.
     *
     * @throws Problem 503 {@code export.pdf-font} when no font is installed; 422 {@code export.pdf-glyph}
     *                 naming the portion and offset of a character the font cannot show
     */
    public byte[] render(Document d) {
        Path ttf = font.orElseThrow(() -> new Problem(503, "export.pdf-font", "Service Unavailable",
                "PDF export needs a TrueType font: install fonts-dejavu-core or set " + FONT_ENV, Map.of()));
        try (PDDocument doc = new PDDocument()) {
            PDType0Font f = PDType0Font.load(doc, ttf.toFile());
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(d.banner() + " " + d.id());
            info.setProducer("Tearline");
            Layout layout = new Layout(doc, f);
            d.title().ifPresent(t -> layout.paragraph(t, TITLE_SIZE));
            List<Paragraph> tearline = new ArrayList<>();
            for (Paragraph p : d.paragraphs()) {
                if (p.tearline()) {
                    tearline.add(p);
                } else {
                    layout.paragraph(p, BODY_SIZE);
                }
            }
            if (!tearline.isEmpty()) {
                layout.rule("TEARLINE");
                tearline.forEach(p -> layout.paragraph(p, BODY_SIZE));
            }
            layout.close();
            List<PDPage> pages = layout.pages;
            for (int i = 0; i < pages.size(); i++) {
                banners(doc, pages.get(i), f, d, i + 1, pages.size());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF export of " + d.id(), e);
        }
    }

    /** The band colour and the text colour on it for a banner. */
    static Color[] colours(Marking banner) {
        Level level = banner.classification().level();
        boolean sci = !banner.sci().isEmpty();
        return switch (level) {
            case UNCLASSIFIED -> new Color[] {new Color(0, 122, 51), Color.WHITE};
            case RESTRICTED, CONFIDENTIAL -> new Color[] {new Color(0, 51, 160), Color.WHITE};
            case SECRET -> new Color[] {new Color(200, 16, 46), Color.WHITE};
            case TOP_SECRET -> sci ? new Color[] {new Color(252, 227, 0), Color.BLACK}
                    : new Color[] {new Color(255, 140, 0), Color.BLACK};
        };
    }

    private static void banners(PDDocument doc, PDPage page, PDType0Font f, Document d, int number, int of)
            throws IOException {
        Color[] c = colours(d.bannerMarking());
        float size = BANNER_SIZE;
        while (size > 5 && width(f, d.banner(), size) > WIDTH - 8) {
            size -= 0.5f;
        }
        try (PDPageContentStream s = new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
            for (float y : new float[] {PAGE.getHeight() - MARGIN - BAND, MARGIN}) {
                s.setNonStrokingColor(c[0]);
                s.addRect(MARGIN, y, WIDTH, BAND);
                s.fill();
                s.setNonStrokingColor(c[1]);
                s.beginText();
                s.setFont(f, size);
                s.newLineAtOffset(MARGIN + (WIDTH - width(f, d.banner(), size)) / 2, y + (BAND - size) / 2 + 1.5f);
                s.showText(d.banner());
                s.endText();
            }
            String pageText = "Page " + number + " of " + of;
            s.setNonStrokingColor(Color.DARK_GRAY);
            s.beginText();
            s.setFont(f, 8);
            s.newLineAtOffset(MARGIN + WIDTH - width(f, pageText, 8), MARGIN - 12);
            s.showText(pageText);
            s.endText();
        }
    }

    private static float width(PDType0Font f, String s, float size) {
        try {
            return f.getStringWidth(s) / 1000 * size;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("measuring " + s, e);
        }
    }

    /** Lays paragraphs out top to bottom, starting a new page when one is full. */
    private static final class Layout {
        private final PDDocument doc;
        private final PDType0Font font;
        private final List<PDPage> pages = new ArrayList<>();
        private PDPageContentStream stream;
        private float y;

        Layout(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            newPage();
        }

        private void newPage() {
            try {
                if (stream != null) {
                    stream.close();
                }
                PDPage page = new PDPage(PAGE);
                doc.addPage(page);
                pages.add(page);
                stream = new PDPageContentStream(doc, page);
                y = TOP;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void paragraph(Paragraph p, float size) {
            check(p);
            List<String> lines = wrap(p.mark(), clean(p.text()), size);
            float step = size * LEADING;
            try {
                for (String line : lines) {
                    if (y - step < BOTTOM) {
                        newPage();
                    }
                    y -= step;
                    stream.setNonStrokingColor(Color.BLACK);
                    stream.beginText();
                    stream.setFont(font, size);
                    stream.newLineAtOffset(MARGIN, y);
                    stream.showText(line);
                    stream.endText();
                }
                y -= PARAGRAPH_GAP;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void rule(String heading) {
            float need = 12 + BODY_SIZE * LEADING * 2;
            if (y - need < BOTTOM) {
                newPage();
            }
            try {
                y -= 6;
                stream.setStrokingColor(Color.BLACK);
                stream.setLineWidth(1f);
                stream.moveTo(MARGIN, y);
                stream.lineTo(MARGIN + WIDTH, y);
                stream.stroke();
                y -= BODY_SIZE * LEADING;
                stream.beginText();
                stream.setFont(font, BODY_SIZE);
                stream.newLineAtOffset(MARGIN, y);
                stream.showText(heading);
                stream.endText();
                y -= PARAGRAPH_GAP;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            stream.close();
        }

        /** Refuses a character the font cannot show, naming the portion and the offset in its text. */
        private void check(Paragraph p) {
            String where = p.index() == 0 ? "the title" : "portion " + p.index();
            checkGlyphs(p.mark(), p.index(), where + "'s portion mark", -1);
            checkGlyphs(clean(p.text()), p.index(), where, 0);
        }

        private void checkGlyphs(String s, int portion, String where, int base) {
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (cp != '\n' && !hasGlyph(cp)) {
                    int offset = base < 0 ? 0 : i;
                    String message = where + " has U+" + String.format("%04X", cp) + " at offset " + i
                            + ", which the PDF font cannot show; export as json, ism or 4774 instead";
                    throw new Problem(422, "export.pdf-glyph", "Unprocessable Content", message,
                            Map.of("errors", List.of(Map.of("portion", portion, "rule", "export.pdf-glyph",
                                    "offset", offset, "message", message))));
                }
                i += Character.charCount(cp);
            }
        }

        private boolean hasGlyph(int cp) {
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }

        /**
         * The lines of a paragraph: the portion mark first, kept whole, then the words; a word wider than
         * a line is cut. Line breaks in the text start new lines.
         */
        private List<String> wrap(String mark, String text, float size) {
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            boolean first = true;
            for (String hard : text.split("\n", -1)) {
                List<String> words = new ArrayList<>();
                if (first) {
                    words.add(mark);
                    first = false;
                }
                for (String w : hard.split(" +")) {
                    if (!w.isEmpty()) {
                        words.add(w);
                    }
                }
                for (String w : words) {
                    String candidate = line.isEmpty() ? w : line + " " + w;
                    if (width(font, candidate, size) <= WIDTH) {
                        line.setLength(0);
                        line.append(candidate);
                        continue;
                    }
                    if (!line.isEmpty()) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    String rest = w;
                    while (width(font, rest, size) > WIDTH) {
                        int cut = fit(rest, size);
                        lines.add(rest.substring(0, cut));
                        rest = rest.substring(cut);
                    }
                    line.append(rest);
                }
                lines.add(line.toString());
                line.setLength(0);
            }
            return lines;
        }

        /** How many chars of {@code s} fit on a line (at least one code point). */
        private int fit(String s, float size) {
            int end = s.offsetByCodePoints(0, 1);
            while (end < s.length()) {
                int next = s.offsetByCodePoints(end, 1);
                if (width(font, s.substring(0, next), size) > WIDTH) {
                    break;
                }
                end = next;
            }
            return end;
        }
    }

    /** Line ends as {@code \n}, tabs as spaces; other characters are left for the glyph check. */
    static String clean(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
    }
}
