package io.tearline.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tearline.access.Principal;
import io.tearline.server.Config;
import io.tearline.server.Importer;
import io.tearline.server.Tearline;
import io.tearline.server.TearlineServer;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tearline import FILE|DIR}: a bulk import of JSON Lines records or XML documents, into a data
 * directory (server stopped) or through a running server's {@code POST /api/v1/imports}. Records already
 * stored (same externalId, or same content) are skipped, so an interrupted import is simply run again.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import reports in bulk: JSON Lines (the body of POST /api/v1/reports plus an optional externalId "
                + "a line), or ISM / STANAG 4774 XML documents (a file or a directory of them).",
                "Every report is checked as a create is and stored whole or not at all; a re-run skips what was "
                        + "stored. Rejected records go to the rejects file with their line (or file) and why."})
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", description = "a JSON Lines file, an XML file, or a directory of them")
    Path input;

    @Option(names = "--format", paramLabel = "jsonl|ism|4774", defaultValue = "jsonl",
            description = "jsonl (default), ism (ISM XML) or 4774 (STANAG 4774 labels with a 4778 binding)")
    String format;

    @Option(names = "--as", paramLabel = "USER", description = "the author, from the user directory (with --data)")
    String as;

    @Mixin
    DataOption where;

    @Option(names = "--url", paramLabel = "URL", description = "a running server (instead of --data), e.g. http://localhost:8080")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "the bearer token for --url (default: $TEARLINE_TOKEN)")
    String token;

    @Option(names = "--rejects", paramLabel = "FILE", description = "the rejects file (default: NAME.rejects.jsonl beside the input)")
    Path rejectsFile;

    @Option(names = "--json", description = "end with one summary object {stored, skipped, rejected}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!List.of("jsonl", "ism", "4774").contains(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid --format '" + format
                    + "': one of jsonl, ism, 4774");
        }
        if (!Files.exists(input)) {
            throw new CliError(CliError.MISSING, "no such file or directory: " + input);
        }
        List<Path> files = files();
        Path rejects = rejectsFile != null ? rejectsFile : beside(input);
        PrintWriter err = spec.commandLine().getErr();
        Importer.Summary s;
        try (BufferedWriter w = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
            Importer.Listener listener;
            long total = format.equals("jsonl") ? countLines(files) : files.size();
            try (Progress progress = Progress.on(err, "import", "records", total)) {
                listener = new Importer.Listener() {
                    @Override
                    public void progress(long records, long portions) {
                        progress.accept(records);
                    }

                    @Override
                    public void rejected(Importer.Rejected r) {
                        try {
                            w.write(r.toJson());
                            w.write('\n');
                            w.flush(); // a run stopped half-way leaves the rejects found so far
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                };
                s = url != null ? remote(files, listener) : local(files, listener);
                progress.finish(s.stored() + s.skipped() + s.rejected());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stored", s.stored());
            m.put("skipped", s.skipped());
            m.put("rejected", s.rejected());
            out.println(CliJson.write(m));
        } else {
            out.printf(Locale.ROOT, "stored %,d, skipped %,d (stored before), rejected %,d%s%n", s.stored(), s.skipped(),
                    s.rejected(), s.rejected() > 0 ? " (see " + rejects + ")" : "");
        }
        out.flush();
        return 0;
    }

    /** The input's files: the file itself, or a directory's files of the format, in name order. */
    private List<Path> files() throws IOException {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        List<String> endings = format.equals("jsonl") ? List.of(".jsonl", ".ndjson") : List.of(".xml");
        try (Stream<Path> s = Files.list(input)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> endings.stream()
                            .anyMatch(e -> String.valueOf(p.getFileName()).toLowerCase(Locale.ROOT).endsWith(e)))
                    .sorted().toList();
        }
    }

    static Path beside(Path input) {
        Path abs = input.toAbsolutePath().normalize();
        String name = String.valueOf(abs.getFileName());
        int dot = name.lastIndexOf('.');
        String base = dot > 0 && !Files.isDirectory(abs) ? name.substring(0, dot) : name;
        return abs.resolveSibling(base + ".rejects.jsonl");
    }

    private static long countLines(List<Path> files) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                int r;
                byte last = '\n';
                while ((r = in.read(buf)) > 0) {
                    for (int i = 0; i < r; i++) {
                        if (buf[i] == '\n') {
                            n++;
                        }
                    }
                    last = buf[r - 1];
                }
                if (last != '\n') {
                    n++;
                }
            }
        }
        return n;
    }

    /** The records of the input, one iterator over all its files. */
    private Iterator<Importer.Item> items(List<Path> files, int maxLine) {
        if (!format.equals("jsonl")) {
            return Importer.xml(files, format.equals("4774"));
        }
        List<InputStream> opened = new ArrayList<>();
        return new Iterator<>() {
            private int next;
            private Iterator<Importer.Item> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && next < files.size()) {
                    Path f = files.get(next++);
                    try {
                        opened.forEach(ImportCommand::closeQuietly);
                        InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
                        opened.add(in);
                        current = Importer.lines(in, f.toString(), maxLine);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                boolean more = current.hasNext();
                if (!more) {
                    opened.forEach(ImportCommand::closeQuietly);
                }
                return more;
            }

            @Override
            public Importer.Item next() {
                hasNext();
                return current.next();
            }
        };
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // read to the end already
        }
    }

    private Importer.Summary local(List<Path> files, Importer.Listener listener) throws IOException {
        if (as == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing --as USER: the author of the imported reports");
        }
        Config c = where.load();
        try (Tearline t = Tearline.open(c, where.dataDir(c))) {
            Principal author = t.users().principal(as)
                    .orElseThrow(() -> new CliError(CliError.MISSING, "no user '" + as + "' in the user directory"));
            TearlineServer server = TearlineServer.create(t);
            try {
                int maxLine = (int) Math.min(Integer.MAX_VALUE, c.server().maxBodyBytes());
                return server.importer().run(author, items(files, maxLine), listener);
            } finally {
                server.close();
            }
        }
    }

    /**
     * Posts the records as NDJSON to the server (streamed, never held whole) and writes the rejects the
     * server answers; XML is read here and sent as records, and rejects are named by their file again.
     */
    private Importer.Summary remote(List<Path> files, Importer.Listener listener) throws IOException, InterruptedException {
        String bearer = token != null ? token : System.getenv("TEARLINE_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url needs --token TOKEN or TEARLINE_TOKEN");
        }
        List<String> sources = new ArrayList<>(); // for each line sent: the file and line it came from
        List<Long> sourceLines = new ArrayList<>();
        Iterator<Importer.Item> items = items(files, Integer.MAX_VALUE);
        long[] sent = {0};
        long[] refusedHere = {0};
        InputStream body = new InputStream() {
            private byte[] buf = new byte[0];
            private int pos;

            @Override
            public int read() {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (pos >= buf.length) {
                    if (!items.hasNext()) {
                        return -1;
                    }
                    switch (items.next()) {
                        case Importer.Item.Text text -> {
                            sources.add(text.file());
                            sourceLines.add(text.line());
                            buf = (text.json() + "\n").getBytes(StandardCharsets.UTF_8);
                            pos = 0;
                            listener.progress(++sent[0], 0);
                        }
                        case Importer.Item.Refused r -> {
                            refusedHere[0]++;
                            listener.rejected(r.why());
                        }
                    }
                }
                int n = Math.min(len, buf.length - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/api/v1/imports"))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliError(CliError.IO, "cannot reach " + url + ": " + e.getMessage(), e);
        }
        JsonNode answer = new ObjectMapper().readTree(response.body());
        if (response.statusCode() != 200) {
            throw new CliError(CliError.NEGATIVE, "the server refused the import (" + response.statusCode() + "): "
                    + answer.path("detail").asText(response.body()));
        }
        for (JsonNode r : answer.path("rejects")) {
            long line = r.path("line").asLong(0);
            int i = (int) line - 1;
            String file = i >= 0 && i < sources.size() ? sources.get(i) : null;
            long original = i >= 0 && i < sourceLines.size() ? sourceLines.get(i) : 0;
            List<Map<String, Object>> errors = new ArrayList<>();
            r.path("errors").forEach(e -> errors.add(
                    new ObjectMapper().convertValue(e, new TypeReference<Map<String, Object>>() {})));
            listener.rejected(new Importer.Rejected(file, original, r.hasNonNull("externalId")
                    ? r.get("externalId").asText() : null, r.path("rule").asText(), r.path("message").asText(), errors));
        }
        return new Importer.Summary(answer.path("stored").asLong(), answer.path("skipped").asLong(),
                answer.path("rejected").asLong() + refusedHere[0], answer.path("portions").asLong());
    }
}
