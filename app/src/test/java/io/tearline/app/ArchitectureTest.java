package io.tearline.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's layout: markings <- access <- alliance <- store <- audit <- server <- app, one direction
 * only, and a module's {@code .internal} packages are its own.
 */
class ArchitectureTest {

    static final List<String> ORDER = List.of("markings", "access", "alliance", "store", "audit", "server", "app");
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.tearline");
    }

    @Test
    void modulesDependOnlyOnTheOnesToTheirLeft() {
        for (int i = 0; i < ORDER.size(); i++) {
            String module = ORDER.get(i);
            List<String> right = ORDER.subList(i + 1, ORDER.size());
            if (right.isEmpty()) {
                continue;
            }
            noClasses().that().resideInAPackage("io.tearline." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(right.stream().map(m -> "io.tearline." + m + "..").toArray(String[]::new))
                    .because(module + " may only know " + ORDER.subList(0, i))
                    .check(classes);
        }
    }

    @Test
    void internalPackagesAreNotImportedByOtherModules() {
        for (String module : ORDER) {
            noClasses().that().resideOutsideOfPackage("io.tearline." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.tearline." + module + ".internal..")
                    .because("a module's implementation hides in .internal")
                    .check(classes);
        }
    }

    @Test
    void noCycles() {
        slices().matching("io.tearline.(*)..").should().beFreeOfCycles().check(classes);
    }
}
