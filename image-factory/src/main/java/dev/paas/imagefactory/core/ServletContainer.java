package dev.paas.imagefactory.core;

import java.util.List;
import java.util.Set;

/**
 * The servlet container a war runs on: embedded Tomcat from Maven Central, its jars pinned by
 * version and sha256 (the image factory refuses other bytes, wherever they come from, so the
 * same war always gets the same container and the same image digest).
 *
 * @param name      for the staging log, e.g. {@code Tomcat 11.0.29}
 * @param version   the cache key: {@code <cache>/tomcat/<version>/}
 * @param api       the servlet API it implements
 * @param artifacts its jars, in class-path order
 * @param modules   the JDK modules its jars need: jdeps' answer for them ({@code --print-module-deps
 *                  --ignore-missing-deps}), plus java.logging (Tomcat's JULI logs through it) and
 *                  jdk.unsupported (sun.misc.Unsafe, which libraries of wars reach by reflection)
 */
public record ServletContainer(String name, String version, ServletApi api, List<Artifact> artifacts,
                               Set<String> modules) {

    /** The main class of the guest's launcher (image-factory/src/launcher). */
    public static final String LAUNCHER_CLASS = "dev.paas.warlauncher.Launcher";
    /** Where the container's jars go in the guest. */
    public static final String LIB_DIR = "/paas/tomcat/lib";
    /** The launcher's class-path root in the guest. */
    public static final String LAUNCHER_DIR = "/paas/tomcat/launcher";

    /** Tomcat 11 (Servlet 6.1) runs Servlet 5.0, 6.0 and 6.1 wars: every jakarta war. */
    public static final ServletContainer TOMCAT_JAKARTA = tomcat("11.0.29", ServletApi.JAKARTA,
            "45302cad046c8b8c51ba80b34f2a01d1c75a66792587c3ac5e8fda9ff8abf837",
            "9271ec566115f35ef84649f31f45704e1e7b4b94da74a59d0780d1faa4668379",
            Set.of("java.base", "java.desktop", "java.instrument", "java.logging", "java.management", "java.naming",
                    "java.security.jgss", "java.sql", "jdk.unsupported"));
    /** Tomcat 9 (Servlet 4.0), the last line in the javax namespace. */
    public static final ServletContainer TOMCAT_JAVAX = tomcat("9.0.98", ServletApi.JAVAX,
            "93cd8259690732cd6e25eb084090ea9e21db95631ca1ec8e05b26002379f185a",
            "a6451be75cbe373e79f30d626f199e77b70020bd164a23632e5f4f58eaffbaef",
            Set.of("java.base", "java.desktop", "java.instrument", "java.logging", "java.management", "java.naming",
                    "java.rmi", "java.security.jgss", "java.sql", "jdk.unsupported"));

    /**
     * One jar of a Maven repository.
     *
     * @param sha256 lower-case hex of the jar's bytes
     */
    public record Artifact(String groupId, String artifactId, String version, String sha256) {

        public String fileName() {
            return artifactId + "-" + version + ".jar";
        }

        /** Its path in a Maven repository (local or remote): {@code org/apache/tomcat/.../x-1.jar}. */
        public String repositoryPath() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + fileName();
        }

        public String coordinates() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    public static ServletContainer forApi(ServletApi api) {
        return api == ServletApi.JAKARTA ? TOMCAT_JAKARTA : TOMCAT_JAVAX;
    }

    /** The guest's class path: the launcher, then the container's jars. */
    public String classPath() {
        StringBuilder b = new StringBuilder(LAUNCHER_DIR);
        for (Artifact a : artifacts) {
            b.append(':').append(LIB_DIR).append('/').append(a.fileName());
        }
        return b.toString();
    }

    private static ServletContainer tomcat(String version, ServletApi api, String coreSha256, String annotationsSha256,
                                           Set<String> modules) {
        return new ServletContainer("Tomcat " + version, version, api, List.of(
                new Artifact("org.apache.tomcat.embed", "tomcat-embed-core", version, coreSha256),
                new Artifact("org.apache.tomcat", "tomcat-annotations-api", version, annotationsSha256)), modules);
    }
}
