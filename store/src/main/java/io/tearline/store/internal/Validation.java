package io.tearline.store.internal;

import io.tearline.markings.Marking;
import io.tearline.store.InputError;
import io.tearline.store.InputError.Location;
import io.tearline.store.PortionText;
import io.tearline.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a submitted report as a whole before anything is written: every marking (the title is
 * portion 0), the roll-up, and the plain fields. Every error is reported, each with its location.
 */
public final class Validation {

    static final int MAX_TEXT = 1_000_000;
    static final int MAX_MARKING = 4000;
    static final int MAX_NAME = 200;
    static final int MAX_PORTIONS = 10_000;

    private Validation() {}

    public static Prepared prepare(MarkingRules rules, PortionText title, List<PortionText> portions, String owner,
                                   String org, List<String> orcon, String author) {
        List<InputError> errors = new ArrayList<>();
        if (!owner.matches("[A-Z]{3}") || !rules.isCountry(owner)) {
            errors.add(field("owner", "report.owner", "the owner must be a country trigraph, not '" + owner + "'", 0));
        }
        name(errors, "org", "report.org", org);
        name(errors, "author", "report.author", author);
        for (int i = 0; i < orcon.size(); i++) {
            name(errors, "orcon", "report.orcon", orcon.get(i));
        }
        List<String> canonicalOrcon = Orcon.canonical(orcon);
        if (Orcon.encode(canonicalOrcon).length() > MAX_MARKING) {
            errors.add(field("orcon", "report.orcon", "the ORCON list is too long", MAX_MARKING));
        }
        if (portions.size() > MAX_PORTIONS) {
            errors.add(field("portions", "report.too-many-portions",
                    "a report has at most " + MAX_PORTIONS + " portions", 0));
        }
        if (title.text().isBlank()) {
            errors.add(new InputError(new Location.Title(), "report.title-empty", "the title has no text", 0));
        }
        List<PortionText> all = new ArrayList<>(portions.size() + 1);
        all.add(title);
        all.addAll(portions);
        List<Prepared.Part> parts = new ArrayList<>(all.size());
        List<Marking> markings = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            PortionText p = all.get(i);
            Location at = Location.ofPortion(i);
            text(errors, at, p.text());
            if (p.tearline() && (i == 0 || p.derivedFrom() >= i || all.get(p.derivedFrom()).tearline())) {
                errors.add(new InputError(at, "report.tearline-source",
                        "a tearline portion derives from an earlier body portion that is not itself a tearline", 0));
            }
            if (p.marking().length() > MAX_MARKING) {
                errors.add(new InputError(at, "report.marking-too-long",
                        "a marking has at most " + MAX_MARKING + " characters", MAX_MARKING));
                continue;
            }
            switch (rules.checkPortion(p.marking())) {
                case MarkingRules.Checked.Ok ok -> {
                    parts.add(new Prepared.Part(p.marking(), ok.normalised(), ok.marking(), p.text(), p.tearline(),
                            p.derivedFrom()));
                    markings.add(ok.marking());
                }
                case MarkingRules.Checked.Bad bad -> {
                    for (MarkingRules.Finding f : bad.findings()) {
                        errors.add(new InputError(at, f.rule(), f.message(), f.offset()));
                    }
                }
            }
        }
        if (errors.isEmpty()) {
            switch (rules.rollup(markings)) {
                case MarkingRules.Rolled.Ok ok -> {
                    return new Prepared(owner, org, canonicalOrcon, parts, ok.banner(), author);
                }
                case MarkingRules.Rolled.Bad bad -> {
                    for (MarkingRules.Located l : bad.errors()) {
                        // a negative index is about the report as a whole, not one portion
                        Location at = l.portion() < 0 ? new Location.Field("portions") : Location.ofPortion(l.portion());
                        errors.add(new InputError(at, l.rule(), l.message(), l.offset()));
                    }
                }
            }
        }
        throw new StoreException(StoreException.INVALID_REPORT, summary(errors), errors);
    }

    private static String summary(List<InputError> errors) {
        InputError first = errors.get(0);
        String where = switch (first.location()) {
            case Location.Title t -> "title";
            case Location.Portion p -> "portion " + p.index();
            case Location.Field f -> f.name();
        };
        return "the report is invalid (" + errors.size() + (errors.size() == 1 ? " error" : " errors") + "); first, "
                + where + ": " + first.message();
    }

    private static void name(List<InputError> errors, String field, String rule, String value) {
        if (value.isBlank()) {
            errors.add(field(field, rule, field + " is empty", 0));
        } else if (value.length() > MAX_NAME) {
            errors.add(field(field, rule, field + " is longer than " + MAX_NAME + " characters", MAX_NAME));
        } else {
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    errors.add(field(field, rule, field + " contains a control character", i));
                    return;
                }
            }
        }
    }

    private static void text(List<InputError> errors, Location at, String text) {
        if (text.length() > MAX_TEXT) {
            errors.add(new InputError(at, "report.text-too-long",
                    "a portion's text has at most " + MAX_TEXT + " characters", MAX_TEXT));
            return;
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            errors.add(new InputError(at, "report.text-nul", "the text contains a NUL character", nul));
        }
    }

    private static InputError field(String name, String rule, String message, int offset) {
        return new InputError(new Location.Field(name), rule, message, offset);
    }
}
