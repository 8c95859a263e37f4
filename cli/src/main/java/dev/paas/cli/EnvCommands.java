package dev.paas.cli;

import dev.paas.pushrules.Names;
import dev.paas.cli.core.CliException;
import dev.paas.cli.infra.Json;
import dev.paas.model.AppEnvView;
import dev.paas.model.AppView;
import java.util.ArrayList;
import java.util.List;
import dev.paas.model.UpdateAppRequest;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** An app's environment variables. Changes apply when the app's instances next start. */
final class EnvCommands {

    private EnvCommands() {
    }

    @Command(name = "env", description = "Show the environment an app's instances run with: VCAP_SERVICES (credentials "
            + "included, as cf env shows them to space members), the app's variables, and any set since (a restart applies them).",
            footer = {"", "Example:", "  paas env hello"})
    static final class Env extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The app.")
        String name;

        @Override
        protected void run() {
            AppEnvView view = api().get(appPath(name) + "/env").as(AppEnvView.class);
            Map<String, String> set = new TreeMap<>(view.env() == null ? Map.of() : view.env());
            // Before the first staging nothing runs: what is set is what the first instances get.
            Map<String, String> running = view.revision() == null ? set
                    : new TreeMap<>(view.running() == null ? Map.of() : view.running());
            if (json) {
                printJson(running);
                return;
            }
            Map<String, String> system = view.system() == null ? Map.of() : new TreeMap<>(view.system());
            if (system.containsKey("VCAP_SERVICES")) {
                // As cf env: what the platform gives the app (the services' credentials included:
                // space members may read them), then the app's own variables.
                println("System-Provided:");
                println("VCAP_SERVICES: " + pretty(system.get("VCAP_SERVICES")));
                println("");
                println("User-Provided:");
            }
            if (running.isEmpty()) {
                println("no environment variables set for " + name);
            }
            running.forEach((k, v) -> println(k + "=" + v));
            List<String> pending = new ArrayList<>();
            set.forEach((k, v) -> {
                if (!running.containsKey(k)) {
                    pending.add(k + " (set)");
                } else if (!running.get(k).equals(v)) {
                    pending.add(k + " (changed)");
                }
            });
            running.keySet().stream().filter(k -> !set.containsKey(k)).forEach(k -> pending.add(k + " (unset)"));
            if (!pending.isEmpty()) {
                note("not applied yet (revision " + view.revision() + " runs; 'paas restart " + name + "' applies them): "
                        + String.join(", ", pending));
            }
        }
    }

    /** A JSON value indented as cf env shows it; text that is not JSON as it is. */
    static String pretty(String json) {
        if (json == null || json.isBlank()) {
            return "{}";
        }
        try {
            return Json.pretty(Json.tree(json));
        } catch (RuntimeException notJson) {
            return json;
        }
    }

    @Command(name = "set-env", description = "Set an environment variable of an app.",
            footer = {"", "Example:", "  paas set-env hello GREETING 'hello world' && paas restart hello"})
    static final class SetEnv extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
        String name;
        @Parameters(index = "1", paramLabel = "KEY", description = "Variable name (not PORT, PAAS_*, VCAP_*).")
        String key;
        @Parameters(index = "2", paramLabel = "VALUE", description = "Its value (quote it for spaces).")
        String value;

        @Override
        protected void run() {
            Names.envNameProblem(key).ifPresent(p -> {
                throw new CliException("KEY: " + p, CliException.USAGE);
            });
            AppView app = AppUpdates.update(api(), appPath(name), cur -> {
                Map<String, String> env = new TreeMap<>(cur.env() == null ? Map.of() : cur.env());
                env.put(key, value);
                return new UpdateAppRequest(null, null, null, null, env, null);
            });
            if (json) {
                printJson(app);
                return;
            }
            println("set " + key + " for " + name + "; it applies when the app restarts (paas restart " + name + ")");
        }
    }

    @Command(name = "unset-env", description = "Remove an environment variable from an app.",
            footer = {"", "Example:", "  paas unset-env hello GREETING"})
    static final class UnsetEnv extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The app.")
        String name;
        @Parameters(index = "1", paramLabel = "KEY", description = "Variable name.")
        String key;

        @Override
        protected void run() {
            AppView current = api().get(appPath(name)).as(AppView.class);
            if (current.env() == null || !current.env().containsKey(key)) {
                if (json) {
                    printJson(current);
                } else {
                    println(key + " was not set for " + name);
                }
                return;
            }
            AppView app = AppUpdates.update(api(), appPath(name), cur -> {
                Map<String, String> env = new TreeMap<>(cur.env() == null ? Map.of() : cur.env());
                env.remove(key);
                return new UpdateAppRequest(null, null, null, null, env, null);
            });
            if (json) {
                printJson(app);
                return;
            }
            println("removed " + key + " from " + name + "; it applies when the app restarts");
        }
    }
}
