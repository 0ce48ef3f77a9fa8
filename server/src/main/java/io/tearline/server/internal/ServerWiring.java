package io.tearline.server.internal;

import java.util.List;

/** Wiring between the public server class and package-private parts of the HTTP layer. */
public final class ServerWiring {

    private ServerWiring() {}

    public static void openapi(SystemApi sys, List<Routes.Route> routes) {
        sys.openapiFrom(routes);
    }
}
