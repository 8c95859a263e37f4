package dev.paas.api.service;

import dev.paas.api.core.ApiException;
import dev.paas.api.core.Caller;
import dev.paas.api.core.LoginThrottle;
import dev.paas.api.core.Secrets;
import dev.paas.api.infra.ApiTokenEntity;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.UserEntity;
import dev.paas.model.ErrorCode;
import dev.paas.model.LoginRequest;
import dev.paas.model.LoginResponse;
import dev.paas.model.UserView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Logins, bearer tokens and the resolution of a token into a {@link Caller}. */
@ApplicationScoped
public class AuthService {

    /** Hash of a password nobody has: verifying against it costs as much as a real check. */
    private final String decoyHash;
    private final PaasConfig config;
    private final Clock clock;
    private final EntityManager em;
    private final LoginThrottle throttle;

    public AuthService(PaasConfig config, Clock clock, EntityManager em) {
        this.config = config;
        this.clock = clock;
        this.em = em;
        this.decoyHash = Secrets.hashPassword(Secrets.newPassword(), config.auth().pbkdf2Iterations());
        this.throttle = new LoginThrottle(config.auth().maxFailedLogins(), config.auth().failedLoginWindow(),
                config.auth().loginLockout());
    }

    /** A CLI/API login from {@code address} (the client's IP; null when unknown). */
    @Transactional
    public LoginResponse login(LoginRequest req, String address) {
        return issue(req, address, config.auth().tokenTtl());
    }

    /** A dashboard login: the same token (kept server-side, in an HttpOnly cookie) with the shorter session lifetime. */
    @Transactional
    public LoginResponse startSession(LoginRequest req, String address) {
        return issue(req, address, config.auth().sessionTtl());
    }

    private LoginResponse issue(LoginRequest req, String address, java.time.Duration ttl) {
        if (req == null || req.username() == null || req.username().isBlank()) {
            throw ApiException.invalid("username", "is required");
        }
        if (req.password() == null || req.password().isEmpty()) {
            throw ApiException.invalid("password", "is required");
        }
        Instant now = Instant.now(clock);
        Optional<java.time.Duration> wait = throttle.refusal(req.username(), address, now);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + (wait.get().toNanosPart() > 0 ? 1 : 0));
            throw new ApiException(ErrorCode.TOO_MANY_ATTEMPTS, "too many wrong passwords: try again in " + seconds
                    + " s, or ask an admin to reset the password", seconds);
        }
        Optional<UserEntity> user = UserEntity.byUsername(req.username());
        // Same work whether or not the user exists, so timing does not reveal user names.
        boolean ok = Secrets.verifyPassword(req.password(), user.map(u -> u.passwordHash).orElse(decoyHash)) && user.isPresent();
        if (!ok) {
            throttle.failed(req.username(), address, now);
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "wrong username or password");
        }
        throttle.succeeded(req.username());
        String token = Secrets.newToken("paas_at_");
        ApiTokenEntity t = new ApiTokenEntity();
        t.user = user.get();
        t.tokenHash = Secrets.sha256Hex(token);
        t.createdAt = Instant.now(clock);
        t.expiresAt = t.createdAt.plus(ttl);
        t.persist();
        UserEntity u = user.get();
        return new LoginResponse(token, t.expiresAt, new UserView(u.username, u.role, u.createdAt));
    }

    /** Revokes the token the caller used. */
    @Transactional
    public void logout(String token) {
        ApiTokenEntity.delete("tokenHash", Secrets.sha256Hex(token));
    }

    /** The caller behind a bearer token, if the token exists and has not expired. */
    @Transactional
    public Optional<Caller> resolve(String token) {
        Optional<ApiTokenEntity> found = ApiTokenEntity.find("tokenHash", Secrets.sha256Hex(token)).firstResultOptional();
        if (found.isEmpty() || !found.get().expiresAt.isAfter(Instant.now(clock))) {
            return Optional.empty();
        }
        UserEntity u = found.get().user;
        List<Long> spaces = em.createQuery("select s.id from SpaceEntity s join s.members m where m.id = :u", Long.class)
                .setParameter("u", u.id).getResultList();
        Set<Long> ids = new HashSet<>(spaces);
        return Optional.of(new Caller(u.id, u.username, u.role, ids));
    }
}
