package io.tearline.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache accumulo-access's conformance data (src/test/resources/accumulo-access-testdata.json, see the
 * NOTICE beside it). The access module has no JSON library, so a strict reader for the subset the file
 * uses (objects, arrays, strings) lives here; anything else in the file is an error, not a skipped case.
 */
record ConformanceData(List<Group> groups) {

    static final String RESOURCE = "/accumulo-access-testdata.json";

    /** Auths: the sets an expression must pass, each alone. */
    record Group(String description, List<List<String>> auths, List<Expected> tests) {
    }

    /** expectedResult is ACCESSIBLE, INACCESSIBLE or ERROR. */
    record Expected(String expectedResult, List<String> expressions) {
    }

    static ConformanceData load() {
        try (InputStream in = ConformanceData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            Object json = new Reader(new String(in.readAllBytes(), StandardCharsets.UTF_8)).document();
            List<Group> groups = new ArrayList<>();
            for (Object g : list(json)) {
                Map<?, ?> group = map(g);
                List<List<String>> auths = new ArrayList<>();
                for (Object set : list(group.get("auths"))) {
                    auths.add(strings(set));
                }
                List<Expected> tests = new ArrayList<>();
                for (Object t : list(group.get("tests"))) {
                    Map<?, ?> test = map(t);
                    tests.add(new Expected((String) test.get("expectedResult"), strings(test.get("expressions"))));
                }
                groups.add(new Group((String) group.get("description"), auths, tests));
            }
            return new ConformanceData(groups);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<?> list(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalStateException("expected a JSON array, got " + o);
    }

    private static Map<?, ?> map(Object o) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalStateException("expected a JSON object, got " + o);
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        for (Object s : list(o)) {
            out.add((String) s);
        }
        return out;
    }

    /** Objects, arrays and strings of RFC 8259; nothing else occurs in the data. */
    private static final class Reader {
        private final String s;
        private int p;

        Reader(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            ws();
            if (p != s.length()) {
                throw error("trailing content");
            }
            return v;
        }

        private Object value() {
            ws();
            if (p == s.length()) {
                throw error("unexpected end");
            }
            return switch (s.charAt(p)) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                default -> throw error("unsupported value");
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            p++;
            ws();
            if (s.charAt(p) == '}') {
                p++;
                return m;
            }
            while (true) {
                ws();
                String key = string();
                ws();
                expect(':');
                m.put(key, value());
                ws();
                if (s.charAt(p) == '}') {
                    p++;
                    return m;
                }
                expect(',');
            }
        }

        private List<Object> array() {
            List<Object> l = new ArrayList<>();
            p++;
            ws();
            if (s.charAt(p) == ']') {
                p++;
                return l;
            }
            while (true) {
                l.add(value());
                ws();
                if (s.charAt(p) == ']') {
                    p++;
                    return l;
                }
                expect(',');
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(p++);
                if (c == '"') {
                    return b.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c == '\\') {
                    char e = s.charAt(p++);
                    switch (e) {
                        case '"', '\\', '/' -> b.append(e);
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                            p += 4;
                        }
                        default -> throw error("bad escape");
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void expect(char c) {
            if (p >= s.length() || s.charAt(p) != c) {
                throw error("expected '" + c + "'");
            }
            p++;
        }

        private void ws() {
            while (p < s.length() && " \t\r\n".indexOf(s.charAt(p)) >= 0) {
                p++;
            }
        }

        private IllegalStateException error(String what) {
            return new IllegalStateException("test data JSON: " + what + " at offset " + p);
        }
    }
}
