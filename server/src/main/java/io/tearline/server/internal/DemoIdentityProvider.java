package io.tearline.server.internal;

import io.javalin.http.Context;
import io.tearline.server.Config;
import io.tearline.server.TokenIssuer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The federated demo's identity providers' sign-in, one per nation: a minimal OAuth 2.0
 * authorization-code flow with PKCE (RFC 6749, RFC 7636) for the web application. The authorization
 * endpoint shows the nation's demo people (a page without script) and, when one is picked, sends the
 * browser back to the web application with a one-time code; the token endpoint exchanges the code
 * and its verifier for a token of that nation's issuer, carrying the sign-in's nonce. Only this
 * server's own page is a client ({@link #CLIENT}, redirect URI the server's {@code /}). Codes live one
 * minute, pending sign-ins five, and each is used once.
 */
public final class DemoIdentityProvider {

    /** Where the demo providers answer: {@code PATH + NATION + "/authorize"} and {@code "/token"}. */
    public static final String PATH = "/web/demo/idp/";
    /** The web application's client id. */
    public static final String CLIENT = "tearline-web";

    private static final Duration PENDING_TTL = Duration.ofMinutes(5);
    private static final Duration CODE_TTL = Duration.ofMinutes(1);
    private static final Duration TOKEN_TTL = Duration.ofHours(8);
    private static final int MAX_PENDING = 1000;
    private static final String VALUE = "[A-Za-z0-9._~-]{16,200}";

    private final Config config;
    private final Map<String, TokenIssuer> issuers;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();

    /** A sign-in waiting for the person to be picked. */
    private record Pending(String nation, String redirect, String state, String nonce, String challenge, Instant expires) {}

    /** An issued code, waiting for its exchange. */
    private record Code(String nation, String user, String redirect, String nonce, String challenge, Instant expires) {}

    /** @param issuers each nation's demo issuer, by nation */
    public DemoIdentityProvider(Config config, Map<String, TokenIssuer> issuers, Clock clock) {
        this.config = config;
        this.issuers = Map.copyOf(issuers);
        this.clock = clock;
    }

    /** The authorization endpoint: checks the request and shows the nation's people to pick from. */
    void authorize(Context ctx) {
        String nation = nation(ctx);
        String redirect = ctx.queryParam("redirect_uri");
        String state = ctx.queryParam("state");
        String nonce = ctx.queryParam("nonce");
        String challenge = ctx.queryParam("code_challenge");
        if (!"code".equals(ctx.queryParam("response_type")) || !CLIENT.equals(ctx.queryParam("client_id"))) {
            throw Problem.badRequest("login.client", "this provider answers response_type=code for client " + CLIENT + " only");
        }
        if (redirect == null || !redirect.equals(origin(ctx) + "/")) {
            throw Problem.badRequest("login.redirect", "the redirect URI must be this server's web application");
        }
        if (state == null || !state.matches(VALUE) || nonce == null || !nonce.matches(VALUE)) {
            throw Problem.badRequest("login.state", "a sign-in needs a state and a nonce");
        }
        if (!"S256".equals(ctx.queryParam("code_challenge_method")) || challenge == null || !challenge.matches("[A-Za-z0-9_-]{43}")) {
            throw Problem.badRequest("login.pkce", "a sign-in needs a PKCE code challenge (S256)");
        }
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expires().isBefore(now));
        if (pending.size() >= MAX_PENDING) {
            throw new Problem(503, "login.busy", "Service Unavailable", "too many sign-ins waiting; try again shortly", Map.of());
        }
        String request = randomValue();
        pending.put(request, new Pending(nation, redirect, state, nonce, challenge, now.plus(PENDING_TTL)));
        StringBuilder html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sign in: " + nation + " (demo identity provider)</title>"
                + "<link rel=\"stylesheet\" href=\"/app/app.css\"></head><body><main>"
                + "<p><span class=\"demo\">DEMO</span> identity provider of " + nation + "</p><h1>Who are you?</h1>"
                + "<form method=\"post\" action=\"" + PATH + nation + "/pick\">"
                + "<input type=\"hidden\" name=\"request\" value=\"" + request + "\"><div class=\"people\">");
        for (Config.User u : people(nation)) {
            html.append("<button type=\"submit\" name=\"user\" value=\"").append(escape(u.name())).append("\" data-idp-user=\"")
                    .append(escape(u.name())).append("\">").append(escape(u.name())).append(" · ")
                    .append(escape(u.clearance() == null ? "NONE" : u.clearance())).append("</button>");
        }
        html.append("</div></form></main></body></html>");
        WebApp.secureStatic(ctx);
        ctx.contentType("text/html; charset=utf-8").result(html.toString());
    }

    /** The person is picked: back to the web application with a one-time code and the state it sent. */
    void pick(Context ctx) {
        String nation = nation(ctx);
        String request = ctx.formParam("request");
        Pending p = request == null ? null : pending.remove(request);
        if (p == null || !p.nation().equals(nation) || p.expires().isBefore(clock.instant())) {
            throw Problem.badRequest("login.request", "no such sign-in waiting (it is used once and lives five minutes)");
        }
        String user = ctx.formParam("user");
        if (user == null || people(nation).stream().noneMatch(u -> u.name().equals(user))) {
            throw Problem.badRequest("login.user", "not a person of " + nation);
        }
        String code = randomValue();
        codes.values().removeIf(c -> c.expires().isBefore(clock.instant()));
        codes.put(code, new Code(nation, user, p.redirect(), p.nonce(), p.challenge(), clock.instant().plus(CODE_TTL)));
        WebApp.secureStatic(ctx);
        ctx.status(303).header("Location", p.redirect() + "?code=" + enc(code) + "&state=" + enc(p.state()));
    }

    /** The token endpoint: a code and its PKCE verifier for a token of the nation's issuer. */
    void token(Context ctx) {
        String nation = nation(ctx);
        ctx.header("Cache-Control", "no-store");
        String codeValue = ctx.formParam("code");
        Code c = codeValue == null ? null : codes.remove(codeValue);
        String verifier = ctx.formParam("code_verifier");
        if (!"authorization_code".equals(ctx.formParam("grant_type"))) {
            oauthError(ctx, "unsupported_grant_type");
            return;
        }
        if (c == null || !c.nation().equals(nation) || c.expires().isBefore(clock.instant())
                || !CLIENT.equals(ctx.formParam("client_id")) || !c.redirect().equals(ctx.formParam("redirect_uri"))
                || verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), c.challenge().getBytes(StandardCharsets.US_ASCII))) {
            oauthError(ctx, "invalid_grant");
            return;
        }
        Config.User user = config.user(c.user()).orElseThrow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access_token", issuers.get(nation).issueClaims(user, TOKEN_TTL, c.nonce()));
        out.put("token_type", "Bearer");
        out.put("expires_in", TOKEN_TTL.toSeconds());
        Http.json(ctx, out);
    }

    private String nation(Context ctx) {
        String nation = ctx.pathParam("nation");
        if (!issuers.containsKey(nation)) {
            throw Problem.notFound();
        }
        return nation;
    }

    private List<Config.User> people(String nation) {
        return config.users().stream().filter(u -> nation.equals(u.nation())).toList();
    }

    private static void oauthError(Context ctx, String error) {
        ctx.status(400);
        Http.json(ctx, Map.of("error", error));
    }

    private static String origin(Context ctx) {
        return ctx.scheme() + "://" + ctx.host();
    }

    private String randomValue() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
