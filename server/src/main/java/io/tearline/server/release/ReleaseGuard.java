package io.tearline.server.release;

import io.tearline.access.Principal;
import java.util.List;
import java.util.Set;

public interface ReleaseGuard {
    /** Every finding for these items going to these nations; `approver` decides what evidence may name. */
    List<Finding> check(String reportId, List<Outgoing> items, Set<String> targets, Principal approver);
}
