package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.access.Principal;
import io.tearline.server.Importer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/imports}: an NDJSON body read as a stream, line by line (never held whole), each
 * line the body of a create plus an optional {@code externalId}. The body has its own limit
 * ({@link #MAX_BYTES}, instead of the server's {@code maxBodyBytes}); each line is held to
 * {@code maxBodyBytes}, as a create's body is. The answer is the summary with the rejected records
 * (the first {@link #MAX_REJECTS} of them; {@code rejectsTruncated} says when there were more).
 */
public final class ImportApi {

    public static final String PATH = "/api/v1/imports";
    /** The most an import's body may carry: 4 GiB. */
    public static final long MAX_BYTES = 4L << 30;
    /** The most rejected records an answer lists. */
    public static final int MAX_REJECTS = 10_000;

    private final Importer importer;
    private final int maxLineBytes;

    public ImportApi(Importer importer, long maxLineBytes) {
        this.importer = importer;
        this.maxLineBytes = (int) Math.min(Integer.MAX_VALUE, maxLineBytes);
    }

    public void run(Context ctx, Principal p) throws IOException {
        List<Map<String, Object>> rejects = new ArrayList<>();
        long[] more = {0};
        Importer.Listener listener = new Importer.Listener() {
            @Override
            public void progress(long records, long portions) {}

            @Override
            public void rejected(Importer.Rejected r) {
                if (rejects.size() < MAX_REJECTS) {
                    rejects.add(r.toMap());
                } else {
                    more[0]++;
                }
            }
        };
        Importer.Summary s;
        try (InputStream body = new java.io.BufferedInputStream(new Limited(ctx.req().getInputStream()), 1 << 16)) {
            s = importer.jsonl(p, body, null, maxLineBytes, listener);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stored", s.stored());
        out.put("skipped", s.skipped());
        out.put("rejected", s.rejected());
        out.put("portions", s.portions());
        out.put("rejects", rejects);
        out.put("rejectsTruncated", more[0] > 0);
        Http.json(ctx, out);
    }

    /** Refuses a body over {@link #MAX_BYTES} (a body without a Content-Length is counted as it arrives). */
    private static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            read += n;
            if (read > MAX_BYTES) {
                throw new Problem(413, "body.too-large", "Content Too Large",
                        "an import's body is at most " + MAX_BYTES + " bytes", Map.of());
            }
        }
    }
}
