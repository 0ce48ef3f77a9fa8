package io.tearline.alliance;

import io.tearline.access.Membership;
import io.tearline.access.Reason;
import io.tearline.markings.Level;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One immutable snapshot of the alliance: nations, the control catalogue, communities and assessments.
 * Every change returns a new snapshot with the next version, or throws {@link AllianceException} and
 * changes nothing. Thread-safe.
 */
public record Alliance(long version, Map<String, Nation> nations, Map<String, Control> controls,
                       Map<String, Community> communities, List<Assessment> assessments) {

    private static final Pattern TRIGRAPH = Pattern.compile("[A-Z]{3}");
    private static final Pattern TETRAGRAPH = Pattern.compile("[A-Z]{4}");
    private static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,31}");

    public Alliance {
        nations = Map.copyOf(nations);
        controls = Map.copyOf(controls);
        communities = Map.copyOf(communities);
        assessments = List.copyOf(assessments);
    }

    public static Alliance empty() {
        return new Alliance(0, Map.of(), Map.of(), Map.of(), List.of());
    }

    // ---- reading

    public Optional<Community> community(String id) {
        return Optional.ofNullable(communities.get(id));
    }

    public Optional<Assessment> assessment(String nation, String control) {
        for (Assessment a : assessments) {
            if (a.nation().equals(nation) && a.control().equals(control)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The required controls of a community that the nation does not meet on {@code day}, sorted. */
    public List<Blocker> blockers(String nation, String communityId, LocalDate day) {
        Community c = requireCommunity(communityId, "community");
        List<Blocker> out = new ArrayList<>();
        for (String control : c.requiredControls().stream().sorted().toList()) {
            Optional<Assessment> a = assessment(nation, control);
            if (a.isEmpty()) {
                out.add(new Blocker(control, "NOT_ASSESSED", ""));
            } else if (!a.get().metOn(day)) {
                String status = a.get().status() == Status.MET ? "EXPIRED" : a.get().status().name();
                out.add(new Blocker(control, status, a.get().evidence()));
            }
        }
        return out;
    }

    /** A nation is eligible in a community when it is a member and meets every required control, unexpired. */
    public boolean eligible(String nation, String communityId, LocalDate day) {
        Community c = communities.get(communityId);
        return c != null && c.members().contains(nation) && blockers(nation, communityId, day).isEmpty();
    }

    /** The nation's standing in every community it belongs to, by community id. */
    public Standing standing(String nation, LocalDate day) {
        List<Standing.In> in = new ArrayList<>();
        for (Community c : communities.values().stream().sorted(Comparator.comparing(Community::id)).toList()) {
            if (c.members().contains(nation)) {
                List<Blocker> blockers = blockers(nation, c.id(), day);
                in.add(new Standing.In(c.id(), blockers.isEmpty(), blockers));
            }
        }
        return new Standing(nation, in);
    }

    /**
     * The alliance gate for a reader of {@code readerNation} and a portion of {@code owner}'s report at
     * {@code level}: some community must contain both, cover the level, and hold the reader's nation
     * eligible. Readers of their own nation's material and unclassified portions are not gated.
     *
     * @return the reason for a denial, or empty when the gate is open
     */
    public Optional<Reason> gate(String readerNation, String owner, Level level, LocalDate day) {
        if (readerNation.equals(owner) || !level.isClassified()) {
            return Optional.empty();
        }
        for (Community c : communities.values()) {
            if (c.members().contains(readerNation) && c.members().contains(owner) && c.covers(level)
                    && eligible(readerNation, c.id(), day)) {
                return Optional.empty();
            }
        }
        return Optional.of(new Reason("no-agreement", "no current sharing agreement between " + readerNation
                + " and " + owner + " at " + level.banner()));
    }

    /** Tetragraph membership follows the communities that carry a tetragraph. */
    public Membership membership() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Community c : communities.values()) {
            c.tetragraph().ifPresent(t -> out.computeIfAbsent(t, k -> new HashSet<>()).addAll(c.members()));
        }
        return new Membership(out);
    }

    // ---- changing (each returns the next snapshot)

    public Alliance withNation(Nation n) {
        if (!TRIGRAPH.matcher(n.code()).matches()) {
            throw new AllianceException("nation.code", "code", "a nation code is an ISO 3166 trigraph such as JPN, not '" + n.code() + "'");
        }
        Map<String, Nation> next = new LinkedHashMap<>(nations);
        next.put(n.code(), n);
        return new Alliance(version + 1, next, controls, communities, assessments);
    }

    public Alliance withControl(Control c) {
        requireId(c.id(), "id", "control");
        if (c.requirement() == null || c.requirement().isBlank()) {
            throw new AllianceException("control.requirement", "requirement", "a control needs its requirement text");
        }
        Map<String, Control> next = new LinkedHashMap<>(controls);
        next.put(c.id(), c);
        return new Alliance(version + 1, nations, next, communities, assessments);
    }

    /** Adds a new community; its id must be unused. */
    public Alliance withNewCommunity(Community c) {
        if (communities.containsKey(c.id())) {
            throw new AllianceException("community.duplicate", "id", "a community with id " + c.id() + " already exists");
        }
        return putCommunity(c);
    }

    /** Replaces an existing community. */
    public Alliance withChangedCommunity(Community c) {
        requireCommunity(c.id(), "id");
        return putCommunity(c);
    }

    public Alliance withoutCommunity(String id) {
        requireCommunity(id, "id");
        Map<String, Community> next = new LinkedHashMap<>(communities);
        next.remove(id);
        return new Alliance(version + 1, nations, controls, next, assessments);
    }

    public Alliance withoutControl(String id) {
        if (!controls.containsKey(id)) {
            throw new AllianceException("control.unknown", "id", "no control " + id);
        }
        for (Community c : communities.values()) {
            if (c.requiredControls().contains(id)) {
                throw new AllianceException("control.in-use", "id", "control " + id + " is required by community " + c.id());
            }
        }
        Map<String, Control> next = new LinkedHashMap<>(controls);
        next.remove(id);
        List<Assessment> kept = assessments.stream().filter(a -> !a.control().equals(id)).toList();
        return new Alliance(version + 1, nations, next, communities, kept);
    }

    /** Records an assessment, replacing the earlier one for the same nation and control. */
    public Alliance withAssessment(Assessment a) {
        requireNation(a.nation(), "nation");
        if (!controls.containsKey(a.control())) {
            throw new AllianceException("control.unknown", "control", "no control " + a.control() + " in the catalogue");
        }
        if (a.status() == null) {
            throw new AllianceException("assessment.status", "status", "status must be MET, PARTIAL or NOT_MET");
        }
        if (a.assessor() == null || a.assessor().isBlank()) {
            throw new AllianceException("assessment.assessor", "assessor", "an assessment names its assessor");
        }
        if (a.assessedOn() == null || a.expiresOn() == null) {
            throw new AllianceException("assessment.dates", a.assessedOn() == null ? "assessedOn" : "expiresOn",
                    "an assessment has an assessment date and an expiry date");
        }
        if (a.expiresOn().isBefore(a.assessedOn())) {
            throw new AllianceException("assessment.expiry-before-assessment", "expiresOn",
                    "expiry " + a.expiresOn() + " is before the assessment date " + a.assessedOn());
        }
        List<Assessment> next = new ArrayList<>();
        for (Assessment x : assessments) {
            if (!(x.nation().equals(a.nation()) && x.control().equals(a.control()))) {
                next.add(x);
            }
        }
        next.add(a);
        next.sort(Comparator.comparing(Assessment::nation).thenComparing(Assessment::control));
        return new Alliance(version + 1, nations, controls, communities, next);
    }

    private Alliance putCommunity(Community c) {
        requireId(c.id(), "id", "community");
        c.tetragraph().ifPresent(t -> {
            if (!TETRAGRAPH.matcher(t).matches()) {
                throw new AllianceException("community.tetragraph", "tetragraph", "a tetragraph is four capital letters, not '" + t + "'");
            }
            for (Community other : communities.values()) {
                if (!other.id().equals(c.id()) && other.tetragraph().equals(c.tetragraph())) {
                    throw new AllianceException("community.tetragraph-taken", "tetragraph",
                            "tetragraph " + t + " already names community " + other.id());
                }
            }
        });
        if (c.members().isEmpty()) {
            throw new AllianceException("community.members", "members", "a community needs at least one member");
        }
        for (String m : c.members().stream().sorted().toList()) {
            requireNation(m, "members");
        }
        if (c.coversUpTo() == null || c.coversUpTo() == Level.RESTRICTED || !c.coversUpTo().isClassified()) {
            throw new AllianceException("community.level", "coversUpTo", "a community covers up to CONFIDENTIAL, SECRET or TOP SECRET");
        }
        for (String control : c.requiredControls().stream().sorted().toList()) {
            if (!controls.containsKey(control)) {
                throw new AllianceException("control.unknown", "requiredControls", "no control " + control + " in the catalogue");
            }
        }
        Map<String, Community> next = new LinkedHashMap<>(communities);
        next.put(c.id(), c);
        return new Alliance(version + 1, nations, controls, next, assessments);
    }

    private Community requireCommunity(String id, String field) {
        Community c = communities.get(id);
        if (c == null) {
            throw new AllianceException("community.unknown", field, "no community " + id);
        }
        return c;
    }

    private void requireNation(String code, String field) {
        if (code == null || !nations.containsKey(code)) {
            throw new AllianceException("nation.unknown", field, "unknown nation " + code);
        }
    }

    private static void requireId(String id, String field, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new AllianceException(what + ".id", field, "a " + what + " id is 1 to 32 capital letters, digits and hyphens, not '" + id + "'");
        }
    }
}
