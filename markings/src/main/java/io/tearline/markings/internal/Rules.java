package io.tearline.markings.internal;

import java.util.Set;

/**
 * Rule ids. Ids are stable: tests, the command line and other modules key on them. A form rule makes a
 * marking NONCANON (legal content, non-canonical spelling); every other rule makes it INVALID
 * (MARKINGS.md section 1.9, severity paragraph).
 */
public final class Rules {

    private Rules() {}

    // --- form (NONCANON) ---
    public static final String LOWERCASE = "form.lowercase";
    public static final String WHITESPACE = "form.whitespace";
    public static final String SEPARATOR = "form.separator";
    public static final String BANNER_ABBREVIATION = "form.banner-abbreviation";
    public static final String PORTION_ABBREVIATION = "form.portion-abbreviation";
    public static final String TITLE = "form.title";
    public static final String PARENTHESES = "form.parentheses";
    public static final String LEGACY_SPELLING = "form.legacy-spelling";
    public static final String NONCANONICAL = "form.noncanonical";
    public static final String ORDER_CATEGORIES = "order.categories";
    public static final String ORDER_DISSEM = "order.dissem";
    public static final String ORDER_NON_IC = "order.non-ic";
    public static final String ORDER_SCI = "order.sci";
    public static final String ORDER_SAP = "order.sap";
    public static final String ORDER_AEA = "order.aea";
    public static final String ORDER_OWNERS = "order.owners";
    public static final String REL_TO_USA_FIRST = "rel-to.usa-first";
    public static final String REL_TO_ORDER = "rel-to.order";
    public static final String DISPLAY_ONLY_ORDER = "display-only.order";
    public static final String FGI_ORDER = "fgi.order";
    public static final String JOINT_ORDER = "joint.order";

    // --- INVALID: syntax and structure ---
    public static final String EMPTY = "syntax.empty";
    public static final String CHARACTER = "syntax.character";
    public static final String TOO_LONG = "syntax.too-long";
    public static final String UNBALANCED = "syntax.parentheses";
    public static final String EXPECTED_SEPARATOR = "syntax.separator";
    public static final String EMPTY_CATEGORY = "structure.empty-category";
    public static final String EMPTY_VALUE = "structure.empty-value";
    public static final String DUPLICATE_CATEGORY = "structure.duplicate-category";
    public static final String MIXED_CATEGORY = "structure.mixed-category";
    public static final String DUPLICATE = "structure.duplicate";
    public static final String UNKNOWN = "register.unknown";
    public static final String DEPRECATED = "register.deprecated";
    public static final String DECLASS_MISPLACED = "declass.misplaced";

    // --- INVALID: classification ---
    public static final String CLASS_MISSING = "class.missing";
    public static final String CLASS_EXCLUSIVE = "class.exclusive";
    public static final String US_RESTRICTED = "class.us-restricted";
    public static final String FOREIGN_USA = "class.foreign-usa";
    public static final String FOREIGN_LEVEL = "class.foreign-level";

    // --- INVALID: FD&R ---
    public static final String NOFORN_EXCLUSIVE = "noforn.exclusive";
    public static final String REL_TO_EYES = "rel-to.eyes";
    public static final String RELIDO_DISPLAY_ONLY = "relido.display-only";
    public static final String REL_TO_USA_MISSING = "rel-to.usa-missing";
    public static final String REL_TO_USA_ALONE = "rel-to.usa-alone";
    public static final String REL_TO_DUPLICATE = "rel-to.duplicate";
    public static final String REL_TO_EMPTY = "rel-to.empty";
    public static final String REL_TO_SHORT_FORM = "rel-to.short-form";
    public static final String DISPLAY_ONLY_USA = "display-only.usa";
    public static final String DISPLAY_ONLY_EMPTY = "display-only.empty";
    public static final String EYES_LEGACY = "eyes.legacy";

