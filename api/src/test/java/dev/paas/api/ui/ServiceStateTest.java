package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paas.model.ServiceInstanceView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the dashboard shows a service instance's kind and last operation (contract A's fields). */
class ServiceStateTest {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            create | in progress | create in progress | warn
            create | succeeded   | create succeeded   | ok
            create | failed      | create failed      | bad
            delete | in progress | delete in progress | warn
            update | failed      | update failed      | bad
            """)
    void aManagedInstanceShowsOfferingPlanAndItsLastOperation(String type, String state, String shown, String health) throws Exception {
        ServiceState s = ServiceState.of(JSON.readTree("""
                {"name":"db","type":"managed","offering":"postgresql","plan":"small","broker":"pg",
                 "lastOperation":{"type":"%s","state":"%s","description":"working on it","updatedAt":"2026-11-27T09:00:00Z"}}"""
                .formatted(type, state)));
        assertThat(s.managed()).isTrue();
        assertThat(s.kind()).isEqualTo("postgresql · small");
        assertThat(s.broker()).isEqualTo("pg");
        assertThat(s.lastOperation()).isEqualTo(shown);
        assertThat(s.health()).isEqualTo(health);
        assertThat(s.description()).isEqualTo("working on it");
    }

    @Test
    void aUserProvidedInstanceOrAViewWithoutTheManagedFieldsIsUserProvided() throws Exception {
        ServiceState s = ServiceState.of(JSON, new ServiceInstanceView("db", "user-provided", "g", List.of("password"), null, List.of(),
                List.of(), Instant.EPOCH, Instant.EPOCH));
        assertThat(s.managed()).isFalse();
        assertThat(s.kind()).isEqualTo("user-provided");
        assertThat(s.lastOperation()).isEmpty();
        assertThat(s.health()).isEqualTo("idle");
        ServiceState bare = ServiceState.of(JSON.readTree("{\"name\":\"old\"}"));
        assertThat(bare.kind()).isEqualTo("user-provided");
        ServiceState noPlan = ServiceState.of(JSON.readTree("{\"name\":\"x\",\"type\":\"managed\",\"offering\":\"redis\",\"lastOperation\":null}"));
        assertThat(noPlan.kind()).isEqualTo("redis");
        assertThat(noPlan.lastOperation()).isEmpty();
    }
}
