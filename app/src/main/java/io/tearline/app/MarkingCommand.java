package io.tearline.app;

import io.tearline.markings.Check;
import io.tearline.markings.Markings;
import io.tearline.markings.Rollup;
import io.tearline.markings.Verdict;
import io.tearline.server.MarkingJson;
import io.tearline.markings.Violation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tearline marking ...}: check and roll up security markings (MARKINGS.md sections 1 and 2). Other
 * tools script the output: keep the JSON fields and the exit statuses stable.
 */
@Command(name = "marking", mixinStandardHelpOptions = true,
        description = "Check, normalise and roll up CAPCO-style security markings.",
        subcommands = {MarkingCommand.CheckMarkings.class, MarkingCommand.RollupPortions.class})
public final class MarkingCommand implements Runnable {


    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check banner or portion markings (a portion is written in parentheses).",
                "Verdicts: VALID (canonical as written), NONCANON (legal, written non-canonically; the normalised "
                        + "forms are shown) and INVALID (every violated rule, with its offset in the input).",
                "With --json: a JSON array with one object per input: input, verdict, banner and portion "
                        + "(normalised; absent when INVALID), errors (rule, message, offset).",
                "Exit status: 0 when no input is INVALID, 1 otherwise, 2 for usage errors."},
            footer = {"", "Examples:",
                "  tearline marking check 'SECRET//REL TO USA, GBR, AUS'",
                "  tearline marking check --portion --json 'S//NF' '(TS//SI-G ABCD//OC/NF)'",
                "Put -- before markings that begin with '-'."})
    static final class CheckMarkings implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--portion", description = "Read every input as a portion marking, parenthesised or not.")
        boolean portion;

        @Option(names = "--json", description = "Print JSON instead of readable lines.")
        boolean json;

        @Parameters(arity = "1..*", paramLabel = "MARKING", description = "Markings, e.g. 'SECRET//NOFORN' or '(S//NF)'.")
        List<String> markings = new ArrayList<>();

        @Override
        public Integer call() {
            Markings m = Markings.standard();
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> results = new ArrayList<>();
            int status = 0;
            for (String input : markings) {
                Check c = portion ? m.checkPortion(input) : m.check(input);
                if (c.verdict() == Verdict.INVALID) {
                    status = 1;
                }
                if (json) {
                    results.add(MarkingJson.check(c));
                } else {
                    text(c, out);
                }
            }
            if (json) {
                out.println(CliJson.write(results));
            }
            out.flush();
            return status;
        }

        private static void text(Check c, PrintWriter out) {
            out.printf("%-9s %s%n", c.verdict(), printable(c.input()));
            if (c instanceof Check.Accepted a) {
                out.println("  banner   " + a.marking().banner());
                out.println("  portion  " + a.marking().portion());
            }
            for (Violation v : c.findings()) {
                out.println("  " + v.rule() + " at " + v.offset() + ": " + v.message());
            }
        }
    }

    @Command(name = "rollup", mixinStandardHelpOptions = true,
            description = {"Roll portion markings up into the banner (MARKINGS.md section 2).",
                "Portions may use the short form (S//REL), which takes the banner's REL TO list.",
                "With --json: a JSON object with verdict, banner (absent when INVALID) and errors (portion, the "
                        + "0-based index of the portion or -1 for the document, rule, message, offset).",
                "Exit status: 0 when the banner was computed, 1 when any portion is INVALID, 2 for usage errors."},
            footer = {"", "Example:",
                "  tearline marking rollup '(TS//NF)' '(S//REL TO USA, JPN)'"})
    static final class RollupPortions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of readable lines.")
        boolean json;

        @Parameters(arity = "1..*", paramLabel = "PORTION", description = "Portion markings, e.g. '(S//NF)'.")
        List<String> portions = new ArrayList<>();

        @Override
        public Integer call() {
            Rollup r = Markings.standard().rollup(portions);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(CliJson.write(MarkingJson.rollup(r)));
            } else {
                out.printf("%-9s %s%n", r.verdict(), r instanceof Rollup.Accepted a ? a.bannerText() : "(no banner)");
                for (Rollup.Located l : r.findings()) {
                    String where = l.portion() == Rollup.Located.DOCUMENT ? "document"
                            : "portion " + l.portion() + " " + printable(portions.get(l.portion()));
                    out.println("  " + where + ": " + l.rule() + " at " + l.offset() + ": " + l.message());
                }
            }
            out.flush();
            return r.verdict() == Verdict.INVALID ? 1 : 0;
        }
    }

    /** The input with control characters escaped, so that a hostile input cannot garble the terminal. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
