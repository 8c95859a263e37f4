package dev.paas.api.scheduling;

import dev.paas.api.core.ProcessKey;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.AppProcessEntity;
import dev.paas.api.infra.InstanceEntity;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.service.IdleApps;
import dev.paas.model.AppState;
import dev.paas.model.InstanceState;
import dev.paas.scheduler.api.ActualInstance;
import dev.paas.scheduler.api.Constraints;
import dev.paas.scheduler.api.DesiredApp;
import dev.paas.scheduler.api.InstanceId;
import dev.paas.scheduler.api.NodeView;
import dev.paas.scheduler.api.Release;
import java.util.Optional;

/** Translations from rows to the scheduler's input records. */
final class Snapshot {

    private Snapshot() {
    }

    /** An app the scheduler should consider; one never staged has nothing to run yet. */
    static Optional<DesiredApp> desired(AppEntity a) {
        if (a.revision == null) {
            return Optional.empty();
        }
        Release release = Release.of(Long.toString(a.revision.id), a.memoryMb, a.diskMbOrDefault());
        // An idle app (scaled to zero for its idle timeout) keeps its count; it just runs none now,
        // and a waking one runs 1 until that one serves.
        int instances = IdleApps.webInstances(a);
        return Optional.of(new DesiredApp(ProcessKey.web(a.id).toString(), state(a), instances, release,
                Constraints.none(), DesiredApp.DEFAULT_MAX_IN_FLIGHT, parseRelease(a.failedRelease)));
    }

    /**
     * One process type other than web, as an app of its own to the scheduler ({@link ProcessKey}):
     * the app's revision and state, the process's instances, memory and disk.
     */
    static Optional<DesiredApp> desired(AppProcessEntity p) {
        AppEntity a = p.app;
        if (a.revision == null) {
            return Optional.empty();
        }
        Release release = Release.of(Long.toString(a.revision.id), p.memoryMb, p.diskMbOrDefault());
        return Optional.of(new DesiredApp(new ProcessKey(a.id, p.type).toString(), state(a), p.instances, release,
                Constraints.none(), DesiredApp.DEFAULT_MAX_IN_FLIGHT, parseRelease(p.failedRelease)));
    }

    private static AppState state(AppEntity a) {
        return a.state == AppState.STARTED ? AppState.STARTED : AppState.STOPPED;
    }

    /**
     * An instance row; one the scheduler already asked to stop counts as STOPPING until it is
     * gone (a DRAINING one is on its way out as it is, and the plan treats it as STOPPING).
     */
    static ActualInstance actual(InstanceEntity i) {
        boolean askedToStop = i.desired == InstanceEntity.Desired.STOP && i.state.holdsResources();
        InstanceState state = askedToStop ? InstanceState.STOPPING : i.state;
        String revision = i.revision == null ? "none" : Long.toString(i.revision.id);
        return new ActualInstance(InstanceId.of(Long.toString(i.id)), new ProcessKey(i.app.id, i.processType).toString(), i.idx, Release.of(revision, i.memoryMb, i.diskMbOrDefault()),
                state, Optional.ofNullable(i.node).map(n -> n.name), i.createdAt, i.stateSince, i.crashCount,
                Optional.ofNullable(i.endpoint));
    }

    /**
     * A task's VM, under an app id of its own ({@code 12#task/3}: never a {@link ProcessKey}), so
     * no app's round sees it: the scheduler only places it (once) and counts its memory.
     */
    static ActualInstance task(InstanceEntity i) {
        ActualInstance a = actual(i);
        return new ActualInstance(a.id(), i.app.id + "#task/" + i.task.sequenceId, a.index(), a.release(), a.state(), a.node(),
                a.createdAt(), a.since(), a.crashCount(), a.endpoint());
    }

    static NodeView node(NodeEntity n) {
        return new NodeView(n.name, n.pool.name, n.pool.labels, n.memoryMb, n.accelerator, n.state, Optional.of(n.lastHeartbeatAt));
    }

    /** {@code revision:memoryMb:diskMb}, as {@code apps.failed_release} holds it. */
    static String formatRelease(Release r) {
        return r.revision() + ":" + r.memoryMb() + ":" + r.diskMb();
    }

    /** Reads {@link #formatRelease}, and {@code revision:memoryMb} as written before disks (the default disk). */
    static Optional<Release> parseRelease(String text) {
        if (text == null || text.indexOf(':') < 0) {
            return Optional.empty();
        }
        String[] parts = text.split(":");
        if (parts.length == 2) {
            return Optional.of(Release.of(parts[0], Integer.parseInt(parts[1])));
        }
        return Optional.of(Release.of(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
    }
}
