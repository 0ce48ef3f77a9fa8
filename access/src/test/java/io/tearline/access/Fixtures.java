package io.tearline.access;

import io.tearline.markings.Aea;
import io.tearline.markings.AeaControl;
import io.tearline.markings.Classification;
import io.tearline.markings.Compartment;
import io.tearline.markings.ControlSystem;
import io.tearline.markings.Dissem;
import io.tearline.markings.Fgi;
import io.tearline.markings.Level;
import io.tearline.markings.Marking;
import io.tearline.markings.NatoControl;
import io.tearline.markings.NonIc;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds markings and principals for the access tests without going through the parser. */
final class Fixtures {

    private Fixtures() {}

    static final Membership MEMBERSHIP = new Membership(Map.of(
            "FVEY", Set.of("USA", "AUS", "CAN", "GBR", "NZL"),
            "ACGU", Set.of("USA", "AUS", "CAN", "GBR"),
            "TEYE", Set.of("USA", "CAN", "GBR")));

    /** Same-named levels between the partners (section 5.2 'N' cells); RESTRICTED read as CONFIDENTIAL. */
    static final Equivalence EQUIVALENCE = new Equivalence() {
        private final Set<String> owners = Set.of("GBR", "AUS", "CAN", "NZL", "JPN", "PHL", "NATO", "USA", "FGI");
        private final Set<String> readers = Set.of("USA", "GBR", "AUS", "CAN", "NZL", "JPN", "PHL");

        @Override
        public Optional<Level> usEquivalent(String owner, Level level, String reader) {
            if (!owners.contains(owner) || !readers.contains(reader) || (owner.equals("FGI") && !reader.equals("USA"))) {
                return Optional.empty();
            }
            return Optional.of(level == Level.RESTRICTED ? Level.CONFIDENTIAL : level);
        }

        @Override
        public Set<String> owners() {
            return owners;
        }
    };

    static final DecisionEngine ENGINE = new DecisionEngine(MEMBERSHIP, EQUIVALENCE);

    static Principal person(String nation, Clearance c, String... accesses) {
        return new Principal("p", nation, c, Set.of(accesses), Set.of("ORG-" + nation), Set.of("analyst"));
    }

    static Principal withOrg(Principal p, String org) {
        return new Principal(p.name(), p.nation(), p.clearance(), p.accesses(), Set.of(org), p.roles());
    }

    static M us(Level l) {
        return new M(new Classification.Us(l));
    }

    static M foreign(String owner, Level l) {
        return new M(new Classification.Foreign(owner, l));
    }

    static M foreignOwners(Level l, String... owners) {
        return new M(Classification.Foreign.of(l, List.of(owners)));
    }

    static M joint(Level l, String... owners) {
        return new M(new Classification.Joint(l, List.of(owners)));
    }

    /** A small mutable builder; {@link #m()} gives the immutable marking. */
    static final class M {
        Classification c;
        List<ControlSystem> sci = new ArrayList<>();
        List<ControlSystem> sap = new ArrayList<>();
        Set<AeaControl> aea = EnumSet.noneOf(AeaControl.class);
        List<Integer> sigmas = new ArrayList<>();
        Optional<Fgi> fgi = Optional.empty();
        Set<Dissem> dissem = EnumSet.noneOf(Dissem.class);
        List<String> relTo = List.of();
        List<String> displayOnly = List.of();
        List<String> eyes = List.of();
        Set<NonIc> nonIc = EnumSet.noneOf(NonIc.class);
        Set<NatoControl> nato = EnumSet.noneOf(NatoControl.class);

        M(Classification c) {
            this.c = c;
        }

        M sci(String system, String... compartments) {
            List<Compartment> cs = new ArrayList<>();
            for (String comp : compartments) {
                String[] parts = comp.split(" ");
                cs.add(new Compartment(parts[0], List.of(parts).subList(1, parts.length)));
            }
            sci.add(new ControlSystem(system, cs));
            return this;
        }

        M sap(String program) {
            sap.add(new ControlSystem(program, List.of()));
            return this;
        }

        M aea(AeaControl a, Integer... sigma) {
            aea.add(a);
            sigmas.addAll(List.of(sigma));
            return this;
        }

        M fgi(String... sources) {
            fgi = Optional.of(new Fgi(List.of(sources)));
            return this;
        }

        M d(Dissem... ds) {
            dissem.addAll(List.of(ds));
            return this;
        }

        M rel(String... codes) {
            dissem.add(Dissem.REL_TO);
            relTo = List.of(codes);
            return this;
        }

        M display(String... codes) {
            dissem.add(Dissem.DISPLAY_ONLY);
            displayOnly = List.of(codes);
            return this;
        }

        M eyes(String... codes) {
            dissem.add(Dissem.EYES);
            eyes = List.of(codes);
            return this;
        }

        M nonIc(NonIc... n) {
            nonIc.addAll(List.of(n));
            return this;
        }

        M nato(NatoControl... n) {
            nato.addAll(List.of(n));
            return this;
        }

        Marking m() {
            return new Marking(c, sci, sap, new Aea(aea, sigmas), fgi, dissem, relTo, displayOnly, eyes, nonIc, nato);
        }
    }

}
