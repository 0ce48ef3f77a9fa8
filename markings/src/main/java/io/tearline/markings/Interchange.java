package io.tearline.markings;

import io.tearline.markings.internal.interchange.DocumentXml;

/**
 * Marked documents in and out as XML (README.md, Interchange).
 *
 * <ul>
 *   <li>{@link #toIsmXml}: ISM XML. The root {@code tl:report} (namespace {@code urn:tearline:report:1}) is
 *       the ISM resource element ({@code ism:resourceElement="true"}, {@code ism:createDate},
 *       {@code ism:DESVersion="10"}) and carries the banner's ISM attributes; {@code tl:title} and each
 *       {@code tl:portion} carry their own (see {@link Ism}).</li>
 *   <li>{@link #toBoundXml}: the same, plus an ADatP-4778 {@code BindingInformation} binding a STANAG 4774
 *       label (see {@link Stanag4774}) to the document and to every portion, each binding with a SHA-256
 *       digest over its label and its data.</li>
 *   <li>{@link #fromXml}: reads either form, verifying the binding when there is one.</li>
 * </ul>
 *
 * <p>Every export is validated against Tearline's ISM schema (a variant of ISM.XML v10, under
 * {@code io/tearline/markings/interchange/}) and read back before it is returned. Import parses with a
 * hardened parser (no DTDs or entities, limits on depth, attributes and sizes), validates against the
 * schema, maps every marking through Tearline's validator, and insists that the banner is the roll-up of the
 * portions; any failure is an {@link InterchangeException} with line, column and attribute.
 *
 * <p>Stateless and thread-safe.
 */
public final class Interchange {

    private Interchange() {}

    /**
     * The document as ISM XML.
     *
     * @throws InterchangeException when the banner is not the roll-up of the parts, an index is out of order,
     *                              or a text holds a character XML 1.0 cannot carry
     */
    public static String toIsmXml(MarkedDocument document) {
        return DocumentXml.write(document, false);
    }

    /**
     * The document as ISM XML with a 4778 binding of 4774 labels.
     *
     * @throws InterchangeException as {@link #toIsmXml}, and {@code stanag4774.unmappable} when the banner or a
     *                              portion has no 4774 label (JOINT, several foreign owners, concealed source)
     */
    public static String toBoundXml(MarkedDocument document) {
        return DocumentXml.write(document, true);
    }

    /**
     * Reads a document written in either form; a binding, when present, must verify.
     *
     * @throws InterchangeException located by line, column and attribute
     */
    public static MarkedDocument fromXml(String xml) {
        return DocumentXml.read(xml, false);
    }

    /**
     * Reads a document that must carry a verified 4778 binding.
     *
     * @throws InterchangeException located by line, column and attribute; {@code stanag4778.missing} when
     *                              there is no binding
     */
    public static MarkedDocument fromBoundXml(String xml) {
        return DocumentXml.read(xml, true);
    }
}
