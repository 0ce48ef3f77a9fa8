package io.tearline.app;

import io.tearline.access.AccessEvaluator;
import io.tearline.access.AccessExpressionException;
import io.tearline.access.AccessExpressions;
import io.tearline.access.Authorizations;
import io.tearline.access.Clearance;
import io.tearline.access.Decision;
import io.tearline.access.DecisionEngine;
import io.tearline.access.Equivalence;
import io.tearline.access.MarkingCompiler;
import io.tearline.access.Membership;
import io.tearline.access.Principal;
import io.tearline.markings.Marking;
import io.tearline.markings.MarkingException;
import io.tearline.markings.Markings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tearline access ...}: Accumulo-compatible access expressions from the command line. */
@Command(name = "access",
        description = "Accumulo-compatible access expressions.",
        subcommands = {AccessCommand.Eval.class, AccessCommand.CheckCmd.class})
public final class AccessCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    /**
     * Evaluates expressions, one output line each, in order: {@code ACCESSIBLE}, {@code INACCESSIBLE}, or
     * {@code ERROR at position N: <what was expected> [rule]}. Other tools script this: keep it stable.
     */
    @Command(name = "eval",
            description = {"Evaluate access expressions against authorizations.",
                "Prints one line per expression, in order: ACCESSIBLE, INACCESSIBLE, or ERROR with the position "
                        + "and what was expected.",
                "Exit status: 0 when every expression was evaluated, 1 when any was an ERROR, 2 for usage errors."},
            footer = {"", "Examples:",
                "  tearline access eval --auths 'CLR:S,NAT:GBR' 'CLR:S&(NAT:USA|NAT:GBR)'",
                "  tearline access eval --auths A,B --auths C -- 'A|C' '(A&B)|C'",
                "Put -- before expressions that begin with '-'."})
    static final class Eval implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--auths", paramLabel = "A,B,...",
                description = {"One set of authorizations, separated by commas; repeat for several sets, each of "
                        + "which must grant access. An authorization with a comma or quote is written quoted, "
                        + "as in expressions: \"A,B\". --auths \"\" is the empty set. Default: no authorizations."})
        List<String> auths = new ArrayList<>();

        @Parameters(arity = "1..*", paramLabel = "EXPRESSION", description = "Access expressions, e.g. 'A&(B|C)'.")
        List<String> expressions = new ArrayList<>();

        @Override
        public Integer call() {
            List<Authorizations> sets = new ArrayList<>();
            for (String set : auths) {
                sets.add(authorizations(set));
            }
            AccessEvaluator evaluator = AccessEvaluator.of(sets.isEmpty() ? List.of(Authorizations.of()) : sets);
            PrintWriter out = spec.commandLine().getOut();
            int status = 0;
            for (String expression : expressions) {
                try {
                    out.println(evaluator.canAccess(expression) ? "ACCESSIBLE" : "INACCESSIBLE");
                } catch (AccessExpressionException e) {
                    out.println("ERROR at position " + e.position() + ": " + e.description() + " [" + e.rule() + "]");
                    status = 1;
                }
            }
            out.flush();
            return status;
        }

        /**
         * A comma-separated set. An authorization that starts with a quote runs to its closing quote, with
         * Accumulo's escapes (backslash before a quote or a backslash), so commas inside it do not
         * separate; any other authorization runs to the next comma and may hold neither a quote nor a
         * backslash: {@code a"b} is refused rather than read one way or another.
         */
        private Authorizations authorizations(String set) {
            List<String> values = new ArrayList<>();
            int n = set.length();
            for (int start = 0; n > 0 && start <= n; ) {
                int end;
                if (start < n && set.charAt(start) == '"') {
                    int i = start + 1;
                    while (i < n && set.charAt(i) != '"') {
                        i += set.charAt(i) == '\\' ? 2 : 1;
                    }
                    int comma = set.indexOf(',', Math.min(i + 1, n));
                    end = comma < 0 ? n : comma;
                } else {
                    int comma = set.indexOf(',', start);
                    end = comma < 0 ? n : comma;
                    String value = set.substring(start, end);
                    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --auths '" + set
                                + "': the unquoted authorization '" + value + "' contains a quote or a backslash; "
                                + "write it quoted, with \\\" and \\\\ escaped");
                    }
                }
                values.add(set.substring(start, end));
                start = end + 1;
            }
            try {
                return Authorizations.of(values.stream().map(AccessExpressions::unquote).toList());
            } catch (AccessExpressionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid --auths '" + set + "': " + e.description() + " [" + e.rule() + "]");
            }
        }
    }

    /**
     * Decides one read of a marking by a described person (MARKINGS.md section 3; the alliance gate is
     * not part of it). Prints the decision, every unmet requirement, the obligations and the compiled
     * expression. Exit 0 when a decision was made, 2 for an invalid marking or a usage error.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Decide whether a person may read a marking: PERMIT, VIEW_ONLY or DENY, with reasons,",
                "obligations and the compiled access expression.",
                "Exit status: 0 when a decision was made, 2 for an invalid marking or a usage error."},
            footer = {"", "Example:",
                "  tearline access check --json --nation JPN --clearance SECRET '(S//REL TO USA, JPN)'"})
    static final class CheckCmd implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "print JSON: decision, reasons, obligations, expression")
        boolean json;

        @Option(names = "--nation", required = true, paramLabel = "N", description = "the reader's nation (trigraph)")
        String nation;

        @Option(names = "--clearance", required = true, paramLabel = "LEVEL",
                description = "NONE, CONFIDENTIAL, SECRET or TOP_SECRET (US-equivalent)")
        String clearance;

        @Option(names = "--access", split = ",", paramLabel = "X,Y", description = "read-ins (SI, TK, SI-G, SAR-BP, NATO...)")
        List<String> accesses = new ArrayList<>();

        @Option(names = "--owner", paramLabel = "N", defaultValue = "USA",
                description = "the owner nation of the report the portion belongs to (default: ${DEFAULT-VALUE}); "
                        + "a foreign classification is read as owner only by the report owner's nationals")
        String owner;

        @Option(names = "--org", paramLabel = "O", description = "the reader's organisation")
        List<String> orgs = new ArrayList<>();

        @Option(names = "--orcon-orgs", split = ",", paramLabel = "O1,O2",
                description = "the originator's dissemination list (for ORCON and EXDIS)")
        List<String> orconOrgs = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "MARKING", description = "a banner or portion marking")
        String marking;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!nation.matches("[A-Z]{3}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--nation takes an ISO 3166 trigraph such as JPN");
            }
            if (!owner.matches("[A-Z]{3}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--owner takes an ISO 3166 trigraph such as JPN");
            }
            Clearance level;
            try {
                level = Clearance.parse(clearance);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--clearance: " + e.getMessage());
            }
            Markings markings = Markings.standard();
            Marking m;
            try {
                m = markings.parse(marking);
            } catch (MarkingException e) {
                err.println("invalid marking: " + e.getMessage());
                e.violations().forEach(v -> err.println("  " + v.rule() + " at " + v.offset() + ": " + v.message()));
                err.flush();
                return 2;
            }
            DecisionEngine engine = new DecisionEngine(Membership.of(markings.register()), Equivalence.of(markings.register()));
            Principal p = new Principal("cli", nation, level, Set.copyOf(accesses), Set.copyOf(orgs), Set.of());
            Set<String> list = Set.copyOf(orconOrgs);
            Decision d = engine.decide(p, m, owner, list);
            String expression = new MarkingCompiler(engine).compile(m, owner, list);
            List<String> obligations = d.obligations().stream().map(Enum::name).sorted().toList();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("decision", d.effect().name());
                o.put("reasons", d.reasons().stream().map(r -> Map.of("code", r.code(), "message", r.message())).toList());
                o.put("obligations", obligations);
                o.put("expression", expression);
                out.println(CliJson.write(o));
            } else {
                out.println(d.effect().name());
                d.reasons().forEach(r -> out.println("  reason: " + r.message() + " [" + r.code() + "]"));
                obligations.forEach(o -> out.println("  obligation: " + o));
                out.println("  expression: " + expression);
            }
            out.flush();
            return 0;
        }
    }
}
