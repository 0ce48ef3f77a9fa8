package io.tearline.server.internal;

import io.javalin.http.Context;

/** Response helpers: every JSON answer is written by the project's strict mapper. */
public final class Http {

    public static final String JSON = "application/json";
    public static final String PROBLEM = "application/problem+json";

    private Http() {}

    public static void json(Context ctx, Object body) {
        ctx.contentType(JSON).result(Json.bytes(body));
    }

    public static void problem(Context ctx, Problem p) {
        ctx.status(p.status()).contentType(PROBLEM).result(Json.bytes(p.body()));
    }

    public static void text(Context ctx, String body) {
        ctx.contentType("text/plain; charset=utf-8").result(body);
    }
}
