package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.pushrules.Names;
import dev.paas.api.core.PageRequest;
import dev.paas.api.core.Secrets;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.UserEntity;
import dev.paas.model.CreateUserRequest;
import dev.paas.model.ErrorCode;
import dev.paas.model.MeView;
import dev.paas.model.Page;
import dev.paas.model.Role;
import dev.paas.model.UserView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Users (admin only, except {@link #me}). */
@ApplicationScoped
public class UserService {

    private final PaasConfig config;
    private final Clock clock;
    private final EventLog events;
    private final EntityManager em;

    public UserService(PaasConfig config, Clock clock, EventLog events, EntityManager em) {
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.em = em;
    }

    @Transactional
    public UserView create(Caller caller, CreateUserRequest req) {
        caller.requireAdmin("creating users");
        if (req == null) {
            throw ApiException.invalid("body", "is required: send {\"username\", \"password\", \"role\"}");
        }
        String name = ApiException.checked("username", req.username(), Names::usernameProblem);
        Secrets.checkPasswordStrength("password", req.password());
        if (req.role() == null) {
            throw ApiException.invalid("role", "is required: ADMIN or DEVELOPER");
        }
        if (UserEntity.byUsername(name).isPresent()) {
            throw ApiException.alreadyExists("user '" + name + "' already exists");
        }
        UserEntity u = insert(name, req.password(), req.role());
        events.record(caller, "user.create", null, null, "user/" + name, Map.of("role", req.role().name()));
        return view(u);
    }

    /** Inserts a user without access checks; for the first-start bootstrap. */
    @Transactional(Transactional.TxType.MANDATORY)
    UserEntity insert(String username, String password, Role role) {
        UserEntity u = new UserEntity();
        u.username = username;
        u.passwordHash = Secrets.hashPassword(password, config.auth().pbkdf2Iterations());
        u.role = role;
        u.createdAt = Instant.now(clock);
        u.persist();
        return u;
    }

    @Transactional
    public Page<UserView> list(Caller caller, PageRequest page) {
        caller.requireAdmin("listing users");
        var q = UserEntity.<UserEntity>findAll(Sort.by("username")).page(page.page() - 1, page.perPage());
        return new Page<>(q.list().stream().map(UserService::view).toList(), page.page(), page.perPage(), q.count());
    }

    @Transactional
    public UserView get(Caller caller, String username) {
        caller.requireAdmin("reading users");
        return view(Lookup.user(username));
    }

    @Transactional
    public void delete(Caller caller, String username) {
        caller.requireAdmin("deleting users");
        UserEntity u = Lookup.user(username);
        if (u.id == caller.userId()) {
            throw new ApiException(ErrorCode.CONFLICT, "you cannot delete yourself; log in as another admin to do it");
        }
        em.createNativeQuery("delete from space_members where user_id = ?1").setParameter(1, u.id).executeUpdate();
        u.delete();
        events.record(caller, "user.delete", null, null, "user/" + username, Map.of());
    }

    @Transactional
    public MeView me(Caller caller) {
        var spaces = em.createQuery("select s.name from SpaceEntity s join s.members m where m.id = :u order by s.name", String.class)
                .setParameter("u", caller.userId()).getResultList();
        return new MeView(caller.username(), caller.role(), spaces);
    }

    static UserView view(UserEntity u) {
        return new UserView(u.username, u.role, u.createdAt);
    }
}
