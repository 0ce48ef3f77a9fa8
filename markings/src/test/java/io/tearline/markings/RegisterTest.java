package io.tearline.markings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tearline.markings.internal.RegisterTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The register data files: codes, tetragraph members, schemes, per-pair equivalences. */
class RegisterTest {

    private static final Register REG = Register.standard();

    @Test
    void countryCodesAreIsoPlusTheGencExtras() {
        assertThat(REG.countries()).hasSize(249 + 2).contains("USA", "JPN", "PHL", "KOR", "TWN", "GBR", "XKS", "AX2");
        assertThat(REG.isCountry("JPN")).isTrue();
        assertThat(REG.isCountry("XKS")).isTrue();
        assertThat(REG.isCountry("XYZ")).isFalse();
        assertThat(REG.isCountry("jpn")).isFalse();
        assertThat(REG.isCountry("JP")).isFalse();
        assertThat(REG.isCountry("FVEY")).isFalse();
        assertThat(REG.name("PHL")).contains("Philippines");
    }

    @Test
    void onlyFveyAcguAndTeyeHaveMembers() {
        assertThat(REG.members("FVEY")).contains(Set.of("USA", "AUS", "CAN", "GBR", "NZL"));
        assertThat(REG.members("ACGU")).contains(Set.of("USA", "AUS", "CAN", "GBR"));
        assertThat(REG.members("TEYE")).contains(Set.of("USA", "CAN", "GBR"));
        assertThat(REG.isTetragraph("NATO")).isTrue();
        assertThat(REG.members("NATO")).isEmpty();
        assertThat(REG.members("ISAF")).isEmpty();
        assertThat(REG.members("AUKU")).isEmpty();
        assertThat(REG.isTetragraph("AUKU")).isFalse();
        assertThat(REG.deprecated("EFOR")).isPresent();
        assertThat(REG.deprecated("KFOR")).isEmpty();
    }

    @Test
    void equivalencesArePerPairAndFailClosed() {
        assertThat(REG.usEquivalent("GBR", Level.SECRET, "USA")).contains(Level.SECRET);
        assertThat(REG.usEquivalent("GBR", Level.SECRET, "AUS")).as("no GBR-AUS table on file").isEmpty();
        assertThat(REG.usEquivalent("NATO", Level.RESTRICTED, "USA")).contains(Level.CONFIDENTIAL);
        assertThat(REG.usEquivalent("GBR", Level.CONFIDENTIAL, "USA")).as("UK handling of CONFIDENTIAL not retrieved").isEmpty();
        assertThat(REG.usEquivalent("JPN", Level.SECRET, "USA")).contains(Level.SECRET);
        assertThat(REG.usEquivalent("JPN", Level.SECRET, "JPN")).as("own nationals").contains(Level.SECRET);
        assertThat(REG.usEquivalent("JPN", Level.SECRET, "PHL")).isEmpty();
        assertThat(REG.usEquivalent("CAN GBR", Level.SECRET, "USA")).contains(Level.SECRET);
        assertThat(REG.usEquivalent("CAN GBR", Level.CONFIDENTIAL, "USA")).as("every owner's pair is needed").isEmpty();
        assertThat(REG.usEquivalent("FGI", Level.SECRET, "USA")).contains(Level.SECRET);
        assertThat(REG.usEquivalent("FGI", Level.SECRET, "GBR")).isEmpty();
        assertThat(REG.usEquivalent("DEU", Level.SECRET, "USA")).isEmpty();
        assertThat(REG.equivalenceOwners()).contains("NATO", "GBR", "JPN", "PHL").doesNotContain("DEU");
    }

