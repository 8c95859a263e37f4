package dev.paas.api.core;

import dev.paas.model.ErrorCode;
import dev.paas.model.Role;
import java.util.Set;

/**
 * Who is calling, resolved once per request from the bearer token. Access rules live here so
 * that every endpoint asks the same questions: admins may do everything; developers work in the
 * spaces they are members of and never learn whether another space's things exist.
 */
public record Caller(long userId, String username, Role role, Set<Long> spaceIds) {

    public Caller {
        spaceIds = Set.copyOf(spaceIds);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Refuses with 403 unless the caller is an admin. */
    public void requireAdmin(String action) {
        if (!isAdmin()) {
            throw new ApiException(ErrorCode.FORBIDDEN, action + " needs the admin role; ask an admin");
        }
    }

    /** Whether the caller may see and change the space's apps, routes and events. */
    public boolean canUseSpace(long spaceId) {
        return isAdmin() || spaceIds.contains(spaceId);
    }
}
