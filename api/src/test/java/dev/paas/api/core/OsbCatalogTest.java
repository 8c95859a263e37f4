package dev.paas.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OsbCatalogTest {

    @Test
    void aCatalogIsRead() {
        OsbCatalog c = OsbCatalog.parse("""
                {"services": [{"id": "s1", "name": "postgresql", "description": "PostgreSQL", "bindable": true,
                  "tags": ["postgresql", "relational"], "plan_updateable": false,
                  "plans": [{"id": "p1", "name": "small", "description": "1 db", "free": true, "maximum_polling_duration": 600},
                            {"id": "p2", "name": "big", "description": "", "free": false, "bindable": false}]}]}
                """);
        assertThat(c.offerings()).hasSize(1);
        OsbCatalog.Offering o = c.offerings().get(0);
        assertThat(o.name()).isEqualTo("postgresql");
        assertThat(o.tags()).isEqualTo(List.of("postgresql", "relational"));
        assertThat(o.plans()).containsExactly(new OsbCatalog.Plan("p1", "small", "1 db", true, null, 600),
                new OsbCatalog.Plan("p2", "big", "", false, false, null));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "[]                                                                          | the catalog is not a JSON object",
            "{}                                                                          | services: is missing",
            "{\"services\": [1]}                                                         | services[0]: is not a JSON object",
            "{\"services\": [{\"name\": \"a\", \"bindable\": true, \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}]} | services[0].id: is missing",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}]} | services[0].bindable: is missing",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"bindable\": true, \"plans\": []}]} | services[0].plans: is missing or empty",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"bindable\": true, \"plans\": [{\"id\": \"p\"}]}]} | services[0].plans[0].name: is missing",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"bindable\": \"yes\", \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}]} | services[0].bindable: is not true or false",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"bindable\": true, \"plans\": [{\"id\": \"p\", \"name\": \"x\", \"maximum_polling_duration\": -1}]}]} | services[0].plans[0].maximum_polling_duration",
            "{\"services\": [{\"id\": \"s\", \"name\": \"a\", \"bindable\": true, \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}, {\"id\": \"t\", \"name\": \"a\", \"bindable\": true, \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}]} | services[1].name: 'a' is used twice",
            "{\"services\": [{\"id\": \"s\", \"name\": \" a\", \"bindable\": true, \"plans\": [{\"id\": \"p\", \"name\": \"x\"}]}]} | services[0].name",
            "not json at all                                                             | the catalog is not a JSON object",
    })
    void badCatalogsAreRefusedNamingThePlace(String body, String message) {
        assertThatThrownBy(() -> OsbCatalog.parse(body)).isInstanceOf(OsbCatalog.Invalid.class).hasMessageContaining(message);
    }
}
