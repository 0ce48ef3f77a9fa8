package io.tearline.markings.internal.interchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.markings.InterchangeException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/** The parser's configuration itself, and its second line of defence behind the DOCTYPE ban. */
class SecureXmlTest {

    @Test
    void theReaderIsConfiguredAgainstHostileInput() throws Exception {
        XMLReader r = SecureXml.newReader();
        assertThat(r.getFeature("http://apache.org/xml/features/disallow-doctype-decl")).isTrue();
        assertThat(r.getFeature("http://xml.org/sax/features/external-general-entities")).isFalse();
        assertThat(r.getFeature("http://xml.org/sax/features/external-parameter-entities")).isFalse();
        assertThat(r.getFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd")).isFalse();
        assertThat(r.getProperty(XMLConstants.ACCESS_EXTERNAL_DTD)).isEqualTo("");
        assertThat(r.getProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA)).isEqualTo("");
        assertThat(String.valueOf(r.getProperty("jdk.xml.maxElementDepth"))).isEqualTo("16");
        assertThat(String.valueOf(r.getProperty("jdk.xml.elementAttributeLimit"))).isEqualTo("32");
        assertThat(String.valueOf(r.getProperty("jdk.xml.entityExpansionLimit"))).isEqualTo("1");
        assertThat(String.valueOf(r.getProperty("jdk.xml.totalEntitySizeLimit"))).isEqualTo("1024");
    }

    /** Were the DOCTYPE ban lifted, the entity limits would still stop "billion laughs" and XXE. */
    @Test
    void behindTheDoctypeBanEntityLimitsAndTheResolverStillHold() throws Exception {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            sb.append(" <!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                sb.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            sb.append("\">\n");
        }
        sb.append("]>\n<lolz>&lol9;</lolz>");
        XMLReader r = SecureXml.newReader();
        r.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        r.setContentHandler(new DefaultHandler());
        r.setErrorHandler(new DefaultHandler());
        long start = System.nanoTime();
        assertThatThrownBy(() -> r.parse(new InputSource(new StringReader(sb.toString()))))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("JAXP");
        assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);

        XMLReader x = SecureXml.newReader();
        x.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        x.setFeature("http://xml.org/sax/features/external-general-entities", true);
        x.setContentHandler(new DefaultHandler());
        x.setErrorHandler(new DefaultHandler());
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r>&x;</r>";
        assertThatThrownBy(() -> x.parse(new InputSource(new StringReader(xxe)))).isInstanceOf(org.xml.sax.SAXException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }

    @Test
    void theReusedReaderParsesCleanlyAfterARefusal() {
        String ok = "<?xml version=\"1.0\"?><tl:report xmlns:tl=\"urn:tearline:report:1\"/>";
        assertThatThrownBy(() -> SecureXml.parse("<a>".repeat(1000) + "</a>".repeat(1000)))
                .isInstanceOfSatisfying(InterchangeException.class, e -> assertThat(e.rule()).isEqualTo("xml.limit"));
        assertThatThrownBy(() -> SecureXml.parse("<!DOCTYPE r []><r/>"))
                .isInstanceOfSatisfying(InterchangeException.class, e -> assertThat(e.rule()).isEqualTo("xml.doctype"));
        // the same thread's reader now reports a schema error for a well-formed document, not a stale failure
        assertThatThrownBy(() -> SecureXml.parse(ok))
                .isInstanceOfSatisfying(InterchangeException.class, e -> assertThat(e.rule()).isEqualTo("xml.schema"));
    }
}
