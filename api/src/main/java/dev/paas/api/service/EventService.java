package dev.paas.api.service;

import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.EventEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.EventView;
import dev.paas.model.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the audit trail, newest first. */
@ApplicationScoped
public class EventService {

    /** A space's events, optionally only those of one app (which must exist). */
    @Transactional
    public Page<EventView> ofSpace(Caller caller, String space, String app, PageRequest page) {
        SpaceEntity s = Lookup.space(caller, space);
        var q = app == null
                ? EventEntity.<EventEntity>find("spaceId", Sort.descending("id"), s.id)
                : EventEntity.<EventEntity>find("appId", Sort.descending("id"), Lookup.app(caller, space, app).id);
        q.page(page.page() - 1, page.perPage());
        return page(q.list(), page, q.count());
    }

    /** Every event (admin). */
    @Transactional
    public Page<EventView> all(Caller caller, PageRequest page) {
        caller.requireAdmin("reading all events");
        var q = EventEntity.<EventEntity>findAll(Sort.descending("id")).page(page.page() - 1, page.perPage());
        return page(q.list(), page, q.count());
    }

    private static Page<EventView> page(List<EventEntity> events, PageRequest page, long total) {
        Map<Long, String> spaces = names(SpaceEntity.class, events.stream().map(e -> e.spaceId).toList());
        Map<Long, String> apps = names(AppEntity.class, events.stream().map(e -> e.appId).toList());
        List<EventView> items = events.stream().map(e -> new EventView(e.id, e.at, e.actor, e.action,
                spaces.get(e.spaceId), apps.get(e.appId), e.target, e.details)).toList();
        return new Page<>(items, page.page(), page.perPage(), total);
    }

    private static Map<Long, String> names(Class<?> entity, List<Long> ids) {
        List<Long> wanted = ids.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (wanted.isEmpty()) {
            return new HashMap<>();
        }
        if (entity == SpaceEntity.class) {
            return SpaceEntity.<SpaceEntity>list("id in ?1", wanted).stream().collect(Collectors.toMap(s -> s.id, s -> s.name));
        }
        return AppEntity.<AppEntity>list("id in ?1", wanted).stream().collect(Collectors.toMap(a -> a.id, a -> a.name));
    }
}