    @Test
    void schemesDecideWhichForeignLevelsExist() {
        assertThat(REG.scheme("CAN")).get().satisfies(s -> assertThat(s).containsKey(Level.CONFIDENTIAL).doesNotContainKey(Level.RESTRICTED));
        assertThat(REG.scheme("GBR")).get().satisfies(s -> assertThat(s.get(Level.RESTRICTED)).isEqualTo("legacy"));
        assertThat(REG.scheme("DEU")).isEmpty();
        Markings m = Markings.standard();
        assertThat(m.check("//CAN RESTRICTED").verdict()).isEqualTo(Verdict.INVALID);
        assertThat(m.check("//CAN CONFIDENTIAL").verdict()).isEqualTo(Verdict.VALID);
        assertThat(m.check("//DEU RESTRICTED").verdict()).isEqualTo(Verdict.VALID);
        assertThat(m.check("//GBR RESTRICTED").verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aTetragraphMembershipIsData() {
        Register withAukus = REG.withTetragraph("AUKU", Optional.of(Set.of("USA", "AUS", "GBR")));
        assertThat(withAukus.members("AUKU")).contains(Set.of("USA", "AUS", "GBR"));
        assertThat(REG.isTetragraph("AUKU")).isFalse();
        Markings m = Markings.of(withAukus);
        assertThat(m.check("SECRET//REL TO USA, AUKU").verdict()).isEqualTo(Verdict.VALID);
        assertThat(Markings.standard().check("SECRET//REL TO USA, AUKU").verdict()).isEqualTo(Verdict.INVALID);
        Rollup r = m.rollup(java.util.List.of("(S//REL TO USA, AUKU)", "(S//REL TO USA, GBR, JPN)"));
        assertThat(((Rollup.Accepted) r).bannerText()).isEqualTo("SECRET//REL TO USA, GBR");
        assertThatThrownBy(() -> REG.withTetragraph("AUKU", Optional.of(Set.of("XYZ")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> REG.withTetragraph("AU", Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sciControlSystemsComeFromTheRegister(@TempDir Path dir) throws IOException {
        assertThat(REG.sciSystems()).containsEntry("SI", "published").containsEntry("TK", "published")
                .containsEntry("HCS", "published").containsEntry("RSV", "published").containsEntry("KDK", "legacy");
        // the random generators must produce registered systems only, or their VALID markings are not
        assertThat(REG.sciSystems().keySet()).containsAll(MarkingGen.SCI_SYSTEMS);
        assertThat(REG.isSciSystem("XYZZY")).isFalse();
        assertThat(Markings.standard().check("TOP SECRET//ABC//NOFORN").verdict()).isEqualTo(Verdict.INVALID);
        // a deployment registers its own unpublished systems as data
        copyStandard(dir);
        Files.writeString(dir.resolve("sci-systems.tsv"), "ABC\tunpublished\tEXERCISE\n", StandardOpenOption.APPEND);
        Markings custom = Markings.of(Register.fromDirectory(dir));
        assertThat(custom.check("TOP SECRET//ABC//NOFORN").verdict()).isEqualTo(Verdict.VALID);
        Files.writeString(dir.resolve("sci-systems.tsv"), "ABD\tsecret\t-\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Register.fromDirectory(dir)).hasMessageContaining("sci-systems.tsv").hasMessageContaining("secret");
    }

    @Test
    void aDirectoryOfFilesReplacesTheBundledData(@TempDir Path dir) throws IOException {
        copyStandard(dir);
        Files.writeString(dir.resolve("countries.tsv"), "XAA\t-\tExercise Land\n", StandardOpenOption.APPEND);
        Register custom = Register.fromDirectory(dir);
        assertThat(custom.isCountry("XAA")).isTrue();
        assertThat(REG.isCountry("XAA")).isFalse();
        assertThat(Markings.of(custom).check("SECRET//REL TO USA, XAA").verdict()).isEqualTo(Verdict.VALID);
        assertThat(Markings.standard().check("SECRET//REL TO USA, XAA").verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void malformedDataNamesFileAndLine(@TempDir Path dir) throws IOException {
        copyStandard(dir);
        Files.writeString(dir.resolve("equivalences.tsv"), "GBR\tSECRET\tUSA\tSECRETISH\tN\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Register.fromDirectory(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("equivalences.tsv").hasMessageContaining("line").hasMessageContaining("SECRETISH");
        copyStandard(dir);
        Files.writeString(dir.resolve("tetragraphs.tsv"), "ABCD\tTest\tUSA ZZZ\t-\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Register.fromDirectory(dir)).hasMessageContaining("ZZZ");
        copyStandard(dir);
        Files.writeString(dir.resolve("equivalences.tsv"), "GBR\tSECRET\tUSA\tSECRET\tN\n", StandardOpenOption.APPEND);
        assertThatThrownBy(() -> Register.fromDirectory(dir)).hasMessageContaining("duplicate pair");
        Files.delete(dir.resolve("schemes.tsv"));
        assertThatThrownBy(() -> Register.fromDirectory(dir)).hasMessageContaining("schemes.tsv");
    }

    private static void copyStandard(Path dir) throws IOException {
        for (String file : RegisterTables.FILES) {
            try (InputStream in = Register.class.getResourceAsStream("/io/tearline/markings/register/" + file)) {
                Files.copy(in, dir.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
