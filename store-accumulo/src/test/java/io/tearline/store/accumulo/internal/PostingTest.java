package io.tearline.store.accumulo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A posting's value: what the index says of one term in one portion, decoded as it was written. */
class PostingTest {

    @Test
    void aPostingCarriesItsPortionsLabelLengthAndPositions() {
        Cells.Posting p = Cells.posting(Cells.posting(4711, 12, List.of(0, 7, 11)));
        assertThat(p.label()).isEqualTo(4711);
        assertThat(p.length()).isEqualTo(12);
        assertThat(p.positions()).containsExactly(0, 7, 11);
        assertThat(Cells.posting(Cells.posting(0, 1, List.of(0))).positions()).containsExactly(0);
    }

    @Test
    void aPostingWrittenWithoutALabelHasNoneRatherThanItsLengthForOne() {
        // the earlier layout ("length:positions"): read as no label, which no reader's label set holds
        Cells.Posting p = Cells.posting("12:0,7".getBytes(StandardCharsets.US_ASCII));
        assertThat(p.label()).isEqualTo(Cells.NO_LABEL);
        assertThat(p.length()).isEqualTo(12);
        assertThat(p.positions()).containsExactly(0, 7);
    }
}
