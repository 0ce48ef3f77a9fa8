package io.tearline.store;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/** Random realistic portion markings (not all valid: callers keep those the rules accept). */
final class MarkingGen {

    static final List<String> NATIONS = List.of("USA", "JPN", "PHL", "AUS", "CAN", "GBR", "NZL", "KOR");
    private static final List<String> REL_CODES = List.of("AUS", "CAN", "GBR", "JPN", "NZL", "PHL", "KOR", "FVEY",
            "ACGU", "TEYE", "NATO");
    private static final String[] LEVELS = {"U", "C", "S", "TS"};

    private MarkingGen() {}

    static String portion(RandomGenerator rnd) {
        if (rnd.nextInt(8) == 0) { // a partner's own marking
            String owner = List.of("GBR", "JPN", "AUS", "CAN").get(rnd.nextInt(4));
            return "(//" + owner + " " + LEVELS[1 + rnd.nextInt(3)] + "//REL TO USA, " + owner + ")";
        }
        String level = LEVELS[rnd.nextInt(LEVELS.length)];
        if (level.equals("U")) {
            return rnd.nextInt(4) == 0 ? "(U//NF)" : "(U)";
        }
        String sci = "";
        if (!level.equals("C") && rnd.nextInt(4) == 0) {
            sci = "//" + List.of("SI", "TK", "SI/TK").get(rnd.nextInt(3));
        }
        List<String> ctl = new ArrayList<>();
        if (rnd.nextInt(5) == 0) {
            ctl.add("OC");
        }
        int kind = rnd.nextInt(3);
        if (kind == 0) {
            ctl.add("NF");
        } else if (kind == 1) {
            TreeSet<String> tri = new TreeSet<>();
            TreeSet<String> tetra = new TreeSet<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                String code = REL_CODES.get(rnd.nextInt(REL_CODES.size()));
                (code.length() == 3 ? tri : tetra).add(code);
            }
            List<String> codes = new ArrayList<>(List.of("USA"));
            codes.addAll(tri);
            codes.addAll(tetra);
            ctl.add("REL TO " + String.join(", ", codes));
        }
        return "(" + level + sci + (ctl.isEmpty() ? "" : "//" + String.join("/", ctl)) + ")";
    }
}
