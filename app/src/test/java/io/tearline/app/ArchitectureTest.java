package io.tearline.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's module graph, stated once: who may use whom. The classes of a module may use only the
 * modules it reaches along these arrows; each module's pom declares exactly its arrows; a module's
 * {@code .internal} packages are its own; bench is used by nothing.
 */
class ArchitectureTest {

    /** The arrows of DESIGN.md's "Who may use whom". */
    static final Map<String, Set<String>> USES = new LinkedHashMap<>();

    static {
        USES.put("markings", Set.of());
        USES.put("access", Set.of("markings"));
        USES.put("alliance", Set.of("access"));
        USES.put("db", Set.of());
        USES.put("store", Set.of("markings", "access", "db"));
        USES.put("store-accumulo", Set.of("markings", "access", "store"));
        USES.put("audit", Set.of("db"));
        USES.put("server", Set.of("markings", "access", "alliance", "db", "store", "audit"));
        USES.put("app", Set.of("server", "markings", "access", "alliance", "db", "store", "store-accumulo", "audit"));
    }

    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tearline");
    }

    /** A module's root package: {@code io.tearline.<module>}, store-accumulo's {@code io.tearline.store.accumulo}. */
    static String pkg(String module) {
        return "io.tearline." + module.replace('-', '.');
    }

    /** The classes of a module: its packages, less those of a module nested in them (store.accumulo in store). */
    static DescribedPredicate<JavaClass> inModule(String module) {
        DescribedPredicate<JavaClass> in = JavaClass.Predicates.resideInAPackage(pkg(module) + "..");
        for (String other : USES.keySet()) {
            if (pkg(other).startsWith(pkg(module) + ".")) {
                in = in.and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage(pkg(other) + "..")));
            }
        }
        return in.as("the classes of " + module);
    }

    /** Everything {@code module} reaches along the arrows (what its pom brings onto its class path). */
    static Set<String> reachable(String module) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(USES.get(module));
        while (!todo.isEmpty()) {
            String m = todo.pop();
            if (seen.add(m)) {
                todo.addAll(USES.get(m));
            }
        }
        return seen;
    }

    @Test
    void theGraphIsTheOneDesignDraws() {
        assertThat(reachable("audit")).as("a partner verifying the log needs nothing else").containsExactly("db");
        assertThat(reachable("store")).doesNotContain("alliance", "audit");
        assertThat(reachable("db")).isEmpty();
        for (String m : USES.keySet()) {
            assertThat(reachable(m)).as("no cycle through " + m).doesNotContain(m);
        }
    }

    @Test
    void eachModuleUsesOnlyWhatItsArrowsReach() {
        for (String module : USES.keySet()) {
            Set<String> allowed = reachable(module);
            List<DescribedPredicate<JavaClass>> forbidden = USES.keySet().stream()
                    .filter(m -> !m.equals(module) && !allowed.contains(m))
                    .map(ArchitectureTest::inModule)
                    .toList();
            if (forbidden.isEmpty()) {
                continue;
            }
            noClasses().that(inModule(module))
                    .should().dependOnClassesThat(DescribedPredicate.or(forbidden))
                    .because(module + " may only use " + allowed)
                    .check(classes);
        }
    }

    @Test
    void eachPomDeclaresExactlyItsArrowsAndNothingDependsOnBench() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("markings").resolve("pom.xml"))) {
            root = root.getParent();
            assertThat(root).as("the project root above the working directory").isNotNull();
        }
        Pattern dep = Pattern.compile("<groupId>io\\.tearline</groupId><artifactId>([a-z-]+)</artifactId>(?!<version>)"
                + "(?:<scope>([a-z]+)</scope>)?");
        for (String module : USES.keySet()) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            Set<String> declared = new TreeSet<>();
            Matcher m = dep.matcher(pom.replaceAll(">\\s+<", "><"));
            while (m.find()) {
                if (m.group(2) == null || m.group(2).equals("compile")) {
                    declared.add(m.group(1));
                }
            }
            assertThat(declared).as(module + "/pom.xml's Tearline dependencies").doesNotContain("bench");
            assertThat(reachableFrom(declared)).as(module + "/pom.xml brings exactly the modules its arrows reach")
                    .isEqualTo(reachable(module));
        }
    }

    private static Set<String> reachableFrom(Set<String> direct) {
        Set<String> out = new TreeSet<>();
        for (String d : direct) {
            out.add(d);
            out.addAll(reachable(d));
        }
        return out;
    }

    @Test
    void internalPackagesAreNotImportedByOtherModules() {
        for (String module : USES.keySet()) {
            noClasses().that(DescribedPredicate.not(inModule(module)))
                    .should().dependOnClassesThat().resideInAPackage(pkg(module) + ".internal..")
                    .because("a module's implementation hides in .internal")
                    .check(classes);
        }
    }

    @Test
    void theServerHoldsNoSql() {
        noClasses().that().resideInAPackage("io.tearline.server..")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.sql.Statement")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.PreparedStatement")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.sql.ResultSet")
                .orShould().dependOnClassesThat().resideInAPackage("org.flywaydb..")
                .because("SQL lives in the store, audit and db modules")
                .check(classes);
    }

    @Test
    void noCycles() {
        slices().matching("io.tearline.(*)..").should().beFreeOfCycles().check(classes);
    }
}
