package dev.paas.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FragmentsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /apps/sp/web/instances        | /apps/sp/web
            /apps/sp/web/header?x=1       | /apps/sp/web
            /apps/sp/web/env              | /apps/sp/web
            /apps/sp/web/routes           | /apps/sp/web
            /apps/sp/web/services         | /apps/sp/web
            /apps/sp/web/tasks            | /apps/sp/web
            /apps/sp/web/task-form        | /apps/sp/web
            /services-table               | /services
            /apps/sp/web/events           | /apps/sp/web
            /apps/sp/web/metrics          | /apps/sp/web
            /apps-table                   | /
            /ops/nodes-table              | /ops/nodes
            /ops/nodes/n1/instances       | /ops/nodes/n1
            /ops/nodes/n1                 | /ops/nodes/n1
            /ops/pools-table?page=2       | /ops/pools
            /apps/sp/web                  | /apps/sp/web
            /apps/sp/web?tab=logs         | /apps/sp/web?tab=logs
            /apps/sp/web/other            | /apps/sp/web/other
            /apps/sp/web/routes/7/delete  | /apps/sp/web/routes/7/delete
            /apps/sp/web/services/db/unbind | /apps/sp/web/services/db/unbind
            /marketplace                  | /marketplace
            /push?space=sp&app=web        | /push?space=sp&app=web
            /                             | /
            """)
    void aFragmentLeadsToItsPageAndAPageToItself(String path, String page) {
        assertThat(Fragments.pageOf(path)).isEqualTo(page);
        assertThat(Fragments.isFragment(path)).isEqualTo(!path.equals(page));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /apps/sp/web/instances | /apps/sp/web
            //evil.example.com     | /
            https://evil.example   | /
            /login?next=/          | /
            /ops/nodes             | /ops/nodes
            """)
    void aLoginsNextIsALocalPage(String next, String landing) {
        assertThat(LoginPage.safeNext(next)).isEqualTo(landing);
    }
}
