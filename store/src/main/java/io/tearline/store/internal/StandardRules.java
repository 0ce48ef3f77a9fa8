package io.tearline.store.internal;

import io.tearline.markings.Check;
import io.tearline.markings.Marking;
import io.tearline.markings.Markings;
import io.tearline.markings.Rollup;
import io.tearline.markings.Violation;
import java.util.ArrayList;
import java.util.List;

/** The markings module's rules ({@code Markings.standard()}) in the store's terms. */
public final class StandardRules implements MarkingRules {

    private static final StandardRules INSTANCE = new StandardRules(Markings.standard());

    private final Markings markings;

    private StandardRules(Markings markings) {
        this.markings = markings;
    }

    public static MarkingRules get() {
        return INSTANCE;
    }

    @Override
    public Checked checkPortion(String written) {
        return switch (markings.checkPortion(written)) {
            case Check.Accepted a -> new Checked.Ok(a.marking().portion(), a.marking());
            case Check.Rejected r -> new Checked.Bad(findings(r.findings()));
        };
    }

    private static List<Finding> findings(List<Violation> violations) {
        List<Finding> out = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            out.add(new Finding(v.rule(), v.message(), v.offset()));
        }
        return out;
    }

    @Override
    public Rolled rollup(List<Marking> portions) {
        return switch (markings.rollupMarkings(portions)) {
            case Rollup.Accepted a -> new Rolled.Ok(a.bannerText());
            case Rollup.Rejected r -> {
                List<Located> errors = new ArrayList<>();
                for (Rollup.Located l : r.errors()) {
                    errors.add(new Located(l.portion(), l.rule(), l.message(), l.offset()));
                }
                yield new Rolled.Bad(errors);
            }
        };
    }

    @Override
    public Marking parseNormalised(String normalised) {
        return markings.parse(normalised);
    }

    @Override
    public boolean isCountry(String code) {
        return markings.register().isCountry(code);
    }
}
