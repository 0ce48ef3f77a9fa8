package io.tearline.app;

import io.tearline.alliance.Standing;
import io.tearline.alliance.Status;
import io.tearline.alliance.WhatIf;
import io.tearline.server.Config;
import io.tearline.server.Tearline;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tearline alliance}: the operator's view of the alliance, on the data directory directly. */
@Command(name = "alliance", mixinStandardHelpOptions = true, description = "The alliance: eligibility and what-if analysis.",
        subcommands = {AllianceCommand.StatusCmd.class, AllianceCommand.WhatIfCmd.class})
final class AllianceCommand {

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Each nation's eligibility in the communities it belongs to, with the controls that block it.")
    static final class StatusCmd implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "NATION", description = "one nation (default: all)")
        String nation;

        @Mixin
        DataOption where;

        @Override
        public Integer call() throws Exception {
            Config c = where.load();
            try (Tearline t = Tearline.open(c, where.dataDir(c))) {
                var a = t.alliance();
                if (nation != null && !a.nations().containsKey(nation)) {
                    System.err.println("unknown nation " + nation + "; known: " + String.join(" ", a.nations().keySet().stream().sorted().toList()));
                    return 2;
                }
                List<String> nations = nation != null ? List.of(nation) : a.nations().keySet().stream().sorted().toList();
                for (String n : nations) {
                    System.out.println(n);
                    for (Standing.In in : a.standing(n, t.today()).communities()) {
                        System.out.printf("  %-12s %s%s%n", in.community(), in.eligible() ? "eligible" : "NOT eligible",
                                in.eligible() ? "" : "  blocked by " + String.join(", ", in.blockingControls().stream()
                                        .map(b -> b.control() + " (" + b.status() + ")").toList()));
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "what-if", mixinStandardHelpOptions = true,
            description = "What would admitting, removing or reassessing a nation change? Counts every stored portion.")
    static final class WhatIfCmd implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Question q;

        static final class Question {
            @ArgGroup(exclusive = false)
            Admit admit;
            @ArgGroup(exclusive = false)
            Remove remove;
            @ArgGroup(exclusive = false)
            Assess assess;
        }

        static final class Admit {
            @Option(names = "--admit", required = true, paramLabel = "NATION") String nation;
            @Option(names = "--to", required = true, paramLabel = "COMMUNITY") String community;
        }

        static final class Remove {
            @Option(names = "--remove", required = true, paramLabel = "NATION") String nation;
            @Option(names = "--from", required = true, paramLabel = "COMMUNITY") String community;
        }

        static final class Assess {
            @Option(names = "--nation", required = true) String nation;
            @Option(names = "--control", required = true) String control;
            @Option(names = "--status", required = true, description = "MET, PARTIAL or NOT_MET") Status status;
        }

        @Option(names = "--json", description = "print the answer as JSON")
        boolean json;

        @Mixin
        DataOption where;

        @Override
        public Integer call() throws Exception {
            WhatIf.Change change = q.admit != null ? new WhatIf.Change.Admit(q.admit.nation, q.admit.community)
                    : q.remove != null ? new WhatIf.Change.Remove(q.remove.nation, q.remove.community)
                    : new WhatIf.Change.Assess(q.assess.nation, q.assess.control, q.assess.status);
            Logging.quietForCommand();
            Config c = where.load();
            try (Tearline t = Tearline.open(c, where.dataDir(c))) {
                WhatIf.Result r;
                try {
                    try (Progress progress = Progress.onStderr("what-if", "portions", t.store().portionCount())) {
                        r = t.whatIf(change, Optional.empty(), progress);
                    }
                } catch (io.tearline.alliance.AllianceException e) {
                    System.err.println("what-if: " + e.getMessage() + " [" + e.rule() + "]");
                    return 2;
                }
                if (json) {
                    System.out.println(CliJson.write(r));
                    return 0;
                }
                System.out.printf("%s: %s%n", r.nation(), r.eligible() ? "would be eligible" : "would NOT be eligible");
                r.blockingControls().forEach(b -> System.out.printf("  blocked by %s (%s): %s%n", b.control(), b.status(), b.evidence()));
                print("would become releasable", r.gained());
                print("would stop being releasable", r.lost());
            }
            return 0;
        }

        private static void print(String what, WhatIf.Delta d) {
            System.out.printf("%d portions %s%n", d.count(), what);
            d.portions().forEach(p -> System.out.printf("  report %s portion %d (%s)%n", p.reportId(), p.portionIndex(), p.classification()));
        }
    }
}
