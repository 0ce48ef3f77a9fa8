package io.tearline.markings.internal.interchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.markings.ConfidentialityLabel;
import io.tearline.markings.Interchange;
import io.tearline.markings.InterchangeException;
import io.tearline.markings.MarkedDocument;
import io.tearline.markings.Markings;
import io.tearline.markings.Stanag4774;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A forger who recomputes the (keyless) digest still cannot make a label say something other than the
 * element's ISM marking: import compares the two.
 */
class BindingForgeryTest {

    private static final Instant T = Instant.parse("2026-01-15T09:00:00Z");

    @Test
    void aLabelThatDisagreesWithTheMarkingIsRefusedEvenWithAMatchingDigest() {
        Markings m = Markings.standard();
        MarkedDocument.Part p1 = new MarkedDocument.Part(1, m.parse("(//GBR S//REL TO USA, GBR)"), "one");
        MarkedDocument doc = MarkedDocument.of("r", "GBR", "ORG", T, Optional.empty(), List.of(p1));
        String xml = Interchange.toBoundXml(doc);
        ConfidentialityLabel real = Stanag4774.label(p1.marking(), T);
        ConfidentialityLabel forged = Stanag4774.label(m.parse("(//GBR C//REL TO USA, GBR)"), T);
        String realDigest = DocumentXml.digest("#p1", real, DocumentXml.portionData(p1));
        String forgedDigest = DocumentXml.digest("#p1", forged, DocumentXml.portionData(p1));
        assertThat(xml).contains(realDigest);
        // the portion's binding is the last one: change its label and recompute its digest
        int at = xml.lastIndexOf("<slab:Classification>SECRET</slab:Classification>");
        String tampered = xml.substring(0, at) + "<slab:Classification>CONFIDENTIAL</slab:Classification>"
                + xml.substring(at + "<slab:Classification>SECRET</slab:Classification>".length());
        tampered = tampered.replace(realDigest, forgedDigest);
        String t = tampered;
        assertThatThrownBy(() -> Interchange.fromBoundXml(t)).isInstanceOfSatisfying(InterchangeException.class, e -> {
            assertThat(e.rule()).as(e.getMessage()).isEqualTo("stanag4778.label-mismatch");
            assertThat(e.attribute()).isEqualTo("slab:originatorConfidentialityLabel");
            assertThat(e.line()).isPositive();
        });
    }
}
