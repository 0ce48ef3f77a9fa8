package io.tearline.server.internal;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.tearline.access.Principal;
import io.tearline.server.Config;
import io.tearline.server.TokenIssuer;
import io.tearline.server.UserDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web application at {@code /}: one page, its script and its styles, served from the jar with a
 * strict Content Security Policy (no inline script or style, requests to this origin only). The page
 * calls the JSON API with a bearer token it keeps in the tab's session storage; there are no cookies,
 * so no cross-site request can act as the person. In demo mode only, {@code /web/demo/people} lists the
 * demo people and {@code /web/demo/sign-in} issues a token for one of them; elsewhere both answer 404.
 */
public final class WebApp {

    /** The page's policy: scripts, styles, images and requests from this origin only; no framing, no forms posted. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String DIR = "io/tearline/server/web/";
    private static final Map<String, String> FILES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private static final Duration DEMO_TOKEN_TTL = Duration.ofHours(8);

    private final UserDirectory users;
    private final List<LoginIssuer> logins;
    private final String csp;
    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();
    private volatile TokenIssuer demoIssuer;
    private volatile DemoIdentityProvider demoProviders;

    /**
     * A provider the sign-in page offers: the web application runs the authorization-code flow with
     * PKCE against its endpoints (see {@link Config.Login}).
     */
    public record LoginIssuer(String nation, String issuer, String authorization, String token, String clientId) {}

    public WebApp(UserDirectory users) {
        this(users, List.of());
    }

    /** @param logins the providers the sign-in page offers; their token endpoints join the page's {@code connect-src} */
    public WebApp(UserDirectory users, List<LoginIssuer> logins) {
        this.users = users;
        this.logins = List.copyOf(logins);
        java.util.TreeSet<String> origins = new java.util.TreeSet<>();
        for (LoginIssuer l : this.logins) {
            if (l.token().startsWith("https://")) {
                java.net.URI u = java.net.URI.create(l.token());
                origins.add(u.getScheme() + "://" + u.getRawAuthority());
            }
        }
        this.csp = origins.isEmpty() ? CSP : CSP.replace("connect-src 'self'", "connect-src 'self' " + String.join(" ", origins));
    }

    /** The providers with a login, as a configuration names them. */
    public static List<LoginIssuer> logins(Config config) {
        List<LoginIssuer> out = new java.util.ArrayList<>();
        for (Config.NationTrust n : config.federation().nations()) {
            for (Config.Provider p : n.providers()) {
                if (p.login() != null) {
                    out.add(new LoginIssuer(n.nation(), p.issuer(), p.login().authorization(), p.login().token(), p.login().clientId()));
                }
            }
        }
        return out;
    }

    /** Turns on the federated demo's identity providers' sign-in (the demo command with --federated). */
    public void enableDemoIdentityProviders(DemoIdentityProvider providers) {
        this.demoProviders = providers;
    }

    /** Turns on the demo sign-in (the demo command, and tests of the demo, call this before serving). */
    public void enableDemoSignIn(TokenIssuer issuer) {
        this.demoIssuer = issuer;
    }

    /** Adds the page, its files and the demo sign-in to the server's routes. */
    public void register(JavalinConfig config) {
        config.routes.addHttpHandler(HandlerType.GET, "/", this::page);
        config.routes.addHttpHandler(HandlerType.GET, "/app/{file}", this::asset);
        config.routes.addHttpHandler(HandlerType.GET, "/web/demo/people", this::people);
        config.routes.addHttpHandler(HandlerType.POST, "/web/demo/sign-in", this::signIn);
        config.routes.addHttpHandler(HandlerType.GET, "/web/login/issuers", this::issuers);
        config.routes.addHttpHandler(HandlerType.GET, DemoIdentityProvider.PATH + "{nation}/authorize", ctx -> demoProviders(ctx).authorize(ctx));
        config.routes.addHttpHandler(HandlerType.POST, DemoIdentityProvider.PATH + "{nation}/pick", ctx -> demoProviders(ctx).pick(ctx));
        config.routes.addHttpHandler(HandlerType.POST, DemoIdentityProvider.PATH + "{nation}/token", ctx -> demoProviders(ctx).token(ctx));
    }

    private DemoIdentityProvider demoProviders(Context ctx) {
        DemoIdentityProvider p = demoProviders;
        if (p == null) {
            secure(ctx);
            throw Problem.notFound();
        }
        return p;
    }

    /** The providers whose login the sign-in page offers (none: the page offers none). */
    void issuers(Context ctx) {
        secure(ctx);
        Http.json(ctx, logins);
    }

    void secure(Context ctx) {
        ctx.header("Content-Security-Policy", csp);
        secureRest(ctx);
    }

    static void secureStatic(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        secureRest(ctx);
    }

    private static void secureRest(Context ctx) {
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
    }

    void page(Context ctx) {
        secure(ctx);
        ctx.contentType("text/html; charset=utf-8").result(file("index.html"));
    }

    void asset(Context ctx) {
        String name = ctx.pathParam("file");
        String type = FILES.get(name);
        if (type == null) {
            throw Problem.notFound();
        }
        secure(ctx);
        ctx.contentType(type).result(file(name));
    }

    /** A demo person as the picker shows them. */
    public record Person(String name, String nation, String clearance, List<String> roles) {}

    void people(Context ctx) {
        secure(ctx);
        if (demoIssuer == null) {
            throw Problem.notFound();
        }
        Http.json(ctx, users.all().stream().sorted(Comparator.comparing(Principal::name))
                .map(p -> new Person(p.name(), p.nation(), p.clearance().name(), p.roles().stream().sorted().toList()))
                .toList());
    }

    /** The sign-in body. */
    public record SignIn(String user) {}

    void signIn(Context ctx) {
        secure(ctx);
        TokenIssuer issuer = demoIssuer;
        if (issuer == null) {
            throw Problem.notFound();
        }
        // a JSON body only: a cross-site form cannot send one without a preflight this server never grants
        String type = java.util.Objects.requireNonNullElse(ctx.contentType(), "");
        if (!type.startsWith("application/json")) {
            throw Problem.badRequest("body.type", "sign in with a JSON body");
        }
        SignIn in = Json.read(ctx.bodyAsBytes(), SignIn.class);
        if (in.user() == null || users.principal(in.user()).isEmpty()) {
            throw Problem.badRequest("user.unknown", "no demo person of that name");
        }
        Http.json(ctx, Map.of("token", issuer.issue(in.user(), DEMO_TOKEN_TTL), "demo", true));
    }

    private byte[] file(String name) {
        return loaded.computeIfAbsent(name, n -> {
            try (InputStream in = WebApp.class.getClassLoader().getResourceAsStream(DIR + n)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + DIR + n);
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
