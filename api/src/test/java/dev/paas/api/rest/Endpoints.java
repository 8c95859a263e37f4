package dev.paas.api.rest;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code /v1} endpoints as the JAX-RS annotations of the api's classes declare them, so that
 * tables of endpoints can check that they leave none out. Annotations are compared by name: the
 * classes are loaded by whichever class loader runs the test.
 */
final class Endpoints {

    /** One resource method; {@code path} with its own parameter names, e.g. {@code /v1/spaces/{space}}. */
    record Endpoint(String method, String path, List<String> queryParams) {

        /** {@code GET /v1/spaces/{}}: the method and path with parameter names left out. */
        String key() {
            return Endpoints.key(method, path);
        }
    }

    private Endpoints() {
    }

    static String key(String method, String path) {
        return method + " " + path.replaceAll("\\{[^}]*}", "{}");
    }

    static List<Endpoint> v1() {
        List<Endpoint> out = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.paas.api")) {
            Class<?> type;
            try {
                type = Class.forName(c.getName(), false, Endpoints.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            Optional<String> base = path(type.getAnnotations());
            if (base.isEmpty() || !base.get().startsWith("/v1")) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                Optional<String> http = httpMethod(m);
                Optional<String> sub = path(m.getAnnotations());
                if (http.isEmpty() && sub.isPresent()) {
                    throw new IllegalStateException(type.getSimpleName() + "." + m.getName() + " is a sub-resource locator; list its endpoints here");
                }
                if (http.isPresent()) {
                    String path = join(base.get(), sub.orElse(""));
                    List<String> query = Arrays.stream(m.getParameters()).map(Endpoints::queryName).flatMap(Optional::stream).toList();
                    out.add(new Endpoint(http.get(), path, query));
                }
            }
        }
        out.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::method));
        return out;
    }

    private static Optional<String> httpMethod(Method m) {
        return Arrays.stream(m.getAnnotations()).map(Annotation::annotationType)
                .flatMap(t -> Arrays.stream(t.getAnnotations()).filter(a -> a.annotationType().getName().equals("jakarta.ws.rs.HttpMethod"))
                        .map(a -> value(a)))
                .findFirst();
    }

    private static Optional<String> path(Annotation[] annotations) {
        return Arrays.stream(annotations).filter(a -> a.annotationType().getName().equals("jakarta.ws.rs.Path")).map(Endpoints::value).findFirst();
    }

    /** The query parameter's name: the annotation's value, else (for {@code @RestQuery}) the Java parameter's. */
    private static Optional<String> queryName(Parameter p) {
        return Arrays.stream(p.getAnnotations())
                .filter(a -> a.annotationType().getName().equals("org.jboss.resteasy.reactive.RestQuery")
                        || a.annotationType().getName().equals("jakarta.ws.rs.QueryParam"))
                .map(a -> value(a).isEmpty() ? p.getName() : value(a)).findFirst();
    }

    private static String value(Annotation a) {
        try {
            return (String) a.annotationType().getMethod("value").invoke(a);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String join(String base, String sub) {
        String path = (base + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
