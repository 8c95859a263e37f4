package dev.paas.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.paas.model.CreateServiceInstanceRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a client's Jackson writes for the managed form reads back here: only the record's fields (unknown ones are refused). */
class ServiceWireTest {

    @Test
    void theManagedFormHasOnlyItsFields() throws Exception {
        ObjectMapper json = JsonMapper.builder().build();
        CreateServiceInstanceRequest req = CreateServiceInstanceRequest.managed("db", "postgresql", "small", Map.of("a", 1), List.of("t"));
        @SuppressWarnings("unchecked")
        Map<String, Object> wire = json.readValue(json.writeValueAsString(req), Map.class);
        assertThat(wire.keySet()).containsExactlyInAnyOrder("name", "credentials", "syslogDrainUrl", "routeServiceUrl", "tags",
                "offering", "plan", "parameters");
        assertThat(json.readValue(json.writeValueAsString(req), CreateServiceInstanceRequest.class)).isEqualTo(req);
        assertThat(req.managedForm()).isTrue();
        assertThat(new CreateServiceInstanceRequest("u", Map.of(), null, null, null).managedForm()).isFalse();
    }
}
