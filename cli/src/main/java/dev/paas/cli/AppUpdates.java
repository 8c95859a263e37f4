package dev.paas.cli;

import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.model.AppView;
import dev.paas.model.ErrorCode;
import dev.paas.model.UpdateAppRequest;
import java.util.function.Function;

/**
 * Read-modify-write of an app with its optimistic-lock version: GET, build the PATCH from what
 * was read, send it; when someone else changed the app meanwhile (409 STALE_VERSION), read and
 * try once more, then give up with the API's message.
 */
final class AppUpdates {

    private AppUpdates() {
    }

    /**
     * @param change builds the request from the current app; its {@code version} is filled in here
     * @return the app as the control plane answers after the update
     */
    static AppView update(ApiClient api, String appPath, Function<AppView, UpdateAppRequest> change) {
        for (int attempt = 1; ; attempt++) {
            AppView current = api.get(appPath).as(AppView.class);
            UpdateAppRequest r = change.apply(current);
            UpdateAppRequest withVersion = new UpdateAppRequest(current.version(), r.instances(), r.memory(),
                    r.command(), r.env(), r.healthCheck(), r.disk(), r.idleTimeoutSeconds(), r.clones());
            try {
                return api.patch(appPath, withVersion).as(AppView.class);
            } catch (ApiException e) {
                if (attempt >= 2 || !e.is(ErrorCode.STALE_VERSION)) {
                    throw e;
                }
            }
        }
    }
}
