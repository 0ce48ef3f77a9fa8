package io.tearline.store;

import io.tearline.db.Database;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reports from the alliance scenario and small helpers. */
final class Fixtures {

    private Fixtures() {}

    static PortionText p(String marking, String text) {
        return new PortionText(marking, text);
    }

    /** R1 of SCENARIO.md: one U, one REL TO USA, JPN, PHL, one REL TO USA, FVEY, one NF portion. */
    static ReportDraft r1() {
        return new ReportDraft(p("(U)", "China Coast Guard water cannon use near Second Thomas Shoal"), "USA", "DIA",
                List.of(), List.of(
                        p("(U)", "Public summary of the incident of 23 March 2024: water cannon fired at resupply boats."),
                        p("(S//REL TO USA, JPN, PHL)", "EXERCISE vessel track summary for the trilateral partners."),
                        p("(S//REL TO USA, FVEY)", "EXERCISE assessment of intent behind the water cannon use."),
                        p("(S//NF)", "EXERCISE sourcing note: a sensitive source reported the order.")),
                "ava");
    }

    static ReportDraft single(String marking, String title, String text) {
        return new ReportDraft(p(marking, title), "USA", "DIA", List.of(), List.of(p(marking, text)), "ben");
    }

    /** Row counts of every store table. */
    static Map<String, Long> rowCounts(Database db) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String t : List.of("store_report", "store_version", "store_portion", "store_label", "store_counter")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + t)) {
                    rs.next();
                    out.put(t, rs.getLong(1));
                }
            }
            try (ResultSet rs = s.executeQuery("select change_id from store_counter")) {
                rs.next();
                out.put("change_id", rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
