package dev.paas.warlauncher;

import java.io.File;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs in the guest, not in the image factory: starts an embedded Tomcat on {@code $PORT} that
 * serves the exploded web application in {@code args[0]} (the app dir, {@code /app}) at context
 * path {@code ""}, i.e. at {@code /}. Compiled against Tomcat 11's embed API at build time of the
 * image factory; the few calls it makes ({@code Tomcat}'s constructor, setBaseDir, setPort,
 * getConnector, addWebapp, start, stop) are the same in Tomcat 9, so one class serves javax and
 * jakarta wars. Tomcat's default web.xml names the JSP servlet, which is not in the image (no
 * Jasper): it is taken out before the app starts, so a war without JSPs starts without errors
 * and a {@code .jsp} is served as any other file is not (404 from the default servlet's rules).
 * SIGTERM (forwarded by the guest init) stops Tomcat cleanly through a shutdown hook.
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Launcher WEBAPP_DIR");
            System.exit(2);
        }
        String port = System.getenv().getOrDefault("PORT", "8080");
        File base = new File(System.getProperty("java.io.tmpdir"), "tomcat." + port);
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(Integer.parseInt(port));
        tomcat.getConnector();
        Context app = tomcat.addWebapp("", new File(args[0]).getAbsolutePath());
        // Runs after Tomcat's own defaults listener, which addWebapp registered first.
        app.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                Container jsp = app.findChild("jsp");
                if (jsp != null) {
                    app.removeChild(jsp);
                    app.removeServletMapping("*.jsp");
                    app.removeServletMapping("*.jspx");
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                System.err.println("tomcat stop failed: " + e);
            }
        }, "paas-tomcat-stop"));
        tomcat.start();
        tomcat.getServer().await();
    }
}
