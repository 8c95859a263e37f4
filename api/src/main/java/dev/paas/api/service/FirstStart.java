package dev.paas.api.service;

import dev.paas.api.core.Secrets;
import dev.paas.api.infra.PaasConfig;
import dev.paas.api.infra.SpaceEntity;
import dev.paas.api.infra.UserEntity;
import dev.paas.model.Role;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * On the very first start (no users yet) creates the {@code admin} user and a {@code default}
 * space it belongs to. The password comes from {@code PAAS_ADMIN_PASSWORD}, or is generated and
 * printed once (and written, mode 0600, to the configured password file). There is no built-in
 * default password.
 */
@ApplicationScoped
public class FirstStart {

    public static final String ADMIN = "admin";
    public static final String DEFAULT_SPACE = "default";
    private static final Logger LOG = Logger.getLogger(FirstStart.class);

    private final PaasConfig config;
    private final UserService users;
    private final SpaceService spaces;
    private final EventLog events;

    public FirstStart(PaasConfig config, UserService users, SpaceService spaces, EventLog events) {
        this.config = config;
        this.users = users;
        this.spaces = spaces;
        this.events = events;
    }

    @Transactional
    void onStart(@Observes StartupEvent ev) {
        if (UserEntity.count() > 0) {
            return;
        }
        boolean generated = config.admin().password().isEmpty();
        String password = config.admin().password().orElseGet(Secrets::newPassword);
        UserEntity admin = users.insert(ADMIN, password, Role.ADMIN);
        SpaceEntity space = SpaceEntity.byName(DEFAULT_SPACE).orElseGet(() -> spaces.insert(DEFAULT_SPACE));
        space.members.add(admin);
        events.record("system", "user.create", space, null, "user/" + ADMIN, Map.of("role", "ADMIN", "firstStart", true));
        if (generated) {
            config.admin().passwordFile().ifPresent(f -> write(Path.of(f), password));
            // Printed once, on purpose: this is the only time the password exists in clear.
            System.out.println("""

                    ==================================================================
                     paas: first start. Log in as 'admin' with password:
                         %s
                     (shown once%s; set PAAS_ADMIN_PASSWORD to choose it yourself)
                    ==================================================================
                    """.formatted(password, config.admin().passwordFile().map(f -> ", also saved in " + f).orElse("")));
        }
        LOG.infof("first-start.admin-created user=%s space=%s generated=%s", ADMIN, DEFAULT_SPACE, generated);
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n");
        } catch (IOException e) {
            LOG.warnf("first-start.password-file-failed file=%s error=%s", file, e.getMessage());
        }
    }
}
