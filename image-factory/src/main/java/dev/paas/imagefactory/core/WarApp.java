package dev.paas.imagefactory.core;

import dev.paas.imagefactory.api.StagingException;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which servlet API a war is written against, hence which container serves it. The evidence, in
 * the order it is trusted: the app's own classes ({@code WEB-INF/classes}: what they refer to is
 * what will be loaded), the deployment descriptor's schema ({@code WEB-INF/web.xml}), then the
 * libraries ({@code WEB-INF/lib/*.jar}, e.g. Spring MVC 5 refers to javax.servlet, 6 to
 * jakarta.servlet). {@code PAAS_SERVLET_API=javax|jakarta} in the app's env overrides all of it.
 * A war with no evidence, or with both APIs at the level that decides, is refused: serving it on
 * the wrong container fails only at the first request.
 */
public final class WarApp {

    /** The app's env variable that names the API when the war cannot tell. */
    public static final String API_ENV = "PAAS_SERVLET_API";

    private static final Pattern WEB_APP_NS = Pattern.compile("<web-app\\b[^>]*?\\bxmlns\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final Pattern WEB_APP_DTD = Pattern.compile("<!DOCTYPE\\s+web-app\\b[^>]*DTD Web Application");

    private WarApp() {}

    /**
     * What infra read from the unpacked war.
     *
     * @param classes every class file under {@code WEB-INF/classes} that refers to a servlet API, by path
     * @param webXml  {@code WEB-INF/web.xml}, when present
     * @param libs    every jar of {@code WEB-INF/lib} whose classes refer to a servlet API, by name
     */
    public record Evidence(SortedMap<String, Set<ServletApi>> classes, Optional<String> webXml,
                           SortedMap<String, Set<ServletApi>> libs) {}

    /** The API, and why, for the staging log. */
    public record Decision(ServletApi api, String reason) {}

    /** The servlet APIs a class refers to, from its referenced classes in internal form. */
    public static Set<ServletApi> referred(Set<String> internalNames) {
        Set<ServletApi> apis = EnumSet.noneOf(ServletApi.class);
        for (String c : internalNames) {
            for (ServletApi api : ServletApi.values()) {
                if (c.startsWith(api.internalPrefix())) {
                    apis.add(api);
                }
            }
        }
        return apis;
    }

    /**
     * The API a deployment descriptor's schema belongs to: Jakarta EE's namespace is jakarta;
     * Java EE's ({@code xmlns.jcp.org}, {@code java.sun.com} javaee and j2ee) and the Servlet
     * 2.2/2.3 DTDs are javax. Empty for anything else.
     */
    public static Optional<ServletApi> webXmlApi(String webXml) {
        Matcher m = WEB_APP_NS.matcher(webXml);
        if (m.find()) {
            String ns = m.group(1).strip();
            if (ns.matches("https?://jakarta\\.ee/xml/ns/jakartaee/?")) {
                return Optional.of(ServletApi.JAKARTA);
            }
            if (ns.matches("https?://(xmlns\\.jcp\\.org/xml/ns/javaee|java\\.sun\\.com/xml/ns/(javaee|j2ee))/?")) {
                return Optional.of(ServletApi.JAVAX);
            }
            return Optional.empty();
        }
        return WEB_APP_DTD.matcher(webXml).find() ? Optional.of(ServletApi.JAVAX) : Optional.empty();
    }

    /**
     * @param env the app's env ({@link #API_ENV})
     * @throws StagingException INVALID_REQUEST for a bad {@link #API_ENV}; NO_BUILDPACK when the
     *                          war refers to neither API, or to both where it decides
     */
    public static Decision decide(Evidence evidence, Map<String, String> env) {
        String forced = env.get(API_ENV);
        if (forced != null) {
            for (ServletApi api : ServletApi.values()) {
                if (api.id().equals(forced.strip().toLowerCase(Locale.ROOT))) {
                    return new Decision(api, API_ENV + "=" + forced.strip());
                }
            }
            throw new StagingException(StagingException.Reason.INVALID_REQUEST,
                    API_ENV + " is '" + forced + "': set it to javax or jakarta");
        }
        Optional<Decision> d = byFiles(evidence.classes(), "WEB-INF/classes", "class files");
        if (d.isPresent()) {
            return d.get();
        }
        Optional<ServletApi> xml = evidence.webXml().flatMap(WarApp::webXmlApi);
        if (xml.isPresent()) {
            return new Decision(xml.get(), "WEB-INF/web.xml is a " + (xml.get() == ServletApi.JAKARTA
                    ? "Jakarta EE" : "Java EE") + " descriptor");
        }
        d = byFiles(evidence.libs(), "WEB-INF/lib", "jars");
        if (d.isPresent()) {
            return d.get();
        }
        throw new StagingException(StagingException.Reason.NO_BUILDPACK, "this war refers to neither"
                + " javax.servlet nor jakarta.servlet: no class in WEB-INF/classes or WEB-INF/lib uses a servlet API"
                + " and WEB-INF/web.xml " + (evidence.webXml().isPresent() ? "names neither Java EE's nor Jakarta EE's schema"
                : "is absent") + "; push a war built against one of them, or set " + API_ENV + "=javax or jakarta");
    }

    private static Optional<Decision> byFiles(SortedMap<String, Set<ServletApi>> files, String where, String plural) {
        Set<ServletApi> all = EnumSet.noneOf(ServletApi.class);
        files.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        if (all.size() > 1) {
            throw new StagingException(StagingException.Reason.NO_BUILDPACK, where + " refers to both javax.servlet ("
                    + examples(files, ServletApi.JAVAX) + ") and jakarta.servlet (" + examples(files, ServletApi.JAKARTA)
                    + "): a war runs on one servlet API; rebuild it against one (Jakarta EE 9 moved javax.servlet to"
                    + " jakarta.servlet), or set " + API_ENV + "=javax or jakarta");
        }
        ServletApi api = all.iterator().next();
        List<String> names = files.keySet().stream().toList();
        return Optional.of(new Decision(api, where + " refers to " + api.packageName() + " ("
                + examples(files, api) + (names.size() > 3 ? " and " + (names.size() - 3) + " more " + plural : "")
                + ")"));
    }

    private static String examples(SortedMap<String, Set<ServletApi>> files, ServletApi api) {
        return String.join(", ", files.entrySet().stream().filter(e -> e.getValue().contains(api))
                .map(Map.Entry::getKey).limit(3).toList());
    }
}
