package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.alliance.Alliance;
import io.tearline.alliance.AllianceException;
import io.tearline.alliance.Assessment;
import io.tearline.alliance.Community;
import io.tearline.alliance.Control;
import io.tearline.alliance.Nation;
import io.tearline.alliance.Status;
import io.tearline.alliance.WhatIf;
import io.tearline.server.Config;
import io.tearline.server.Tearline;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The alliance over HTTP: everyone reads it; security officers change communities, controls and
 * nations; assessors record assessments. Each change names its reason and is audited with who made it.
 */
public final class AllianceApi {

    private final Tearline t;
    private final Receipts receipts;

    public AllianceApi(Tearline t, Receipts receipts) {
        this.t = t;
        this.receipts = receipts;
    }

    // ---- request shapes (every change carries its reason)

    public record NationIn(String code, String name, String reason) {}

    public record ControlIn(String id, String requirement, String reason) {}

    public record CommunityIn(String id, String tetragraph, Set<String> members, String coversUpTo,
                              Set<String> requiredControls, String reason) {}

    public record AssessmentIn(String nation, String control, Status status, String evidence, LocalDate assessedOn,
                               LocalDate expiresOn, String reason) {}

    public record WhatIfIn(String admit, String to, String remove, String from, String nation, String control,
                           Status status) {}

    // ---- reading

    public void all(Context ctx, Principal p) {
        Http.json(ctx, t.policies().alliance());
    }

    public void controls(Context ctx, Principal p) {
        Http.json(ctx, sorted(t.policies().alliance().controls().values(), Control::id));
    }

    public void communities(Context ctx, Principal p) {
        Http.json(ctx, sorted(t.policies().alliance().communities().values(), Community::id));
    }

    public void community(Context ctx, Principal p) {
        Http.json(ctx, t.policies().alliance().community(ctx.pathParam("id")).orElseThrow(Problem::notFound));
    }

    public void assessments(Context ctx, Principal p) {
        String nation = ctx.queryParam("nation");
        String control = ctx.queryParam("control");
        Http.json(ctx, t.policies().alliance().assessments().stream()
                .filter(a -> nation == null || a.nation().equals(nation))
                .filter(a -> control == null || a.control().equals(control)).toList());
    }

    public void status(Context ctx, Principal p) {
        Alliance a = t.policies().alliance();
        Http.json(ctx, a.nations().keySet().stream().sorted().map(n -> a.standing(n, t.today())).toList());
    }

    public void nationStatus(Context ctx, Principal p) {
        Alliance a = t.policies().alliance();
        String nation = ctx.pathParam("nation");
        if (!a.nations().containsKey(nation)) {
            throw Problem.notFound();
        }
        Http.json(ctx, a.standing(nation, t.today()));
    }

    // ---- changing

    public void putNation(Context ctx, Principal p) {
        NationIn in = Json.read(ctx.bodyAsBytes(), NationIn.class);
        change(ctx, p, "nation.put", in.reason(), Map.of("code", String.valueOf(in.code())),
                a -> a.withNation(new Nation(required(in.code(), "code"), required(in.name(), "name"))));
        Http.json(ctx, t.policies().alliance().nations().get(in.code()));
    }

    public void createControl(Context ctx, Principal p) {
        ControlIn in = Json.read(ctx.bodyAsBytes(), ControlIn.class);
        String id = required(in.id(), "id");
        change(ctx, p, "control.create", in.reason(), Map.of("control", id), a -> {
            if (a.controls().containsKey(id)) {
                throw new AllianceException("control.duplicate", "id", "a control with id " + id + " already exists");
            }
            return a.withControl(new Control(id, in.requirement()));
        });
        ctx.status(201);
        Http.json(ctx, t.policies().alliance().controls().get(id));
    }

    public void updateControl(Context ctx, Principal p) {
        ControlIn in = Json.read(ctx.bodyAsBytes(), ControlIn.class);
        String id = ctx.pathParam("id");
        if (in.id() != null && !in.id().equals(id)) {
            throw new AllianceException("control.id-mismatch", "id", "the body's id " + in.id() + " is not the path's " + id);
        }
        change(ctx, p, "control.update", in.reason(), Map.of("control", id), a -> {
            if (!a.controls().containsKey(id)) {
                throw Problem.notFound();
            }
            return a.withControl(new Control(id, in.requirement()));
        });
        Http.json(ctx, t.policies().alliance().controls().get(id));
    }

    public void deleteControl(Context ctx, Principal p) {
        String id = ctx.pathParam("id");
        change(ctx, p, "control.delete", ctx.queryParam("reason"), Map.of("control", id), a -> {
            if (!a.controls().containsKey(id)) {
                throw Problem.notFound();
            }
            return a.withoutControl(id);
        });
        ctx.status(204);
    }

