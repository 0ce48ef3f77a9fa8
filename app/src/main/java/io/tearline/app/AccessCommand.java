package io.tearline.app;

import io.tearline.access.AccessEvaluator;
import io.tearline.access.AccessExpressionException;
import io.tearline.access.AccessExpressions;
import io.tearline.access.Authorizations;
import java.io.PrintWriter;
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
        subcommands = {AccessCommand.Eval.class})
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

        /** A comma-separated set; commas inside quoted authorizations do not separate. */
        private Authorizations authorizations(String set) {
            List<String> values = new ArrayList<>();
            if (!set.isEmpty()) {
                int start = 0;
                boolean quoted = false;
                for (int i = 0; i < set.length(); i++) {
                    char c = set.charAt(i);
                    if (c == '\\' && quoted) {
                        i++;
                    } else if (c == '"') {
                        quoted = !quoted;
                    } else if (c == ',' && !quoted) {
                        values.add(set.substring(start, i));
                        start = i + 1;
                    }
                }
                values.add(set.substring(start));
            }
            try {
                return Authorizations.of(values.stream().map(AccessExpressions::unquote).toList());
            } catch (AccessExpressionException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "Invalid --auths '" + set + "': " + e.description() + " [" + e.rule() + "]");
            }
        }
    }
}
