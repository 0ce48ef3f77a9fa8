package io.tearline.markings.internal.interchange;

import io.tearline.markings.InterchangeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/** A parsed element: name, attributes, text and children, with the line and column where it starts. */
public final class XmlNode {

    /** One attribute. */
    public record Attr(String namespace, String local, String qname, String value) {}

    final String namespace;
    final String local;
    final String qname;
    final List<Attr> attributes;
    final List<XmlNode> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    final int line;
    final int column;

    XmlNode(String namespace, String local, String qname, List<Attr> attributes, int line, int column) {
        this.namespace = namespace;
        this.local = local;
        this.qname = qname;
        this.attributes = attributes;
        this.line = line;
        this.column = column;
    }

    String attr(String namespace, String local) {
        for (Attr a : attributes) {
            if (a.namespace().equals(namespace) && a.local().equals(local)) {
                return a.value();
            }
        }
        return null;
    }

    String text() {
        return text.toString();
    }

    List<XmlNode> children(String namespace, String local) {
        return children.stream().filter(c -> c.namespace.equals(namespace) && c.local.equals(local)).toList();
    }

    XmlNode child(String namespace, String local) {
        List<XmlNode> c = children(namespace, local);
        if (c.size() != 1) {
            throw error("xml.structure", qname, "expected exactly one " + local);
        }
        return c.get(0);
    }

    InterchangeException error(String rule, String attribute, String message) {
        return new InterchangeException(rule, message, line, column, attribute);
    }

    IsmMapping.Where where() {
        return new IsmMapping.Where(line, column, "ism:");
    }

    /** A limit enforced while building: carried through the parser as the cause of a SAXException. */
    static final class Refused extends SAXException {
        private static final long serialVersionUID = 1L;
        private final transient InterchangeException error;

        Refused(InterchangeException error) {
            super(error.getMessage());
            this.error = error;
        }

        InterchangeException error() {
            return error;
        }
    }

    /** Builds the tree and forwards every event to the schema validator. */
    static final class Builder implements ContentHandler {
        private final ContentHandler validator;
        private final int maxAttributeValue;
        private final Deque<XmlNode> stack = new ArrayDeque<>();
        private Locator locator;
        private XmlNode root;

        Builder(ContentHandler validator, int maxAttributeValue) {
            this.validator = validator;
            this.maxAttributeValue = maxAttributeValue;
        }

        XmlNode root() {
            return root;
        }

        private int line() {
            return locator == null ? 0 : locator.getLineNumber();
        }

        private int column() {
            return locator == null ? 0 : locator.getColumnNumber();
        }

        @Override
        public void setDocumentLocator(Locator l) {
            this.locator = l;
            validator.setDocumentLocator(l);
        }

        @Override
        public void startDocument() throws SAXException {
            validator.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            validator.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            validator.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            validator.endPrefixMapping(prefix);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            List<Attr> list = new ArrayList<>(atts.getLength());
            for (int i = 0; i < atts.getLength(); i++) {
                String v = atts.getValue(i);
                if (v.length() > maxAttributeValue) {
                    throw new Refused(new InterchangeException("xml.limit", "an attribute value of " + v.length()
                            + " characters exceeds the limit of " + maxAttributeValue, line(), column(), atts.getQName(i)));
                }
                list.add(new Attr(atts.getURI(i), atts.getLocalName(i), atts.getQName(i), v));
            }
            XmlNode n = new XmlNode(uri, localName, qName, List.copyOf(list), line(), column());
            if (stack.isEmpty()) {
                root = n;
            } else {
                stack.peek().children.add(n);
            }
            stack.push(n);
            validator.startElement(uri, localName, qName, new AttributesImpl(atts));
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            stack.pop();
            validator.endElement(uri, localName, qName);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (!stack.isEmpty()) {
                stack.peek().text.append(ch, start, length);
            }
            validator.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            validator.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            validator.processingInstruction(target, data);
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            throw new Refused(new InterchangeException("xml.entity", "entity references are refused: &" + name + ";", line(), column(), ""));
        }
    }
}
