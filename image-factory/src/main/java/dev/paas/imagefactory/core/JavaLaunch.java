package dev.paas.imagefactory.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Java buildpack's launch command and environment. The default command is
 * {@code java <heap flag> $JAVA_OPTS -jar /app/<jar>} (the init expands {@code $JAVA_OPTS} from
 * the app's env, empty when unset, so user options come after ours and win). A user command is
 * kept; when it starts with {@code java} the heap flag goes right after that word, unless it
 * already sizes the heap; other commands get the flag through {@code JDK_JAVA_OPTIONS}, which
 * every {@code java} launcher reads.
 */
public final class JavaLaunch {

    public static final String JRE_DIR = "/paas/jre";
    public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private JavaLaunch() {}

    /** What the launch spec gets. */
    public record Launch(String command, Map<String, String> env) {}

    /**
     * @param userCommand the app's own command
     * @param appDir      where the app is in the guest ({@code /app})
     * @param target      the jar, relative to the app dir; {@code ""} for an exploded jar
     * @param mainClass   the manifest's Main-Class (exploded jars)
     * @param heapFlag    {@link HeapSizing#flag}
     * @param userEnv     the app's env
     */
    public static Launch assemble(Optional<String> userCommand, String appDir, String target, String mainClass,
                                  String heapFlag, Map<String, String> userEnv) {
        String what = target.isEmpty() ? "-cp " + appDir + " " + mainClass : "-jar " + appDir + "/" + target;
        return assemble(userCommand, what, heapFlag, userEnv);
    }

    /**
     * @param what what {@code java} runs, after the heap flag and {@code $JAVA_OPTS}: {@code -jar X},
     *             {@code -cp CP MAIN ARGS}
     */
    public static Launch assemble(Optional<String> userCommand, String what, String heapFlag,
                                  Map<String, String> userEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        String userPath = userEnv.get("PATH");
        env.put("PATH", JRE_DIR + "/bin:" + (userPath != null ? userPath : DEFAULT_PATH));
        env.put("JAVA_HOME", JRE_DIR);
        userEnv.forEach((k, v) -> {
            if (!k.equals("PATH")) {
                env.put(k, v);
            }
        });
        if (userCommand.isEmpty()) {
            return new Launch("java " + heapFlag + " $JAVA_OPTS " + what, env);
        }
        String cmd = userCommand.get().strip();
        if (sizesHeap(cmd)) {
            return new Launch(cmd, env);
        }
        String first = cmd.split("\\s+", 2)[0];
        if (first.equals("java") || first.endsWith("/java")) {
            String rest = cmd.substring(first.length());
            return new Launch(first + " " + heapFlag + rest, env);
        }
        String existing = env.get("JDK_JAVA_OPTIONS");
        env.put("JDK_JAVA_OPTIONS", existing == null ? heapFlag : heapFlag + " " + existing);
        return new Launch(cmd, env);
    }

    private static boolean sizesHeap(String cmd) {
        return cmd.contains("-Xmx") || cmd.contains("MaxRAMPercentage") || cmd.contains("MaxRAM=")
                || cmd.contains("-XX:MaxHeapSize");
    }
}
