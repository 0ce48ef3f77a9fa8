package io.tearline.markings.internal.interchange;

import io.tearline.markings.ConfidentialityLabel;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.IsmAttributes;
import io.tearline.markings.MarkedDocument;
import io.tearline.markings.Marking;
import io.tearline.markings.MarkingException;
import io.tearline.markings.Markings;
import io.tearline.markings.Rollup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link MarkedDocument} as ISM XML, optionally with an ADatP-4778 binding of STANAG 4774 labels.
 *
 * <p>Digest of one {@code MetadataBinding} (Tearline's own; 4778 would sign instead): SHA-256 over a
 * sequence of fields, each written as its UTF-8 byte length (4 bytes, big-endian) followed by its UTF-8
 * bytes, in this order:
 * <ol>
 *   <li>{@code tearline-4778-digest-v1};</li>
 *   <li>the {@code DataReference/@URI} ({@code #doc} or {@code #p<index>});</li>
 *   <li>the label: policy URI, policy name, classification, the number of categories, then for each
 *       category its tag name, type, number of values and the values; then the creation time
 *       ({@link Instant#toString()});</li>
 *   <li>the bound data. For a portion: {@code portion}, its index, its ISM attributes (their number, then
 *       {@code name=value} for each in Tearline's order) and its text. For the document ({@code #doc}):
 *       {@code document}, the report id, owner, originator, creation time, the resource's ISM attributes,
 *       the number of parts, and for each part (title first) its index, ISM attributes and text.</li>
 * </ol>
 * So a changed text, marking, label, index, added or removed portion, or a label moved to other data,
 * changes a digest. The digest has no key: it detects changes made without recomputing it, not an
 * attacker who rewrites both; that needs the 4778 signature, which Tearline does not write yet.
 */
public final class DocumentXml {

    private DocumentXml() {}

    public static final String TL = "urn:tearline:report:1";
    public static final String ISM = "urn:us:gov:ic:ism";
    public static final String BIN = "urn:nato:stanag:4778:bindinginformation:1:0";
    public static final String SLAB = "urn:nato:stanag:4774:confidentialitymetadatalabel:1:0";
    public static final String TLD = "urn:tearline:digest:1";
    private static final String DIGEST_VERSION = "tearline-4778-digest-v1";

    // ------------------------------------------------------------------------------------------ write

    public static String write(MarkedDocument doc, boolean bind) {
        Marking rolled = rollup(doc);
        if (!rolled.equals(doc.banner())) {
            throw new InterchangeException("ism.rollup", "the banner " + doc.banner().banner()
                    + " is not the roll-up of the portions (" + rolled.banner() + ")");
        }
        int last = -1;
        for (MarkedDocument.Part p : doc.parts()) {
            boolean title = doc.title().isPresent() && p == doc.title().get();
            if (title ? p.index() != 0 : p.index() <= Math.max(last, 0)) {
                throw new InterchangeException("document.index", "portion index " + p.index()
                        + (title ? ": the title is index 0" : ": body portions are numbered from 1, increasing"));
            }
            last = p.index();
        }
        StringBuilder sb = new StringBuilder(256 + 128 * doc.portions().size());
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<tl:report xmlns:tl=\"").append(TL).append("\" xmlns:ism=\"").append(ISM).append('"');
        attr(sb, "id", "doc");
        attr(sb, "reportId", doc.id());
        attr(sb, "owner", doc.owner());
        attr(sb, "originator", doc.originator());
        attr(sb, "created", doc.created().toString());
        attr(sb, "ism:resourceElement", "true");
        attr(sb, "ism:createDate", doc.created().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        attr(sb, "ism:DESVersion", "10");
        ism(sb, doc.banner());
        sb.append(">\n");
        for (MarkedDocument.Part p : doc.parts()) {
            String tag = p.index() == 0 ? "tl:title" : "tl:portion";
            sb.append("  <").append(tag);
            attr(sb, "index", Integer.toString(p.index()));
            attr(sb, "id", "p" + p.index());
            ism(sb, p.marking());
            sb.append('>');
            text(sb, p.text(), p.index());
            sb.append("</").append(tag).append(">\n");
        }
        if (bind) {
            sb.append("  <bin:BindingInformation xmlns:bin=\"").append(BIN).append("\" xmlns:slab=\"").append(SLAB)
                    .append("\" xmlns:tld=\"").append(TLD).append("\">\n    <bin:MetadataBindingContainer>\n");
            binding(sb, "#doc", label(doc.banner(), doc.created(), "the banner"), documentData(doc));
            for (MarkedDocument.Part p : doc.parts()) {
                binding(sb, "#p" + p.index(), label(p.marking(), doc.created(), "portion " + p.index()), portionData(p));
            }
            sb.append("    </bin:MetadataBindingContainer>\n  </bin:BindingInformation>\n");
        }
        sb.append("</tl:report>\n");
        String xml = sb.toString();
        // every export is checked against the schema and read back through the importer
        MarkedDocument back = read(xml, bind);
        if (!back.equals(doc)) {
            throw new IllegalStateException("the export does not read back as the same document");
        }
        return xml;
    }

    private static ConfidentialityLabel label(Marking m, Instant created, String what) {
        try {
            return LabelMapping.label(m, created);
        } catch (InterchangeException e) {
            throw new InterchangeException(e.rule(), what + ": " + e.getMessage());
        }
    }

    private static void binding(StringBuilder sb, String uri, ConfidentialityLabel l, List<String> data) {
        sb.append("      <bin:MetadataBinding>\n        <bin:Metadata>\n          <slab:originatorConfidentialityLabel>\n");
        sb.append("            <slab:ConfidentialityInformation>\n");
        sb.append("              <slab:PolicyIdentifier");
        attr(sb, "URI", l.policyUri());
        sb.append('>');
        text(sb, l.policyName(), -1);
        sb.append("</slab:PolicyIdentifier>\n              <slab:Classification>");
        text(sb, l.classification(), -1);
        sb.append("</slab:Classification>\n");
        for (ConfidentialityLabel.Category c : l.categories()) {
            sb.append("              <slab:Category");
            attr(sb, "TagName", c.tagName());
            attr(sb, "Type", c.type().name());
            sb.append('>');
            for (String v : c.values()) {
                sb.append("<slab:GenericValue>");
                text(sb, v, -1);
                sb.append("</slab:GenericValue>");
            }
            sb.append("</slab:Category>\n");
        }
        sb.append("            </slab:ConfidentialityInformation>\n            <slab:CreationDateTime>").append(l.created())
                .append("</slab:CreationDateTime>\n          </slab:originatorConfidentialityLabel>\n        </bin:Metadata>\n");
        sb.append("        <bin:DataReference");
        attr(sb, "URI", uri);
        sb.append("/>\n        <tld:Digest algorithm=\"SHA-256\">").append(digest(uri, l, data)).append("</tld:Digest>\n");
        sb.append("      </bin:MetadataBinding>\n");
    }

    private static void ism(StringBuilder sb, Marking m) {
        IsmAttributes a = IsmMapping.attributes(m);
        a.values().forEach((k, v) -> attr(sb, "ism:" + k, v));
    }

    private static void attr(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '"' -> sb.append("&quot;");
                case '\t' -> sb.append("&#9;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    checkChar(value, i, name);
                    sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    private static void text(StringBuilder sb, String value, int portion) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    checkChar(value, i, portion >= 0 ? "portion " + portion : "label");
                    sb.append(c);
                }
            }
        }
    }

    /** XML 1.0 cannot carry control characters, lone surrogates or U+FFFE/U+FFFF: refuse them by position. */
    private static void checkChar(String s, int i, String where) {
        char c = s.charAt(i);
        boolean bad = c < 0x20 || c == 0xFFFE || c == 0xFFFF
                || Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
        if (bad) {
            throw new InterchangeException("xml.character", where + ": character U+" + String.format("%04X", (int) c)
                    + " at offset " + i + " cannot be written in XML 1.0");
        }
    }

    // ------------------------------------------------------------------------------------------ digest

    static List<String> portionData(MarkedDocument.Part p) {
        List<String> f = new ArrayList<>();
        f.add("portion");
        part(f, p);
        return f;
    }

    private static void part(List<String> f, MarkedDocument.Part p) {
        f.add(Integer.toString(p.index()));
        attributes(f, p.marking());
        f.add(p.text());
    }

    private static void attributes(List<String> f, Marking m) {
        Map<String, String> a = IsmMapping.attributes(m).values();
        f.add(Integer.toString(a.size()));
        a.forEach((k, v) -> f.add(k + "=" + v));
    }

    private static List<String> documentData(MarkedDocument doc) {
        List<String> f = new ArrayList<>();
        f.add("document");
        f.add(doc.id());
        f.add(doc.owner());
        f.add(doc.originator());
        f.add(doc.created().toString());
        attributes(f, doc.banner());
        List<MarkedDocument.Part> parts = doc.parts();
        f.add(Integer.toString(parts.size()));
        parts.forEach(p -> part(f, p));
        return f;
    }

    static String digest(String uri, ConfidentialityLabel l, List<String> data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            field(md, DIGEST_VERSION);
            field(md, uri);
            field(md, l.policyUri());
            field(md, l.policyName());
            field(md, l.classification());
            field(md, Integer.toString(l.categories().size()));
            for (ConfidentialityLabel.Category c : l.categories()) {
                field(md, c.tagName());
                field(md, c.type().name());
                field(md, Integer.toString(c.values().size()));
                c.values().forEach(v -> field(md, v));
            }
            field(md, l.created().toString());
            data.forEach(d -> field(md, d));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void field(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
    }

    // ------------------------------------------------------------------------------------------ read

    public static MarkedDocument read(String xml, boolean requireBinding) {
        XmlNode root = SecureXml.parse(xml);
        if (!root.namespace.equals(TL) || !root.local.equals("report")) {
            throw root.error("xml.schema", root.qname, "the root element is tl:report");
        }
        Instant created;
        try {
            created = Instant.parse(root.attr("", "created"));
        } catch (DateTimeParseException e) {
            throw root.error("document.created", "created", "created is an instant in UTC, e.g. 2026-01-15T09:00:00Z");
        }
        String createDate = root.attr(ISM, "createDate");
        if (!created.atOffset(ZoneOffset.UTC).toLocalDate().toString().equals(createDate)) {
            throw root.error("document.createDate", "ism:createDate", "ism:createDate " + createDate + " is not the date of created " + created);
        }
        Optional<MarkedDocument.Part> title = Optional.empty();
        List<MarkedDocument.Part> portions = new ArrayList<>();
        Map<String, XmlNode> elements = new HashMap<>();
        int last = 0;
        for (XmlNode n : root.children) {
            if (!n.namespace.equals(TL)) {
                continue;
            }
            int index;
            try {
                index = Integer.parseInt(n.attr("", "index"));
            } catch (NumberFormatException e) {
                throw n.error("document.index", "index", "index " + n.attr("", "index") + " is out of range");
            }
            if (n.local.equals("title") ? index != 0 : index <= last) {
                throw n.error("document.index", "index", n.local.equals("title") ? "the title is index 0"
                        : "body portions are numbered from 1, increasing");
            }
            if (!n.attr("", "id").equals("p" + index)) {
                throw n.error("document.id", "id", "the portion with index " + index + " has id p" + index);
            }
            last = index;
            MarkedDocument.Part p = new MarkedDocument.Part(index, IsmMapping.marking(ism(n, false), n.where()), n.text());
            if (index == 0) {
                title = Optional.of(p);
            } else {
                portions.add(p);
            }
            elements.put("#p" + index, n);
        }
        Marking banner = IsmMapping.marking(ism(root, true), root.where());
        MarkedDocument doc = new MarkedDocument(root.attr("", "reportId"), root.attr("", "owner"), root.attr("", "originator"),
                created, banner, title, portions);
        Marking rolled;
        try {
            rolled = rollup(doc);
        } catch (MarkingException e) {
            throw root.error("ism.rollup", "", "the portions do not roll up: " + e.getMessage());
        }
        if (!rolled.equals(banner)) {
            Map<String, String> want = IsmMapping.attributes(rolled).values();
            Map<String, String> have = IsmMapping.attributes(banner).values();
            String at = "ism:classification";
            for (String k : union(want, have)) {
                if (!String.valueOf(want.get(k)).equals(String.valueOf(have.get(k)))) {
                    at = "ism:" + k;
                    break;
                }
            }
            throw root.error("ism.rollup", at, "the resource marking " + banner.banner()
                    + " is not the roll-up of the portions, " + rolled.banner());
        }
        List<XmlNode> bindings = root.children(BIN, "BindingInformation");
        if (bindings.isEmpty()) {
            if (requireBinding) {
                throw root.error("stanag4778.missing", "bin:BindingInformation", "the document carries no 4778 binding");
            }
            return doc;
        }
        elements.put("#doc", root);
        verify(doc, bindings.get(0), elements);
        return doc;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private static IsmAttributes ism(XmlNode n, boolean resource) {
        Map<String, String> a = new LinkedHashMap<>();
        for (XmlNode.Attr attr : n.attributes) {
            if (!attr.namespace().equals(ISM)) {
                continue;
            }
            if (resource && (attr.local().equals("resourceElement") || attr.local().equals("createDate") || attr.local().equals("DESVersion"))) {
                continue;
            }
            a.put(attr.local(), attr.value());
        }
        return new IsmAttributes(a);
    }

    private static void verify(MarkedDocument doc, XmlNode info, Map<String, XmlNode> elements) {
        Map<String, MarkedDocument.Part> parts = new HashMap<>();
        doc.parts().forEach(p -> parts.put("#p" + p.index(), p));
        Map<String, Boolean> bound = new HashMap<>();
        XmlNode container = info.child(BIN, "MetadataBindingContainer");
        for (XmlNode b : container.children(BIN, "MetadataBinding")) {
            XmlNode ref = b.child(BIN, "DataReference");
            String uri = ref.attr("", "URI");
            XmlNode target = elements.get(uri);
            if (target == null) {
                throw ref.error("stanag4778.reference", "URI", "the binding refers to " + uri + ", which is not in the document");
            }
            if (bound.put(uri, true) != null) {
                throw ref.error("stanag4778.reference", "URI", uri + " is bound twice");
            }
            XmlNode labelNode = b.child(BIN, "Metadata").child(SLAB, "originatorConfidentialityLabel");
            ConfidentialityLabel label = readLabel(labelNode);
            MarkedDocument.Part part = parts.get(uri);
            List<String> data = part == null ? documentData(doc) : portionData(part);
            XmlNode digest = b.child(TLD, "Digest");
            if (!digest.text().equals(digest(uri, label, data))) {
                throw digest.error("stanag4778.digest", "tld:Digest", "the digest does not match the label and the data of " + uri
                        + ": the label or the bound data was changed after binding");
            }
            Marking expected = part == null ? doc.banner() : part.marking();
            Marking labelled = LabelMapping.marking(label, new IsmMapping.Where(labelNode.line, labelNode.column, "slab:"));
            if (!labelled.equals(expected)) {
                throw labelNode.error("stanag4778.label-mismatch", "slab:originatorConfidentialityLabel", "the label of " + uri
                        + " says " + labelled.banner() + " but the element is marked " + expected.banner());
            }
        }
        for (Map.Entry<String, XmlNode> e : elements.entrySet()) {
            if (!bound.containsKey(e.getKey())) {
                XmlNode n = e.getValue();
                throw n.error("stanag4778.unbound", n.qname, e.getKey() + " has no label binding");
            }
        }
    }

    private static ConfidentialityLabel readLabel(XmlNode n) {
        XmlNode info = n.child(SLAB, "ConfidentialityInformation");
        XmlNode policy = info.child(SLAB, "PolicyIdentifier");
        List<ConfidentialityLabel.Category> cats = new ArrayList<>();
        for (XmlNode c : info.children(SLAB, "Category")) {
            List<String> values = c.children(SLAB, "GenericValue").stream().map(XmlNode::text).toList();
            cats.add(new ConfidentialityLabel.Category(c.attr("", "TagName"), ConfidentialityLabel.Type.valueOf(c.attr("", "Type")), values));
        }
        XmlNode createdNode = n.child(SLAB, "CreationDateTime");
        Instant created;
        try {
            created = Instant.parse(createdNode.text());
        } catch (DateTimeParseException e) {
            throw createdNode.error("stanag4774.created", "slab:CreationDateTime", "CreationDateTime is an instant in UTC");
        }
        return new ConfidentialityLabel(policy.attr("", "URI"), policy.text(), info.child(SLAB, "Classification").text(), cats, created);
    }

    private static Marking rollup(MarkedDocument doc) {
        List<Marking> markings = doc.parts().stream().map(MarkedDocument.Part::marking).toList();
        return switch (Markings.standard().rollupMarkings(markings)) {
            case Rollup.Accepted a -> a.banner();
            case Rollup.Rejected r -> throw new MarkingException(markings.size() + " portions",
                    r.errors().stream().map(Rollup.Located::violation).toList());
        };
    }
}
