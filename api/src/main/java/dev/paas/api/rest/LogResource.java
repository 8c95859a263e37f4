package dev.paas.api.rest;

import dev.paas.api.service.LogHub;
import dev.paas.api.service.LogService;
import dev.paas.model.LogLine;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** An app's logs: the recent buffer as text, or a live stream of lines (server-sent events). */
@Path("/v1/spaces/{space}/apps/{app}/logs")
public class LogResource {

    private final LogService logs;
    private final LogHub hub;
    private final CurrentCaller caller;

    public LogResource(LogService logs, LogHub hub, CurrentCaller caller) {
        this.logs = logs;
        this.hub = hub;
        this.caller = caller;
    }

    /** {@code 2026-11-27T10:00:00.123Z [APP/0] OUT listening on 8080}, one per line, oldest first. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String recent(@RestPath String space, @RestPath String app) {
        long id = logs.appId(caller.get(), space, app);
        return logs.recent(id).stream().map(l -> l.render() + "\n").collect(Collectors.joining());
    }

    /**
     * New lines as they come, each a JSON {@link LogLine} in an SSE {@code data:} field: the
     * control plane's own and those its instances print (followed on their node agents).
     */
    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    public Multi<LogLine> stream(@RestPath String space, @RestPath String app) {
        long id = logs.appId(caller.get(), space, app);
        return Multi.createFrom().emitter(emitter -> {
            // The control plane's own lines, and the instances' lines from their node agents.
            AutoCloseable sub = hub.subscribe(id, emitter::emit);
            AutoCloseable agents = logs.follow(id, emitter::emit);
            emitter.onTermination(() -> {
                for (AutoCloseable c : new AutoCloseable[] {sub, agents}) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // Nothing more to release.
                    }
                }
            });
        });
    }
}
