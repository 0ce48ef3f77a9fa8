package io.tearline.store;

import io.tearline.markings.Markings;
import java.util.ServiceLoader;

/**
 * Opens a {@link Replica} named by a URL ({@code accumulo://INSTANCE?zookeepers=HOST:2181}); found on the
 * class path through {@link ServiceLoader}, so that the embedded build carries no scale-out backend.
 */
public interface ReplicaProvider {

    /** The URL scheme this provider opens ({@code accumulo}). */
    String scheme();

    /**
     * Connects, creating what the replica needs where it is absent.
     *
     * @throws IllegalArgumentException a URL this provider cannot read (the message names what is wrong)
     * @throws IllegalStateException    the backend cannot be reached or refuses the credentials
     */
    Replica open(String url, String user, String password, Markings markings);

    /** Whether {@code url} names a replica ({@code scheme://...}) rather than a database. */
    static boolean names(String url) {
        return url.matches("[a-z][a-z0-9+.-]*://.*") && !url.startsWith("jdbc:");
    }

    /** Opens {@code url} with the provider of its scheme. */
    static Replica connect(String url, String user, String password, Markings markings) {
        String scheme = url.substring(0, url.indexOf("://"));
        for (ReplicaProvider p : ServiceLoader.load(ReplicaProvider.class)) {
            if (p.scheme().equals(scheme)) {
                return p.open(url, user, password, markings);
            }
        }
        throw new IllegalArgumentException("store.url: no store backend for " + scheme + ":// on the class path"
                + " (the " + scheme + " backend is the store-" + scheme + " module)");
    }
}
