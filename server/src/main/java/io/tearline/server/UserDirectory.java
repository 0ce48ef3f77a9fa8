package io.tearline.server;

import io.tearline.access.Clearance;
import io.tearline.access.Principal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured people and their attributes: the only source of a principal's nation and clearance. */
public final class UserDirectory {

    private final Map<String, Principal> byName = new LinkedHashMap<>();

    public UserDirectory(List<Config.User> users) {
        for (Config.User u : users) {
            if (u.name() == null || u.name().isBlank()) {
                throw new IllegalArgumentException("users: every user needs a name");
            }
            if (u.nation() == null || !u.nation().matches("[A-Z]{3}")) {
                throw new IllegalArgumentException("users." + u.name() + ".nation: an ISO 3166 trigraph is required");
            }
            Clearance c = Config.clearance(u);
            Principal p = new Principal(u.name(), u.nation(), c, Set.copyOf(u.accesses()), Set.copyOf(u.orgs()),
                    new HashSet<>(u.roles()));
            if (byName.put(u.name(), p) != null) {
                throw new IllegalArgumentException("users: " + u.name() + " is listed twice");
            }
        }
    }

    public Optional<Principal> principal(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public List<Principal> all() {
        return List.copyOf(byName.values());
    }
}
