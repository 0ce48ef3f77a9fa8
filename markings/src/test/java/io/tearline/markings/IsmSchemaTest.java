package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXParseException;

/**
 * Tearline's ISM schema, checked on its own: exports validate against it with a plain JAXP validator (not
 * the code under test), its value lists are ISM v10's where it says so, and the register's codes fit it.
 */
class IsmSchemaTest {

    private static final String DIR = "/io/tearline/markings/interchange/";
    private static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

    private static Schema schema() throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        List<StreamSource> sources = new ArrayList<>();
        for (String s : List.of("ism-v10-tearline.xsd", "tearline-digest.xsd", "stanag-4774-label-tearline.xsd",
                "stanag-4774-4778-tearline.xsd", "tearline-report.xsd")) {
            sources.add(new StreamSource(IsmSchemaTest.class.getResource(DIR + s).toExternalForm()));
        }
        return f.newSchema(sources.toArray(new StreamSource[0]));
    }

    private static void validate(String xml) throws Exception {
        Validator v = schema().newValidator();
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        v.validate(new StreamSource(new StringReader(xml)));
    }

    @Test
    void exportsValidateAgainstTheSchema() throws Exception {
        Markings m = Markings.standard();
        MarkedDocument us = MarkedDocument.of("r", "USA", "ORG", T,
                Optional.of(new MarkedDocument.Part(0, m.parse("(TS//SI-G ABCD//OC/NF)"), "title")),
                List.of(new MarkedDocument.Part(1, m.parse("(S//RD-CNWDI//FGI DEU GBR//NF)"), "a"),
                        new MarkedDocument.Part(2, m.parse("(//NATO S//ATOMAL//REL TO USA, GBR)"), "b"),
                        new MarkedDocument.Part(3, m.parse("(U//FOUO//LES-NF)"), "c")));
        validate(Interchange.toIsmXml(us));
        validate(Interchange.toBoundXml(us));
        MarkedDocument joint = MarkedDocument.of("r", "GBR", "ORG", T, Optional.empty(),
                List.of(new MarkedDocument.Part(1, m.parse("(//JOINT S GBR USA//REL TO USA, GBR)"), "j")));
        validate(Interchange.toIsmXml(joint));
        // and the same validator refuses a value outside the lists, with a location
        String bad = Interchange.toIsmXml(us).replace("ism:disseminationControls=\"OC NF\"", "ism:disseminationControls=\"OC NOFORN\"");
        assertThatThrownBy(() -> validate(bad)).isInstanceOfSatisfying(SAXParseException.class,
                e -> assertThat(e.getLineNumber()).isGreaterThan(1));
    }

    /** The enumeration values of a named simple type in the ISM schema, in order. */
    private static List<String> enumeration(String type) throws Exception {
        String xsd;
        try (var in = IsmSchemaTest.class.getResourceAsStream(DIR + "ism-v10-tearline.xsd")) {
            xsd = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int from = xsd.indexOf("<xsd:simpleType name=\"" + type + "\">");
        int to = xsd.indexOf("</xsd:simpleType>", from);
        assertThat(from).as(type).isPositive();
        List<String> out = new ArrayList<>();
        Matcher mm = Pattern.compile("<xsd:enumeration value=\"([^\"]+)\"/>").matcher(xsd.substring(from, to));
        while (mm.find()) {
            out.add(mm.group(1));
        }
        return out;
    }

    @Test
    void valueListsAreIsmV10s() throws Exception {
        // CVEnumISMClassificationAll.xml (ISM v10)
        assertThat(enumeration("ClassificationAll")).containsExactlyInAnyOrder("R", "C", "S", "TS", "U");
        // CVEnumISMDissem.xml (ISM v10), plus OC-USGOV from later releases
        assertThat(enumeration("DissemToken")).containsExactlyInAnyOrder("RS", "FOUO", "OC", "IMC", "NF", "PR", "REL", "RELIDO",
                "EYES", "DSEN", "FISA", "DISPLAYONLY", "OC-USGOV");
        // CVEnumISMNonIC.xml (ISM v10) without the ACCM and NNPI patterns
        assertThat(enumeration("NonICToken")).containsExactlyInAnyOrder("DS", "XD", "ND", "SBU", "SBU-NF", "LES", "LES-NF", "SSI");
        // CVEnumISMNonUSControls.xml (ISM v10)
        assertThat(enumeration("NonUSControlsToken")).containsExactly("ATOMAL", "BOHEMIA", "BALK");
    }

    @Test
    void theMappingWritesOnlyTokensInTheSchema() throws Exception {
        Set<String> dissem = new LinkedHashSet<>(enumeration("DissemToken"));
        Set<String> nonIc = new LinkedHashSet<>(enumeration("NonICToken"));
        MarkingGen gen = new MarkingGen(42);
        for (int i = 0; i < 2000; i++) {
            Marking mk = gen.next();
            if (Markings.standard().check(mk.banner()).verdict() != Verdict.VALID) {
                continue;
            }
            IsmAttributes a = Ism.attributes(mk);
            a.get("disseminationControls").ifPresent(v -> assertThat(dissem).containsAll(List.of(v.split(" "))));
            a.get("nonICmarkings").ifPresent(v -> assertThat(nonIc).containsAll(List.of(v.split(" "))));
        }
    }

    @Test
    void everyRegisteredCodeFitsTheSchemasCodeForm() {
        Register r = Register.standard();
        assertThat(r.countries()).isNotEmpty().allMatch(c -> c.matches("[A-Z][A-Z0-9]{2}"));
        assertThat(r.tetragraphs()).isNotEmpty().allMatch(c -> c.matches("[A-Z][A-Z0-9]{3}"));
    }
}
