package dev.paas.imagefactory.core;

/** The two servlet APIs a war can be written against; each needs its own container. */
public enum ServletApi {
    /** Java EE (Servlet 4 and before): Tomcat 9. */
    JAVAX("javax.servlet"),
    /** Jakarta EE 9 and later (Servlet 5+): Tomcat 10.1 and 11. */
    JAKARTA("jakarta.servlet");

    private final String packageName;

    ServletApi(String packageName) {
        this.packageName = packageName;
    }

    /** {@code javax.servlet} or {@code jakarta.servlet}. */
    public String packageName() {
        return packageName;
    }

    /** The package prefix in a class file's internal form: {@code javax/servlet/}. */
    public String internalPrefix() {
        return packageName.replace('.', '/') + "/";
    }

    /** Lower-case name, as the staging log and {@code PAAS_SERVLET_API} spell it. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