    public void createCommunity(Context ctx, Principal p) {
        CommunityIn in = Json.read(ctx.bodyAsBytes(), CommunityIn.class);
        Community c = community(in, in.id());
        change(ctx, p, "community.create", in.reason(), Map.of("community", c.id()), a -> a.withNewCommunity(c));
        ctx.status(201);
        Http.json(ctx, c);
    }

    public void updateCommunity(Context ctx, Principal p) {
        CommunityIn in = Json.read(ctx.bodyAsBytes(), CommunityIn.class);
        String id = ctx.pathParam("id");
        if (in.id() != null && !in.id().equals(id)) {
            throw new AllianceException("community.id-mismatch", "id", "the body's id " + in.id() + " is not the path's " + id);
        }
        if (t.policies().alliance().community(id).isEmpty()) {
            throw Problem.notFound();
        }
        Community c = community(in, id);
        change(ctx, p, "community.update", in.reason(), Map.of("community", id), a -> a.withChangedCommunity(c));
        Http.json(ctx, c);
    }

    public void deleteCommunity(Context ctx, Principal p) {
        String id = ctx.pathParam("id");
        if (t.policies().alliance().community(id).isEmpty()) {
            throw Problem.notFound();
        }
        change(ctx, p, "community.delete", ctx.queryParam("reason"), Map.of("community", id), a -> a.withoutCommunity(id));
        ctx.status(204);
    }

    public void assess(Context ctx, Principal p) {
        AssessmentIn in = Json.read(ctx.bodyAsBytes(), AssessmentIn.class);
        Assessment a = new Assessment(required(in.nation(), "nation"), required(in.control(), "control"), in.status(),
                p.name(), in.evidence() == null ? "" : in.evidence(),
                in.assessedOn() == null ? t.policies().today() : in.assessedOn(), in.expiresOn());
        if (in.status() == null) {
            throw new AllianceException("assessment.status", "status", "status must be MET, PARTIAL or NOT_MET");
        }
        if (in.expiresOn() == null) {
            throw new AllianceException("assessment.dates", "expiresOn", "an assessment has an expiry date");
        }
        change(ctx, p, "assessment", in.reason(), Map.of("nation", a.nation(), "control", a.control(),
                "status", a.status().name(), "expiresOn", a.expiresOn().toString()), al -> al.withAssessment(a));
        ctx.status(201);
        Http.json(ctx, a);
    }

    public void whatIf(Context ctx, Principal p) {
        WhatIfIn in = Json.read(ctx.bodyAsBytes(), WhatIfIn.class);
        WhatIf.Change change = change(in);
        WhatIf.Result r = t.whatIf(change, Optional.of(p));
        receipts.record(ctx, new AuditEvent.WhatIf(p, Json.MAPPER.convertValue(in, Map.class), r.eligible(),
                r.gained().count(), r.lost().count()));
        Http.json(ctx, r);
    }

    public static WhatIf.Change change(WhatIfIn in) {
        if (in.admit() != null && in.to() != null && in.remove() == null && in.control() == null) {
            return new WhatIf.Change.Admit(in.admit(), in.to());
        }
        if (in.remove() != null && in.from() != null && in.admit() == null && in.control() == null) {
            return new WhatIf.Change.Remove(in.remove(), in.from());
        }
        if (in.nation() != null && in.control() != null && in.status() != null && in.admit() == null && in.remove() == null) {
            return new WhatIf.Change.Assess(in.nation(), in.control(), in.status());
        }
        throw Problem.badRequest("what-if.shape", "ask one question: {\"admit\": N, \"to\": C}, {\"remove\": N, \"from\": C}"
                + " or {\"nation\": N, \"control\": X, \"status\": MET|PARTIAL|NOT_MET}");
    }

    // ---- helpers

    private void change(Context ctx, Principal p, String action, String reason, Map<String, ?> details,
                        java.util.function.UnaryOperator<Alliance> f) {
        if (reason == null || reason.isBlank()) {
            throw new AllianceException("change.reason", "reason", "every change to the alliance states its reason");
        }
        var done = t.policies().change(p, action, reason, details, f);
        Receipts.attach(ctx, done.receipt());
    }

    private static Community community(CommunityIn in, String id) {
        return new Community(required(id, "id"), Optional.ofNullable(in.tetragraph()),
                in.members() == null ? Set.of() : in.members(), level(in.coversUpTo()),
                in.requiredControls() == null ? Set.of() : in.requiredControls());
    }

    private static io.tearline.markings.Level level(String s) {
        try {
            return Config.Levels.parseUs(s);
        } catch (IllegalArgumentException e) {
            throw new AllianceException("community.level", "coversUpTo", e.getMessage());
        }
    }

    private static String required(String v, String field) {
        if (v == null || v.isBlank()) {
            throw new AllianceException("field.required", field, field + " is required");
        }
        return v;
    }

    private static <T> List<T> sorted(java.util.Collection<T> items, java.util.function.Function<T, String> key) {
        return items.stream().sorted(Comparator.comparing(key)).toList();
    }

}
