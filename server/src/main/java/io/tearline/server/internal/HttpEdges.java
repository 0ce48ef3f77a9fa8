package io.tearline.server.internal;

import io.javalin.config.JettyConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What the HTTP server does before a request reaches a route: errors Jetty answers itself (a request
 * line or header too large, a malformed request, an unsupported version) are problem+json like every
 * other error; method-override headers are removed, so a request is always routed by its own method;
 * a connection idle for {@code idleTimeout} is closed, and so is one whose request has not fully
 * arrived (headers and body) within {@code receiveTimeout}, however steadily it trickles in (except
 * a bulk import's, whose body is read as a stream at the pace of the import: only {@code idleTimeout}
 * bounds it).
 */
public final class HttpEdges {

    /**
     * Routes whose bodies are streamed into work as they arrive (bulk import): their requests may take
     * longer than {@code receiveTimeout} to arrive, since the reader sets the pace.
     */
    static final Set<String> STREAMED = Set.of(ImportApi.PATH);

    static final Set<String> METHOD_OVERRIDES = Set.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private HttpEdges() {}

    public static void configure(JettyConfig jetty, Duration idleTimeout, Duration receiveTimeout) {
        jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.addCustomizer((request, responseHeaders) -> withoutMethodOverride(request));
        });
        jetty.modifyServer(server -> {
            server.setErrorHandler(new ProblemErrorHandler());
            SlowSenders slow = new SlowSenders(receiveTimeout);
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    for (var connector : server.getConnectors()) {
                        if (connector instanceof AbstractConnector c) {
                            c.setIdleTimeout(idleTimeout.toMillis());
                            c.addEventListener(slow);
                        }
                    }
                }

                @Override
                public void lifeCycleStarted(LifeCycle event) {
                    slow.start(server.getScheduler());
                }
            });
        });
    }

    private static Request withoutMethodOverride(Request request) {
        HttpFields headers = request.getHeaders();
        if (METHOD_OVERRIDES.stream().noneMatch(headers::contains)) {
            return request;
        }
        HttpFields.Mutable kept = HttpFields.build(headers);
        METHOD_OVERRIDES.forEach(kept::remove);
        HttpFields stripped = kept.asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return stripped;
            }
        };
    }

    /** A fixed, generic detail per status: nothing the client sent is repeated. */
    static Map<String, Object> problem(int status) {
        String title = HttpStatus.getMessage(status);
        String detail = switch (status) {
            case 400 -> "the request could not be parsed";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request body is over the limit";
            case 414 -> "the request URI is too long";
            case 431 -> "the request's header fields are too large";
            case 505 -> "this server speaks HTTP/1.1";
            default -> status >= 500 ? "the request failed; it is logged" : title;
        };
        String rule = switch (status) {
            case 400 -> "http.bad-request";
            case 408 -> "http.timeout";
            case 413 -> "body.too-large";
            case 414 -> "http.uri-too-long";
            case 431 -> "http.headers-too-large";
            case 505 -> "http.version";
            default -> "http." + status;
        };
        return new Problem(status, rule, title, detail, Map.of()).body();
    }

    /** Jetty's own error answers, as problem+json instead of HTML. */
    static final class ProblemErrorHandler extends ErrorHandler {
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) throws IOException {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Http.PROBLEM);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(Json.bytes(problem(code))), callback);
        }
    }

    /**
     * Drops connections whose request takes longer than the bound to arrive. Jetty's idle timeout
     * restarts with every byte, so a client sending a header line every few seconds would hold a
     * connection (and a buffer) for as long as it liked; this watches how long each connection has
     * been part-way through receiving one request.
     */
    static final class SlowSenders implements Connection.Listener {
        private final long boundNanos;
        private final Map<HttpConnection, Receiving> open = new ConcurrentHashMap<>();

        private static final class Receiving {
            long since = -1; // nanoTime when this request was first seen part-way, -1: not receiving
            long messages = -1;
        }

        SlowSenders(Duration bound) {
            this.boundNanos = bound.toNanos();
        }

        void start(Scheduler scheduler) {
            long period = Math.max(100, Math.min(1000, TimeUnit.NANOSECONDS.toMillis(boundNanos) / 4));
            scheduler.schedule(new Runnable() {
                @Override
                public void run() {
                    sweep();
                    if (scheduler.isRunning()) {
                        scheduler.schedule(this, period, TimeUnit.MILLISECONDS);
                    }
                }
            }, period, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof HttpConnection http) {
                open.put(http, new Receiving());
            }
        }

        @Override
        public void onClosed(Connection connection) {
            if (connection instanceof HttpConnection http) {
                open.remove(http);
            }
        }

        /** Whether the connection is part-way through a request whose route reads its body as a stream. */
        private static boolean streamed(HttpConnection connection) {
            if (connection.getHttpChannel() instanceof org.eclipse.jetty.server.internal.HttpChannelState channel) {
                Request request = channel.getRequest();
                return request != null && STREAMED.contains(request.getHttpURI().getPath());
            }
            return false;
        }

        private void sweep() {
            long now = System.nanoTime();
            open.forEach((connection, r) -> {
                HttpParser parser = connection.getParser();
                HttpParser.State state = parser.getState();
                boolean receiving = state != HttpParser.State.START && state != HttpParser.State.END
                        && state != HttpParser.State.CLOSE && state != HttpParser.State.CLOSED;
                long messages = connection.getMessagesIn();
                if (!receiving || messages != r.messages) {
                    r.since = receiving ? now : -1;
                    r.messages = messages;
                    return;
                }
                if (streamed(connection)) {
                    return; // a body read as it arrives, at the pace of its route (idleTimeout still applies)
                }
                if (r.since < 0) {
                    r.since = now;
                } else if (now - r.since > boundNanos) {
                    connection.getEndPoint().close();
                }
            });
        }
    }
}
