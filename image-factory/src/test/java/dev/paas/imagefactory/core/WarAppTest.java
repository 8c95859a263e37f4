package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WarAppTest {

    private static final Set<ServletApi> JAVAX = Set.of(ServletApi.JAVAX);
    private static final Set<ServletApi> JAKARTA = Set.of(ServletApi.JAKARTA);

    @Test
    void referredLooksAtTheServletPackagesOnly() {
        assertThat(WarApp.referred(Set.of("java/lang/Object", "javax/servlet/http/HttpServlet")))
                .containsExactly(ServletApi.JAVAX);
        assertThat(WarApp.referred(Set.of("jakarta/servlet/Servlet", "javax/sql/DataSource")))
                .containsExactly(ServletApi.JAKARTA);
        assertThat(WarApp.referred(Set.of("javax/servletx/Y", "jakarta/persistence/Entity"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Jakarta EE 10 | <web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"> | JAKARTA",
            "Jakarta EE 9, attributes first | <web-app version='5.0' xmlns='https://jakarta.ee/xml/ns/jakartaee'> | JAKARTA",
            "Jakarta EE 8 is javax | <web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\" version=\"4.0\"> | JAVAX",
            "Java EE 6 | <web-app xmlns=\"http://java.sun.com/xml/ns/javaee\" version=\"3.0\"> | JAVAX",
            "J2EE 1.4 | <web-app xmlns=\"http://java.sun.com/xml/ns/j2ee\" version=\"2.4\"> | JAVAX",
            "Servlet 2.3 DTD | <!DOCTYPE web-app PUBLIC \"-//Sun Microsystems, Inc.//DTD Web Application 2.3//EN\" \"x\"><web-app> | JAVAX",
            "no namespace | <web-app><display-name>x</display-name></web-app> | ",
            "another namespace | <web-app xmlns=\"http://example.org/ns\"> | ",
            "a namespace in a comment does not count | <!-- https://jakarta.ee/xml/ns/jakartaee --><web-app> | ",
    })
    void webXmlSchemaNamesTheApi(String name, String xml, String expected) {
        assertThat(WarApp.webXmlApi(xml)).isEqualTo(Optional.ofNullable(expected).map(ServletApi::valueOf));
    }

    @Test
    void theAppsOwnClassesDecideFirst() {
        WarApp.Decision d = WarApp.decide(evidence(map("hello/Hi.class", JAKARTA),
                "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\">", map("old.jar", JAVAX)), Map.of());
        assertThat(d.api()).isEqualTo(ServletApi.JAKARTA);
        assertThat(d.reason()).isEqualTo("WEB-INF/classes refers to jakarta.servlet (hello/Hi.class)");
    }

    @Test
    void thenTheDescriptorThenTheLibraries() {
        assertThat(WarApp.decide(evidence(map(), "<web-app xmlns=\"http://xmlns.jcp.org/xml/ns/javaee\">",
                map("new.jar", JAKARTA)), Map.of())).isEqualTo(new WarApp.Decision(ServletApi.JAVAX,
                "WEB-INF/web.xml is a Java EE descriptor"));
        WarApp.Decision d = WarApp.decide(evidence(map(), null, map("a.jar", JAKARTA, "b.jar", JAKARTA,
                "c.jar", JAKARTA, "d.jar", JAKARTA)), Map.of());
        assertThat(d.api()).isEqualTo(ServletApi.JAKARTA);
        assertThat(d.reason()).isEqualTo("WEB-INF/lib refers to jakarta.servlet (a.jar, b.jar, c.jar and 1 more jars)");
    }

    @Test
    void bothApisWhereTheyDecideAreRefusedNamingAnExampleOfEach() {
        assertThatThrownBy(() -> WarApp.decide(evidence(map("a/Old.class", JAVAX, "b/New.class", JAKARTA), null, map()),
                Map.of()))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.NO_BUILDPACK))
                .hasMessageContaining("WEB-INF/classes refers to both javax.servlet (a/Old.class) and jakarta.servlet"
                        + " (b/New.class)")
                .hasMessageContaining("PAAS_SERVLET_API=javax or jakarta");
    }

    @Test
    void aWarWithNeitherIsRefusedSayingWhatWasLookedAt() {
        assertThatThrownBy(() -> WarApp.decide(evidence(map(), null, map()), Map.of()))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.NO_BUILDPACK))
                .hasMessage("this war refers to neither javax.servlet nor jakarta.servlet: no class in WEB-INF/classes"
                        + " or WEB-INF/lib uses a servlet API and WEB-INF/web.xml is absent; push a war built against"
                        + " one of them, or set PAAS_SERVLET_API=javax or jakarta");
        assertThatThrownBy(() -> WarApp.decide(evidence(map(), "<web-app>", map()), Map.of()))
                .hasMessageContaining("WEB-INF/web.xml names neither Java EE's nor Jakarta EE's schema");
    }

    @Test
    void theEnvOverridesAndABadValueIsABadRequest() {
        assertThat(WarApp.decide(evidence(map("a/A.class", JAKARTA), null, map()), Map.of("PAAS_SERVLET_API", " Javax ")))
                .isEqualTo(new WarApp.Decision(ServletApi.JAVAX, "PAAS_SERVLET_API=Javax"));
        assertThatThrownBy(() -> WarApp.decide(evidence(map(), null, map()), Map.of("PAAS_SERVLET_API", "jee")))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(StagingException.Reason.INVALID_REQUEST))
                .hasMessage("PAAS_SERVLET_API is 'jee': set it to javax or jakarta");
    }

    @Test
    void eachApiHasItsPinnedContainer() {
        ServletContainer jakarta = ServletContainer.forApi(ServletApi.JAKARTA);
        assertThat(jakarta.name()).isEqualTo("Tomcat 11.0.29");
        assertThat(ServletContainer.forApi(ServletApi.JAVAX).name()).isEqualTo("Tomcat 9.0.98");
        assertThat(jakarta.classPath()).isEqualTo("/paas/tomcat/launcher:/paas/tomcat/lib/tomcat-embed-core-11.0.29.jar"
                + ":/paas/tomcat/lib/tomcat-annotations-api-11.0.29.jar");
        assertThat(jakarta.artifacts().get(0).repositoryPath())
                .isEqualTo("org/apache/tomcat/embed/tomcat-embed-core/11.0.29/tomcat-embed-core-11.0.29.jar");
        assertThat(jakarta.artifacts()).allSatisfy(a -> assertThat(a.sha256()).matches("[0-9a-f]{64}"));
    }

    private static WarApp.Evidence evidence(SortedMap<String, Set<ServletApi>> classes, String webXml,
                                            SortedMap<String, Set<ServletApi>> libs) {
        return new WarApp.Evidence(classes, Optional.ofNullable(webXml), libs);
    }

    private static SortedMap<String, Set<ServletApi>> map(Object... kv) {
        SortedMap<String, Set<ServletApi>> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            Set<ServletApi> v = (Set<ServletApi>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }
}
