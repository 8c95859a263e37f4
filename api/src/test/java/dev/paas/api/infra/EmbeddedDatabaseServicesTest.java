package dev.paas.api.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL with a services address (issue 15): it listens there too, keeps an
 * admin role for the built-in broker (never a superuser) with which the broker's whole flow
 * works, and from off loopback admits only the roles the broker makes for bindings, each to its
 * own instance's database; never the superuser (the control plane's role) nor the broker's admin.
 * The address is on an interface this test makes (root only) and removes.
 */
class EmbeddedDatabaseServicesTest {

    @TempDir
    Path tmp;
    String iface;
    String address;

    @BeforeEach
    void dummyInterface() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && (Files.isExecutable(Path.of("/usr/sbin/ip"))
                || Files.isExecutable(Path.of("/sbin/ip"))), "needs root and ip(8) for a dummy interface");
        SecureRandom r = new SecureRandom();
        iface = "pgsvc" + Integer.toHexString(0x10000 + r.nextInt(0xeffff));
        // An address of the range ./paas up uses (10.253.0.0/16), away from its default 10.253.0.1.
        address = "10.253." + (200 + r.nextInt(50)) + "." + (2 + r.nextInt(250));
        // A dummy interface where the kernel has the module (./paas up's paas-svc0), else a veth pair.
        if (run("link", "add", iface, "type", "dummy") != 0) {
            ip("link", "add", iface, "type", "veth", "peer", "name", iface + "p");
            ip("link", "set", iface + "p", "up");
        }
        ip("addr", "add", address + "/32", "dev", iface);
        ip("link", "set", iface, "up");
    }

    @AfterEach
    void removeInterface() throws Exception {
        if (iface != null) {
            ip("link", "delete", iface);
        }
    }

    @Test
    void onlyBindingRolesLogInFromTheServicesAddressEachToItsOwnDatabase() throws Exception {
        Path data = tmp.resolve("postgres");
        int port;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false, Optional.of(address))) {
            port = db.port();
            String superPw = db.password();
            String brokerPw = db.brokerPassword().orElseThrow();
            Path file = EmbeddedDatabase.brokerPasswordFile(data);
            assertThat(file).isEqualTo(tmp.resolve("postgres-broker-password"));
            assertThat(Files.readString(file).strip()).isEqualTo(brokerPw).startsWith("paas_pgb_");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(Files.readString(EmbeddedDatabase.portFile(data)).strip()).isEqualTo(Integer.toString(port));

            String loop = "127.0.0.1";
            assertThat(select(loop, port, "postgres", "postgres", superPw, "select current_setting('listen_addresses')"))
                    .isEqualTo("127.0.0.1," + address);
            assertThat(select(loop, port, "postgres", "postgres", superPw, "select rolsuper::text || rolcreatedb::text"
                    + " || rolcreaterole::text || rolcanlogin::text from pg_roles where rolname = 'paas_broker'"))
                    .isEqualTo("falsetruetruetrue");

            // What the broker does for an instance and a binding, as its admin role over loopback.
            try (Connection c = connect(loop, port, "paas_broker", "paas_broker", brokerPw); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE psi_t NOLOGIN");
                st.execute("GRANT psi_t TO CURRENT_USER");
                st.execute("CREATE DATABASE psi_t OWNER psi_t");
                st.execute("REVOKE ALL ON DATABASE psi_t FROM PUBLIC");
                st.execute("CREATE ROLE psb_t LOGIN PASSWORD 'binding-pw' IN ROLE psi_t, paas_service_users");
                st.execute("CREATE ROLE psb_other LOGIN PASSWORD 'other-pw' IN ROLE paas_service_users");
            }
            try (Connection c = connect(loop, port, "postgres", "postgres", superPw); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider-pw'");
            }

            assertThat(select(address, port, "psi_t", "psb_t", "binding-pw", "select current_user")).isEqualTo("psb_t");
            assertRejected(address, port, "postgres", "psb_t", "binding-pw");       // not its instance's database
            assertRejected(address, port, "psi_t", "psb_other", "other-pw");        // another instance's binding
            assertRejected(address, port, "psi_t", "outsider", "outsider-pw");      // not made by the broker
            assertRejected(address, port, "postgres", "postgres", superPw);          // the control plane's role
            assertRejected(address, port, "psi_t", "postgres", superPw);
            assertRejected(address, port, "paas_broker", "paas_broker", brokerPw);   // the broker's admin
            assertRejected(address, port, "psi_t", "paas_broker", brokerPw);
            assertThatThrownBy(() -> connect(address, port, "psi_t", "psb_t", "wrong")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");

            // An admin role changed by hand is put back at the next start.
            try (Connection c = connect(loop, port, "postgres", "postgres", superPw); Statement st = c.createStatement()) {
                st.execute("ALTER ROLE paas_broker SUPERUSER");
            }
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, false, Optional.of(address))) {
            assertThat(db.port()).as("bound apps keep the port in their credentials").isEqualTo(port);
            assertThat(select("127.0.0.1", port, "postgres", "postgres", db.password(),
                    "select rolsuper::text from pg_roles where rolname = 'paas_broker'")).isEqualTo("false");
            assertThat(select(address, port, "psi_t", "psb_t", "binding-pw", "select current_database()")).isEqualTo("psi_t");
        }
    }

    @Test
    void thePortIsKeptWhenAKilledControlPlaneLeftItsPostgresRunning() throws Exception {
        Path data = tmp.resolve("postgres");
        // A control plane of its own (another JVM), killed with SIGKILL: its postmaster keeps the port.
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Leftover.class.getName(), data.toString(), address)
                .redirectErrorStream(true).start();
        int port;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("port=")) {
                // its log lines
            }
            assertThat(line).as("the other control plane's database started").isNotNull();
            port = Integer.parseInt(line.substring(5));
            other.destroyForcibly().waitFor();
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, false, Optional.of(address))) {
            assertThat(again.port()).as("bound apps keep the port in their credentials").isEqualTo(port);
            assertThat(select("127.0.0.1", port, "postgres", "postgres", again.password(), "select 'serving'"))
                    .isEqualTo("serving");
        }
    }

    /** A stand-in for a control plane: starts the database, says its port, waits to be killed. */
    public static final class Leftover {
        public static void main(String[] args) throws Exception {
            EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), false, Optional.of(args[1]));
            System.out.println("port=" + db.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aServicesAddressMustBeANonLoopbackIpv4Literal() {
        for (String bad : List.of("127.0.0.2", "0.0.0.0", "10.253.0", "host.example", "10.253.0.1; drop", "::1")) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(tmp.resolve("pg"), false, Optional.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PAAS_SERVICES_ADDRESS");
        }
        assertThat(tmp.resolve("pg")).doesNotExist();
    }

    private static void assertRejected(String host, int port, String db, String user, String password) {
        assertThatThrownBy(() -> connect(host, port, db, user, password)).as(user + " to " + db)
                .isInstanceOf(SQLException.class).hasMessageContaining("pg_hba.conf");
    }

    private static Connection connect(String host, int port, String db, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, p);
    }

    private static String select(String host, int port, String db, String user, String password, String sql) throws SQLException {
        try (Connection c = connect(host, port, db, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void ip(String... args) throws Exception {
        assertThat(run(args)).as("ip " + String.join(" ", args)).isZero();
    }

    private static int run(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "/sbin/ip"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }
}
