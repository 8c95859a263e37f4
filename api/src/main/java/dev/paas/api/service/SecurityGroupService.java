package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.SecurityRules;
import dev.paas.api.infra.NodeEntity;
import dev.paas.api.infra.SecurityGroupEntity;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.model.CreateSecurityGroupRequest;
import dev.paas.model.EgressRule;
import dev.paas.model.Page;
import dev.paas.model.SecurityGroupView;
import dev.paas.model.UpdateSecurityGroupRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Security groups (Cloud Foundry's application security groups): admins write them and bind them
 * platform-wide or to spaces; developers read the ones that apply to their spaces. Every change
 * that alters what some instance may reach bumps the desired version of the nodes running such
 * instances, so their agents re-fetch {@code DesiredInstance.egress} within one long-poll.
 */
@ApplicationScoped
public class SecurityGroupService {

    private final Clock clock;
    private final EventLog events;

    public SecurityGroupService(Clock clock, EventLog events) {
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public Page<SecurityGroupView> list(Caller caller, PageRequest page) {
        List<SecurityGroupView> visible = SecurityGroupEntity.<SecurityGroupEntity>list("order by name").stream()
                .filter(g -> visible(caller, g)).map(g -> view(caller, g)).toList();
        int from = Math.min(visible.size(), (page.page() - 1) * page.perPage());
        int to = Math.min(visible.size(), from + page.perPage());
        return new Page<>(visible.subList(from, to), page.page(), page.perPage(), visible.size());
    }

    @Transactional
    public SecurityGroupView get(Caller caller, String name) {
        SecurityGroupEntity g = group(name);
        if (!visible(caller, g)) {
            throw notFound(name);
        }
        return view(caller, g);
    }

    @Transactional
    public SecurityGroupView create(Caller caller, CreateSecurityGroupRequest req) {
        caller.requireAdmin("creating security groups");
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"name\": \"my-group\", \"rules\": [...]}");
        }
        String name = SecurityRules.name("name", req.name());
        List<SecurityRules.Rule> rules = SecurityRules.rules(req.rules());
        if (SecurityGroupEntity.byName(name).isPresent()) {
            throw ApiException.alreadyExists("security group '" + name + "' already exists; change it with PATCH "
                    + "(paas update-security-group) or choose another name");
        }
        SecurityGroupEntity g = new SecurityGroupEntity();
        g.name = name;
        g.rules = stored(rules);
        g.createdAt = Instant.now(clock);
        g.updatedAt = g.createdAt;
        g.persist();
        events.record(caller, "security_group.create", null, null, target(g), Map.of("rules", rules.size()));
        return view(caller, g);
    }

    @Transactional
    public SecurityGroupView update(Caller caller, String name, UpdateSecurityGroupRequest req) {
        caller.requireAdmin("changing security groups");
        SecurityGroupEntity g = group(name);
        if (req == null || (req.name() == null && req.rules() == null)) {
            throw ApiException.invalid("body", "names nothing to change: send \"name\", \"rules\" or both");
        }
        String newName = req.name() == null ? g.name : SecurityRules.name("name", req.name());
        List<SecurityRules.Rule> rules = req.rules() == null ? null : SecurityRules.rules(req.rules());
        if (!newName.equals(g.name) && SecurityGroupEntity.byName(newName).isPresent()) {
            throw ApiException.alreadyExists("security group '" + newName + "' already exists; choose another name");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        if (!newName.equals(g.name)) {
            details.put("renamedFrom", g.name);
            g.name = newName;
        }
        if (rules != null) {
            details.put("rules", rules.size());
            List<Map<String, String>> stored = stored(rules);
            if (!stored.equals(g.rules)) {
                g.rules = stored;
                nudgeNodesOf(g);
            }
        }
        g.updatedAt = Instant.now(clock);
        events.record(caller, "security_group.update", null, null, target(g), details);
        return view(caller, g);
    }

    /** Deletes the group and its bindings (as Cloud Foundry does); instances lose its rules. */
    @Transactional
    public void delete(Caller caller, String name) {
        caller.requireAdmin("deleting security groups");
        SecurityGroupEntity g = group(name);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("platform", g.platform);
        details.put("spaces", spaceNames(g));
        nudgeNodesOf(g);
        events.record(caller, "security_group.delete", null, null, target(g), details);
        g.delete();
    }

    /** Binds the group platform-wide (idempotent: no event when it already is). */
    @Transactional
    public SecurityGroupView bindPlatform(Caller caller, String name) {
        caller.requireAdmin("binding security groups");
        SecurityGroupEntity g = group(name);
        if (!g.platform) {
            g.platform = true;
            nudgeAllNodes();
            events.record(caller, "security_group.bind", null, null, target(g), Map.of("scope", "platform"));
        }
        return view(caller, g);
    }

    @Transactional
    public SecurityGroupView unbindPlatform(Caller caller, String name) {
        caller.requireAdmin("unbinding security groups");
        SecurityGroupEntity g = group(name);
        if (g.platform) {
            g.platform = false;
            nudgeAllNodes();
            events.record(caller, "security_group.unbind", null, null, target(g), Map.of("scope", "platform"));
        }
        return view(caller, g);
    }

    @Transactional
    public SecurityGroupView bindSpace(Caller caller, String name, String space) {
        return changeSpaceBinding(caller, name, space, true);
    }

    @Transactional
    public SecurityGroupView unbindSpace(Caller caller, String name, String space) {
        return changeSpaceBinding(caller, name, space, false);
    }

    /** Binds or unbinds; idempotent: a call that changes nothing nudges no node and records no event. */
    private SecurityGroupView changeSpaceBinding(Caller caller, String name, String space, boolean bind) {
        caller.requireAdmin(bind ? "binding security groups" : "unbinding security groups");
        SecurityGroupEntity g = group(name);
        SpaceEntity s = Lookup.space(caller, space);
        if (bind ? g.spaces.add(s) : g.spaces.remove(s)) {
            nudgeNodesOf(Set.of(s.id));
            events.record(caller, bind ? "security_group.bind" : "security_group.unbind", s, null, target(g),
                    Map.of("scope", "space", "space", s.name));
        }
        return view(caller, g);
    }

    /**
     * What instances of apps in each of {@code spaceIds} may reach: the rules of the groups bound
     * platform-wide, then those of the groups bound to the space (groups by name, rules in
     * order, duplicates once). Called inside the agent's desired-state transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Long, List<EgressRule>> egress(Set<Long> spaceIds) {
        List<EgressRule> platform = SecurityGroupEntity.<SecurityGroupEntity>list("platform = true order by name").stream()
                .flatMap(g -> egress(g).stream()).toList();
        Map<Long, Set<EgressRule>> bySpace = new HashMap<>();
        spaceIds.forEach(id -> bySpace.put(id, new LinkedHashSet<>(platform)));
        if (!spaceIds.isEmpty()) {
            List<SecurityGroupEntity> bound = SecurityGroupEntity.list(
                    "select distinct g from SecurityGroupEntity g join g.spaces s where s.id in ?1", spaceIds);
            bound.sort(Comparator.comparing(g -> g.name));
            for (SecurityGroupEntity g : bound) {
                List<EgressRule> rules = egress(g);
                g.spaces.stream().filter(s -> bySpace.containsKey(s.id)).forEach(s -> bySpace.get(s.id).addAll(rules));
            }
        }
        return bySpace.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
    }

    private static List<EgressRule> egress(SecurityGroupEntity g) {
        return g.rules.stream().map(r -> SecurityRules.Rule.fromStored(r).toEgress()).toList();
    }

    private void nudgeNodesOf(SecurityGroupEntity g) {
        if (g.platform) {
            nudgeAllNodes();
        } else if (!g.spaces.isEmpty()) {
            nudgeNodesOf(g.spaces.stream().map(s -> s.id).collect(Collectors.toSet()));
        }
    }

    /*
     * The version column moves too: a heartbeat or scheduler round that read a node before this
     * commits fails its optimistic check and retries, instead of writing the old desired version back.
     */
    private static void nudgeAllNodes() {
        NodeEntity.update("desiredVersion = desiredVersion + 1, version = version + 1");
    }

    private static void nudgeNodesOf(Set<Long> spaceIds) {
        NodeEntity.update("desiredVersion = desiredVersion + 1, version = version + 1 where id in "
                + "(select i.node.id from InstanceEntity i where i.app.space.id in ?1)", spaceIds);
    }

    private static boolean visible(Caller caller, SecurityGroupEntity g) {
        return caller.isAdmin() || g.platform || g.spaces.stream().anyMatch(s -> caller.canUseSpace(s.id));
    }

    private static SecurityGroupEntity group(String name) {
        return SecurityGroupEntity.byName(name).orElseThrow(() -> notFound(name));
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("security group '" + name + "'");
    }

    private static List<Map<String, String>> stored(List<SecurityRules.Rule> rules) {
        return rules.stream().map(SecurityRules.Rule::toStored).toList();
    }

    private static List<String> spaceNames(SecurityGroupEntity g) {
        return g.spaces.stream().map(s -> s.name).sorted().toList();
    }

    private static String target(SecurityGroupEntity g) {
        return "security-group/" + g.name;
    }

    static SecurityGroupView view(Caller caller, SecurityGroupEntity g) {
        List<String> spaces = g.spaces.stream().filter(s -> caller.canUseSpace(s.id)).map(s -> s.name).sorted().toList();
        return new SecurityGroupView(g.id, g.name, g.rules.stream().map(r -> SecurityRules.Rule.fromStored(r).toWire()).toList(),
                g.platform, spaces, g.createdAt, g.updatedAt);
    }
}
