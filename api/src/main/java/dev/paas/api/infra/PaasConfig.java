package dev.paas.api.infra;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The control plane's own settings ({@code paas.*}, or {@code PAAS_*} in the environment). */
@ConfigMapping(prefix = "paas")
public interface PaasConfig {

    Auth auth();

    Admin admin();

    Scheduler scheduler();

    Storage storage();

    Staging staging();

    Router router();

    Services services();

    LogDrains logDrains();

    interface LogDrains {
        /**
         * Syslog drains on this host's loopback are shipped to ({@code PAAS_LOG_DRAINS_ALLOW_LOOPBACK}):
         * off by default, since the lines an app writes must not reach the control plane host's own services.
         */
        @WithDefault("false")
        boolean allowLoopback();
    }

    /**
     * The domain of default routes ({@code NAME.<domain>}) the dashboard maps on a browser push
     * ({@code PAAS_DOMAIN}, the variable and default the CLI reads for {@code paas push}):
     * {@code localhost} resolves to loopback without any DNS set-up.
     */
    @WithDefault("localhost")
    String domain();

    interface Services {
        /**
         * The key service credentials are encrypted with at rest ({@code PAAS_SERVICES_KEY}, 16
         * characters or more); unset: service instances cannot be created. {@code ./paas up}
         * generates one in the data directory ({@code services-key}).
         */
        Optional<String> key();

        /**
         * Keys values may still be sealed with, during a rotation ({@code PAAS_SERVICES_PREVIOUS_KEYS},
         * comma-separated): at start the control plane re-seals every value with {@link #key()}.
         */
        Optional<java.util.List<String>> previousKeys();

        /**
         * How long a request to a service broker may take before paas gives up on it (a
         * provision or bind that times out is then deleted at the broker: orphan mitigation).
         * Cloud Foundry's default is 60 s too.
         */
        @WithDefault("60s")
        Duration brokerTimeout();

        /** Whether this control plane polls brokers' asynchronous operations (tests drive rounds themselves). */
        @WithDefault("true")
        boolean pollEnabled();

        /** The first wait before polling an asynchronous operation; each further poll waits twice as long, up to 5 min. */
        @WithDefault("5s")
        Duration pollInterval();

        /**
         * How long an asynchronous operation is polled before it is called failed, when its plan
         * names no {@code maximum_polling_duration}.
         */
        @WithDefault("24h")
        Duration maxPollingDuration();
    }

    interface Router {
        /**
         * The shared secret routers authenticate with ({@code PAAS_ROUTER_KEY}); unset: no router
         * may connect. {@code ./paas up} generates one in the data directory.
         */
        Optional<String> key();

        /**
         * The port clients reach the routers on, for the URLs the API shows
         * ({@code PAAS_ROUTER_PUBLIC_PORT}; {@code ./paas up} sets its router's port).
         */
        @WithDefault("80")
        int publicPort();
    }

    interface Staging {
        /** Builds run at once per control plane; staging is CPU-bound (jlink, compression). */
        @WithDefault("1")
        int workers();

        /**
         * How long a taken build stays its worker's without a renewal (renewed every third of
         * it while the build runs). A control plane that dies mid-build loses the build this long
         * after its last renewal, and any control plane takes it again (at most 3 attempts).
         */
        @WithDefault("30s")
        Duration lease();

        /** Where builds unpack their package; default {@code <data dir>/staging}. Dead builds' directories are removed at start. */
        Optional<String> workDir();
    }

    interface Storage {
        /** Where packages and images live; default {@code <data dir>/blobs}. */
        Optional<String> dir();

        /** Largest package a push may upload (Cloud Foundry's default app size limit is 1 GB). */
        @WithDefault("1073741824")
        long maxPackageBytes();

        /**
         * A blob no row refers to is removed once it is older than this: an upload or a build
         * writes its blob a moment before the row that refers to it.
         */
        @WithDefault("1h")
        Duration orphanGrace();

        /** How often the orphan-blob sweep runs (also once at start). */
        @WithDefault("1h")
        Duration sweepInterval();
    }

    interface Scheduler {
        /** Every control plane runs the loop; one (the advisory-lock holder) schedules. */
        @WithDefault("true")
        boolean enabled();

        /** Longest time between rounds; changes wake the loop at once. */
        @WithDefault("2s")
        Duration interval();

        /** Three missed heartbeats (every 5 s) and a node is DOWN. */
        @WithDefault("15s")
        Duration heartbeatTimeout();
    }

    /** Unset {@code url}: {@link ControlPlaneMain} runs an embedded PostgreSQL and sets it. */
    Db db();

    interface Db {
        Optional<String> url();

        Optional<String> user();

        Optional<String> password();
    }

    interface Auth {
        /** How long a login token lasts; the CLI logs in again after that. */
        @WithDefault("30d")
        Duration tokenTtl();

        /** How long a dashboard session lasts: a browser left logged in is a risk a CLI token is not. */
        @WithDefault("12h")
        Duration sessionTtl();

        /** PBKDF2 rounds for new password hashes (OWASP 2023 advice for PBKDF2-SHA256). */
        @WithDefault("210000")
        int pbkdf2Iterations();

        /** Wrong passwords in a row for one user name before its logins pause (four times that per address). */
        @WithDefault("5")
        int maxFailedLogins();

        /** The window in which wrong passwords are counted. */
        @WithDefault("15m")
        Duration failedLoginWindow();

        /** How long logins pause once the count is reached: guessing a password becomes impractical. */
        @WithDefault("5m")
        Duration loginLockout();
    }

    interface Admin {
        /** The first admin's password; generated and printed once when unset. */
        Optional<String> password();

        /** Where a generated first password is also written (mode 0600) for {@code ./paas up}. */
        Optional<String> passwordFile();
    }
}
