package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.pushrules.Names;
import dev.paas.api.core.PageRequest;
import dev.paas.api.infra.AppEntity;
import dev.paas.api.infra.RouteEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.api.infra.UserEntity;
import dev.paas.model.CreateSpaceRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.MemberView;
import dev.paas.model.Page;
import dev.paas.model.SpaceView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Spaces and their members. Admins create and staff spaces; members see theirs. */
@ApplicationScoped
public class SpaceService {

    private final Clock clock;
    private final EventLog events;

    public SpaceService(Clock clock, EventLog events) {
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public SpaceView create(Caller caller, CreateSpaceRequest req) {
        caller.requireAdmin("creating spaces");
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"my-space\"}");
        }
        String name = ApiException.checked("name", req.name(), Names::dnsLabelProblem);
        if (SpaceEntity.byName(name).isPresent()) {
            throw ApiException.alreadyExists("space '" + name + "' already exists");
        }
        SpaceEntity s = insert(name);
        events.record(caller, "space.create", s, null, "space/" + name, Map.of());
        return view(s);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    SpaceEntity insert(String name) {
        SpaceEntity s = new SpaceEntity();
        s.name = name;
        s.createdAt = Instant.now(clock);
        s.persist();
        return s;
    }

    @Transactional
    public Page<SpaceView> list(Caller caller, PageRequest page) {
        var q = caller.isAdmin()
                ? SpaceEntity.<SpaceEntity>findAll(Sort.by("name"))
                : SpaceEntity.<SpaceEntity>find("id in ?1", Sort.by("name"), caller.spaceIds().isEmpty() ? List.of(-1L) : caller.spaceIds());
        q.page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(SpaceService::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public SpaceView get(Caller caller, String name) {
        return view(Lookup.space(caller, name));
    }

    @Transactional
    public void delete(Caller caller, String name) {
        caller.requireAdmin("deleting spaces");
        SpaceEntity s = Lookup.space(caller, name);
        long apps = AppEntity.count("space", s);
        if (apps > 0) {
            throw new ApiException(ErrorCode.CONFLICT, "space '" + name + "' still has " + apps + " app(s); delete them first");
        }
        long managed = dev.paas.api.infra.ServiceInstanceEntity.count("space = ?1 and type = ?2", s,
                dev.paas.api.infra.ServiceInstanceEntity.MANAGED);
        if (managed > 0) {
            throw new ApiException(ErrorCode.CONFLICT, "space '" + name + "' still has " + managed + " managed service "
                    + "instance(s), which their brokers must delete; delete them first (paas delete-service)");
        }
        RouteEntity.delete("space", s);
        events.record(caller, "space.delete", null, null, "space/" + name, Map.of());
        s.delete();
    }

    @Transactional
    public List<MemberView> members(Caller caller, String space) {
        return Lookup.space(caller, space).members.stream()
                .sorted(Comparator.comparing(u -> u.username))
                .map(u -> new MemberView(u.username, u.role)).toList();
    }

    @Transactional
    public void addMember(Caller caller, String space, String username) {
        caller.requireAdmin("adding space members");
        SpaceEntity s = Lookup.space(caller, space);
        UserEntity u = Lookup.user(username);
        if (s.members.add(u)) {
            events.record(caller, "space.member-add", s, null, "space/" + space, Map.of("user", username));
        }
    }

    @Transactional
    public void removeMember(Caller caller, String space, String username) {
        caller.requireAdmin("removing space members");
        SpaceEntity s = Lookup.space(caller, space);
        UserEntity u = Lookup.user(username);
        if (!s.members.remove(u)) {
            throw ApiException.notFound("user '" + username + "' in space '" + space + "'");
        }
        events.record(caller, "space.member-remove", s, null, "space/" + space, Map.of("user", username));
    }

    private static SpaceView view(SpaceEntity s) {
        return new SpaceView(s.name, AppEntity.count("space", s), s.members.size(), s.createdAt);
    }
}
