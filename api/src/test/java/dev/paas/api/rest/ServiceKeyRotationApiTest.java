package dev.paas.api.rest;

import static dev.paas.api.rest.Api.admin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paas.api.core.SecretBox;
import dev.paas.api.service.ServiceKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The services key rotation README describes: values sealed with a key now in
 * {@code previous-keys} (user-provided credentials, managed bindings' credentials, broker
 * passwords) are sealed again with the current key, and still open to the same text.
 */
@QuarkusTest
@TestProfile(ServiceKeyRotationApiTest.Rotating.class)
class ServiceKeyRotationApiTest extends ApiTestBase {

    static final String OLD = "old-services-key-0123456789";
    static final String NEW = "new-services-key-0123456789";
    /** The key of the other tests (application.properties), should their rows be in this database too. */
    static final String TESTS = "test-services-key-0123456789";

    public static class Rotating implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("paas.services.key", NEW, "paas.services.previous-keys", OLD + "," + TESTS);
        }
    }

    /** Columns holding sealed values, as table.column. */
    static final List<String> SEALED = List.of("service_instances.credentials", "service_bindings.credentials", "service_brokers.password");

    @Inject
    ServiceKeys keys;

    @Test
    void valuesSealedWithAPreviousKeyAreSealedAgainWithTheCurrentOne() throws SQLException {
        try (BrokerDouble broker = BrokerDouble.start()) {
            String brokerName = Api.unique("broker");
            BrokerApiTest.register(brokerName, broker);
            String space = Api.unique("sp");
            Api.space(space);
            Api.app(space, "web");
            String services = "/v1/spaces/" + space + "/service-instances";
            Api.check(admin().body(Map.of("name", "ups", "credentials", Map.of("k", "v"))).post(services), 201);
            Api.check(admin().body(Map.of("name", "db", "offering", broker.offering, "plan", "small")).post(services), 201);
            Api.check(admin().body(Map.of("serviceInstance", "db")).post("/v1/spaces/" + space + "/apps/web/service-bindings"), 201);

            SecretBox current = new SecretBox(NEW, List.of(OLD, TESTS));
            SecretBox old = new SecretBox(OLD, List.of());
            Map<String, String> plain = new LinkedHashMap<>();
            try (Connection c = dataSource.getConnection()) {
                for (String col : SEALED) {
                    for (Map.Entry<Long, String> row : rows(c, col).entrySet()) {
                        String text = current.open(row.getValue());
                        plain.put(col + "/" + row.getKey(), text);
                        update(c, col, row.getKey(), old.seal(text));
                    }
                }
            }
            assertThat(plain.keySet()).anyMatch(k -> k.startsWith("service_brokers")).anyMatch(k -> k.startsWith("service_bindings"))
                    .anyMatch(k -> k.startsWith("service_instances"));

            keys.rotate();

            try (Connection c = dataSource.getConnection()) {
                for (String col : SEALED) {
                    for (Map.Entry<Long, String> row : rows(c, col).entrySet()) {
                        assertThat(current.isCurrent(row.getValue())).as("%s of row %d", col, row.getKey()).isTrue();
                        assertThat(current.open(row.getValue())).isEqualTo(plain.get(col + "/" + row.getKey()));
                    }
                }
            }
            // The broker's password still works: its catalog is fetched again.
            Api.check(admin().body(Map.of()).put("/v1/service-brokers/" + brokerName), 200);
        }
    }

    private static Map<Long, String> rows(Connection c, String column) throws SQLException {
        String[] tc = column.split("\\.");
        Map<Long, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, " + tc[1] + " from " + tc[0]
                + " where " + tc[1] + " is not null")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void update(Connection c, String column, long id, String value) throws SQLException {
        String[] tc = column.split("\\.");
        try (PreparedStatement p = c.prepareStatement("update " + tc[0] + " set " + tc[1] + " = ? where id = ?")) {
            p.setString(1, value);
            p.setLong(2, id);
            p.executeUpdate();
        }
    }
}