    // --- INVALID: other dissemination controls ---
    public static final String ORCON_UNCLASSIFIED = "orcon.unclassified";
    public static final String ORCON_WITH_USGOV = "orcon.orcon-usgov";
    public static final String ORCON_RELIDO = "orcon.relido";
    public static final String FOUO_CLASSIFIED = "fouo.classified";
    public static final String IMCON_LEVEL = "imcon.level";
    public static final String RSEN_LEVEL = "rsen.level";
    public static final String NON_IC_NOFORN = "non-ic.noforn";
    public static final String NON_IC_EXDIS_NODIS = "non-ic.exdis-nodis";
    public static final String NON_IC_RELEASE = "non-ic.release";

    // --- INVALID: SCI and SAP ---
    public static final String SCI_UNCLASSIFIED = "sci.unclassified";
    public static final String SCI_LEVEL = "sci.level";
    public static final String SCI_COMPARTMENT_LEVEL = "sci.compartment-level";
    public static final String SCI_NOFORN = "sci.noforn";
    public static final String SCI_PARENT = "sci.parent";
    public static final String SCI_FORMAT = "sci.format";
    public static final String SCI_GROUPING = "sci.grouping";
    public static final String SCI_LEGACY = "sci.legacy";
    public static final String HCS_BARE = "sci.hcs-bare";
    public static final String HCS_ORCON = "hcs.orcon";
    public static final String HCS_ORCON_USGOV = "hcs.orcon-usgov";
    public static final String SI_G_LEVEL = "si-g.level";
    public static final String SI_G_ORCON = "si-g.orcon";
    public static final String SI_G_ORCON_USGOV = "si-g.orcon-usgov";
    public static final String TK_LEVEL = "tk.level";
    public static final String RSV_BARE = "rsv.bare";
    public static final String SAP_FORMAT = "sap.format";
    public static final String SAP_UNCLASSIFIED = "sap.unclassified";

    // --- INVALID: JOINT, AEA, FGI, NATO ---
    public static final String JOINT_NOFORN = "joint.noforn";
    public static final String JOINT_HCS = "joint.hcs";
    public static final String JOINT_REL_TO = "joint.rel-to";
    public static final String JOINT_RESTRICTED = "joint.restricted";
    public static final String JOINT_USA_MISSING = "joint.usa-missing";
    public static final String JOINT_OWNERS = "joint.owners";
    public static final String AEA_UNCLASSIFIED = "aea.unclassified";
    public static final String AEA_UCNI_CLASSIFIED = "aea.ucni-classified";
    public static final String AEA_RD_NOFORN = "aea.rd-noforn";
    public static final String AEA_PARENT = "aea.parent";
    public static final String AEA_LEVEL = "aea.level";
    public static final String AEA_SIGMA = "aea.sigma";
    public static final String AEA_PRECEDENCE = "aea.precedence";
    public static final String FGI_RELIDO_DISPLAY_ONLY = "fgi.relido-display-only";
    public static final String FGI_MIXED = "fgi.mixed";
    public static final String FGI_USA = "fgi.usa";
    public static final String NATO_CONTROL = "nato.control";

    // --- roll-up ---
    public static final String ROLLUP_EMPTY = "rollup.empty";
    public static final String ROLLUP_SHORT_FORM = "rollup.short-form";
    public static final String ROLLUP_INCONSISTENT = "rollup.inconsistent";
    public static final String MARKING_INCONSISTENT = "marking.inconsistent";
    /** Added after the first {@value Parsed#MAX_FINDINGS} findings of one input. */
    public static final String TRUNCATED = "findings.truncated";

    private static final Set<String> FORM = Set.of(LOWERCASE, WHITESPACE, SEPARATOR, BANNER_ABBREVIATION,
            PORTION_ABBREVIATION, TITLE, PARENTHESES, LEGACY_SPELLING, NONCANONICAL, ORDER_CATEGORIES, ORDER_DISSEM, ORDER_NON_IC,
            ORDER_SCI, ORDER_SAP, ORDER_AEA, ORDER_OWNERS, REL_TO_USA_FIRST, REL_TO_ORDER, DISPLAY_ONLY_ORDER,
            FGI_ORDER, JOINT_ORDER);

    /** True when the rule is about form only, so that breaking it makes a marking NONCANON, not INVALID. */
    public static boolean isForm(String rule) {
        return FORM.contains(rule);
    }
}
