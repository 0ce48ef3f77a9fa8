package io.tearline.server.internal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Swagger UI at {@code /api/docs}: our page and initializer, and the UI's script and styles from the
 * {@code org.webjars:swagger-ui} jar. Only the files listed here are served; the page's Content Security
 * Policy allows scripts, styles and requests to this origin only.
 */
final class ApiDocs {

    /** Images: Swagger UI's stylesheet embeds its icons as data: URIs. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String OURS = "io/tearline/server/docs/";
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png",
            "tearline-init.js", "text/javascript; charset=utf-8");

    private final String webjar;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    ApiDocs() {
        this.webjar = "META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";
    }

    void page(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.contentType("text/html; charset=utf-8").result(bytes(OURS + "index.html"));
    }

    void asset(Context ctx) {
        String file = ctx.pathParam("file");
        String type = FILES.get(file);
        if (type == null) {
            throw Problem.notFound();
        }
        byte[] body = loaded.computeIfAbsent(file, f -> bytes((f.startsWith("tearline-") ? OURS : webjar) + f));
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.contentType(type).result(body);
    }

    private static byte[] bytes(String resource) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = ApiDocs.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
