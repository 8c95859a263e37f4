package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.api.infra.UserEntity;

/**
 * Finds the things a path names, applying the one visibility rule: what the caller may not use
 * is reported exactly like what does not exist (404), so names in other spaces stay private.
 */
final class Lookup {

    private Lookup() {
    }

    static SpaceEntity space(Caller caller, String name) {
        return SpaceEntity.byName(name)
                .filter(s -> caller.canUseSpace(s.id))
                .orElseThrow(() -> ApiException.notFound("space '" + name + "'"));
    }

    static AppEntity app(Caller caller, String space, String app) {
        SpaceEntity s = space(caller, space);
        return AppEntity.<AppEntity>find("space = ?1 and name = ?2", s, app).firstResultOptional()
                .orElseThrow(() -> ApiException.notFound("app '" + app + "' in space '" + space + "'"));
    }

    static UserEntity user(String username) {
        return UserEntity.byUsername(username).orElseThrow(() -> ApiException.notFound("user '" + username + "'"));
    }
}
