package io.tearline.markings.internal.interchange;

import io.tearline.markings.InterchangeException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * The one place XML is parsed: a SAX reader configured against hostile input, with schema validation in
 * the same pass.
 *
 * <ul>
 *   <li>No DTD at all ({@code disallow-doctype-decl}): a DOCTYPE is a fatal error, so external entities
 *       (XXE), external DTDs and entity expansion ("billion laughs") cannot start. The entity limits and the
 *       external-access properties are set as well, in case a future change lets a DTD through.</li>
 *   <li>{@code FEATURE_SECURE_PROCESSING}; {@code ACCESS_EXTERNAL_DTD} and {@code ACCESS_EXTERNAL_SCHEMA}
 *       empty: nothing is ever fetched, for the document or for the schemas.</li>
 *   <li>{@code jdk.xml.maxElementDepth} {@value #MAX_DEPTH}, {@code jdk.xml.elementAttributeLimit}
 *       {@value #MAX_ATTRIBUTES}, {@code jdk.xml.maxXMLNameLimit} {@value #MAX_NAME}: deep nesting, attribute
 *       floods and huge names stop in the parser.</li>
 *   <li>The JDK has no limit on an attribute value's length, so the document as a whole is capped at
 *       {@value #MAX_CHARS} characters before parsing and every attribute value at
 *       {@value #MAX_ATTRIBUTE_VALUE} characters as it is read.</li>
 * </ul>
 */
public final class SecureXml {

    private SecureXml() {}

    public static final int MAX_CHARS = 16 * 1024 * 1024;
    public static final int MAX_DEPTH = 16;
    public static final int MAX_ATTRIBUTES = 32;
    public static final int MAX_NAME = 128;
    public static final int MAX_ATTRIBUTE_VALUE = 4096;

    private static final String[] SCHEMAS = {
        "ism-v10-tearline.xsd", "tearline-digest.xsd", "stanag-4774-label-tearline.xsd",
        "stanag-4774-4778-tearline.xsd", "tearline-report.xsd"};

    private static final Schema SCHEMA = loadSchema();

    private static Schema loadSchema() {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            StreamSource[] sources = new StreamSource[SCHEMAS.length];
            for (int i = 0; i < SCHEMAS.length; i++) {
                var url = SecureXml.class.getResource("/io/tearline/markings/interchange/" + SCHEMAS[i]);
                if (url == null) {
                    throw new IllegalStateException("missing schema " + SCHEMAS[i]);
                }
                sources[i] = new StreamSource(url.toExternalForm());
            }
            return f.newSchema(sources);
        } catch (SAXException e) {
            throw new IllegalStateException("Tearline's interchange schema does not load: " + e.getMessage(), e);
        }
    }

    /** Configuring a reader costs milliseconds; each thread reuses its own (parse() resets it). */
    private static final ThreadLocal<XMLReader> READERS = ThreadLocal.withInitial(SecureXml::newReader);

    static XMLReader newReader() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            XMLReader r = f.newSAXParser().getXMLReader();
            r.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            r.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            r.setProperty("jdk.xml.maxElementDepth", String.valueOf(MAX_DEPTH));
            r.setProperty("jdk.xml.elementAttributeLimit", String.valueOf(MAX_ATTRIBUTES));
            r.setProperty("jdk.xml.maxXMLNameLimit", String.valueOf(MAX_NAME));
            r.setProperty("jdk.xml.entityExpansionLimit", "1");
            r.setProperty("jdk.xml.maxGeneralEntitySizeLimit", "1024");
            r.setProperty("jdk.xml.maxParameterEntitySizeLimit", "1024");
            r.setProperty("jdk.xml.totalEntitySizeLimit", "1024");
            r.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are refused: " + systemId);
            });
            return r;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the XML parser cannot be secured: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and schema-validates a document in one pass.
     *
     * @throws InterchangeException with line, column and (for schema errors) the attribute, for any
     *                              malformed, hostile or invalid input
     */
    public static XmlNode parse(String xml) {
        if (xml.length() > MAX_CHARS) {
            throw new InterchangeException("xml.too-large", "the document has " + xml.length() + " characters; the limit is " + MAX_CHARS, 1, 1, "");
        }
        XMLReader reader = READERS.get();
        ValidatorHandler vh = SCHEMA.newValidatorHandler();
        Errors errors = new Errors();
        vh.setErrorHandler(errors);
        XmlNode.Builder builder = new XmlNode.Builder(vh, MAX_ATTRIBUTE_VALUE);
        reader.setContentHandler(builder);
        reader.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            reader.parse(new InputSource(new StringReader(xml)));
        } catch (XmlNode.Refused e) {
            throw e.error();
        } catch (SAXParseException e) {
            throw fatal(e);
        } catch (SAXException e) {
            throw new InterchangeException(rule(e.getMessage()), String.valueOf(e.getMessage()), 0, 0, "");
        } catch (IOException e) {
            throw new InterchangeException("xml.malformed", "unreadable: " + e.getMessage(), 0, 0, "");
        }
        finally {
            reader.setContentHandler(null);
        }
        if (!errors.list.isEmpty()) {
            SAXParseException first = errors.list.get(0);
            String attribute = "";
            for (SAXParseException e : errors.list) {
                if (e.getLineNumber() == first.getLineNumber() && e.getColumnNumber() == first.getColumnNumber()) {
                    String a = quoted(e.getMessage(), "attribute '");
                    if (a == null) {
                        a = quoted(e.getMessage(), "Attribute '");
                        if (a != null && e.getMessage().contains("namespace 'urn:us:gov:ic:ism'")) {
                            a = "ism:" + a;
                        }
                    }
                    if (a != null) {
                        attribute = a;
                        break;
                    }
                }
            }
            throw new InterchangeException("xml.schema", first.getMessage(), first.getLineNumber(), first.getColumnNumber(), attribute);
        }
        return builder.root();
    }

    private static InterchangeException fatal(SAXParseException e) {
        if (e.getException() instanceof XmlNode.Refused r) {
            return r.error();
        }
        return new InterchangeException(rule(e.getMessage()), String.valueOf(e.getMessage()), e.getLineNumber(), e.getColumnNumber(), "");
    }

    private static String rule(String message) {
        String m = String.valueOf(message);
        if (m.contains("DOCTYPE")) {
            return "xml.doctype";
        }
        if (m.contains("JAXP") || m.contains("jdk.xml") || m.contains("limit")) {
            return "xml.limit";
        }
        if (m.contains("external entities")) {
            return "xml.external";
        }
        return "xml.malformed";
    }

    private static String quoted(String message, String after) {
        if (message == null) {
            return null;
        }
        int i = message.indexOf(after);
        if (i < 0) {
            return null;
        }
        int from = i + after.length();
        int to = message.indexOf('\'', from);
        return to > from ? message.substring(from, to) : null;
    }

    private static final class Errors implements ErrorHandler {
        final List<SAXParseException> list = new ArrayList<>();

        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) {
            if (list.size() < 32) {
                list.add(e);
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }
}
