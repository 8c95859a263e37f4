package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Table;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.CredentialsArg;
import dev.paas.cli.infra.Json;
import dev.paas.model.ErrorCode;
import dev.paas.model.Page;
import dev.paas.model.ServiceBindingView;
import dev.paas.model.ServiceCredentialsView;
import dev.paas.model.ServiceInstanceView;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * User-provided service instances and bindings, with the cf CLI v7's verbs and flags. Binding
 * changes apply when the app's instances next start from a new revision ({@code paas restart}).
 */
final class ServiceCommands {

    /** What cf bind-service and unbind-service say after a change. */
    static final String TIP = "TIP: use 'paas restart %s' to ensure your env variable changes take effect";

    private ServiceCommands() {
    }

    static String servicesPath(String space) {
        return "/v1/spaces/" + ApiClient.seg(space) + "/service-instances";
    }

    static String servicePath(String space, String name) {
        return servicesPath(space) + "/" + ApiClient.seg(name);
    }

    static List<String> tags(String csv) {
        return csv == null ? null : Arrays.stream(csv.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /** Shared by cups and uups: -p, -l, -r, -t. */
    abstract static class UserProvided extends BaseCommand {
        @Parameters(paramLabel = "SERVICE_INSTANCE", description = "The service instance's name.")
        String name;
        @Option(names = "-p", paramLabel = "CREDENTIALS", description = "Credentials: inline JSON, a file holding JSON, "
                + "or comma-separated key names whose values are asked for (needs a terminal).")
        String credentials;
        @Option(names = "-l", paramLabel = "SYSLOG_DRAIN_URL", description = "A syslog drain URL (syslog://, syslog-tls:// "
                + "or https://); recorded and shown to the app as syslog_drain_url.")
        String syslog;
        @Option(names = "-r", paramLabel = "ROUTE_SERVICE_URL", description = "Not supported: paas has no route services.")
        String routeService;
        @Option(names = "-t", paramLabel = "TAGS", description = "Comma-separated tags, shown to the app in VCAP_SERVICES.")
        String tags;

        Map<String, Object> body() {
            if (routeService != null) {
                throw new CliException("-r: route services are not supported by paas; leave -r out (put a proxy app in "
                        + "front of the app instead)", CliException.USAGE);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (credentials != null) {
                body.put("credentials", credentials(credentials));
            }
            if (syslog != null) {
                body.put("syslogDrainUrl", syslog);
            }
            if (tags != null) {
                body.put("tags", tags(tags));
            }
            return body;
        }

        private Map<String, Object> credentials(String arg) {
            CredentialsArg.Parsed p = CredentialsArg.read(cli().workDir(), arg);
            if (p.credentials() != null) {
                return p.credentials();
            }
            if (!cli().interactive()) {
                throw new CliException("-p " + arg + ": key names are asked for on a terminal, and there is none; give "
                        + "the credentials as JSON instead: -p '{\"" + p.keys().get(0) + "\": \"...\"}' or -p FILE.json",
                        CliException.USAGE);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (String key : p.keys()) {
                String value = cli().promptSecret(key + "> ");
                if (value == null) {
                    throw new CliException("no value given for " + key + "; nothing was created", CliException.USAGE);
                }
                out.put(key, value);
            }
            return out;
        }
    }

    @Command(name = "create-user-provided-service", aliases = "cups", description = "Make a user-provided service instance "
            + "available to apps of the space: credentials, a syslog drain URL and tags, as cf's.",
            footer = {"", "Examples:", "  paas cups my-db -p '{\"uri\": \"postgres://u:p@db.example:5432/app\"}' -t postgres",
                    "  paas cups my-db -p credentials.json", "  paas cups my-db -p 'username, password'   (asks for each value)",
                    "  paas cups my-drain -l syslog-tls://logs.example:6514"})
    static final class Create extends UserProvided {
        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.putAll(body());
            body.putIfAbsent("credentials", Map.of());
            ApiClient.Response r = api().post(servicesPath(space()), body);
            if (json) {
                printJson(r.tree());
                return;
            }
            println("created user-provided service " + name + " in space " + space()
                    + "; bind it with 'paas bind-service APP " + name + "'");
        }
    }

    @Command(name = "update-user-provided-service", aliases = "uups", description = "Replace a user-provided service's "
            + "credentials, syslog drain URL or tags (each flag given replaces that whole value).",
            footer = {"", "Examples:", "  paas uups my-db -p '{\"uri\": \"postgres://u:new@db.example:5432/app\"}'",
                    "  paas uups my-drain -l ''   (removes the drain URL)",
                    "Bound apps see the change from their next restart (paas restart APP)."})
    static final class Update extends UserProvided {
        @Override
        protected void run() {
            Map<String, Object> body = body();
            if (body.isEmpty()) {
                // As cf: nothing to do is no failure.
                println("no flags specified; no changes were made");
                return;
            }
            ApiClient.Response r = api().patch(servicePath(space(), name), body);
            if (json) {
                printJson(r.tree());
                return;
            }
            ServiceInstanceView s = r.as(ServiceInstanceView.class);
            println("updated user-provided service " + name);
            if (!s.bindings().isEmpty()) {
                note("bound apps see the change from their next restart: "
                        + String.join(", ", s.bindings().stream().map(b -> "paas restart " + b.app()).toList()));
            }
        }
    }

    @Command(name = "services", description = "List the service instances of the targeted space: offering, plan, bound "
            + "apps and the last operation of managed ones.",
            footer = {"", "Example:", "  paas services"})
    static final class ListServices extends BaseCommand {
        @Override
        protected void run() {
            Page<JsonNode> page = api().all(servicesPath(space()), JsonNode.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("name", "offering", "plan", "bound apps", "last operation", "broker");
            for (JsonNode n : page.items()) {
                ServiceInstanceView s = Json.MAPPER.convertValue(n, ServiceInstanceView.class);
                ManagedState m = ManagedState.of(n);
                t.row(s.name(), m.offeringOrType(), m.plan(), String.join(", ", bindings(s).stream().map(ServiceBindingView::app).toList()),
                        m.lastOperation(), m.broker());
            }
            print(t.isEmpty() ? "no services in space " + space() + "\n" : t.render());
        }
    }

    static List<ServiceBindingView> bindings(ServiceInstanceView s) {
        return s.bindings() == null ? List.of() : s.bindings();
    }

    @Command(name = "service", description = "Show a service instance: its type, tags, syslog drain, credential keys and "
            + "bound apps. Values of credentials only with --params (space members may read them, as in cf).",
            footer = {"", "Examples:", "  paas service my-db", "  paas service my-db --params"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "SERVICE_INSTANCE", description = "The service instance.")
        String name;
        @Option(names = {"--params", "--show-credentials"}, description = "Also print the credentials' values.")
        boolean params;

        @Override
        protected void run() {
            ApiClient.Response r = api().get(servicePath(space(), name));
            // A managed instance has no credentials of its own: its broker makes them per binding.
            boolean managed = ManagedState.of(r.tree()).managed();
            ServiceCredentialsView creds = params && !managed
                    ? api().get(servicePath(space(), name) + "/credentials").as(ServiceCredentialsView.class) : null;
            if (params && managed) {
                note("a managed instance's credentials are made per binding by its broker: 'paas env APP' shows them in "
                        + "VCAP_SERVICES of each bound app");
            }
            if (json) {
                printJson(creds == null ? r.tree() : Map.of("service", r.tree(), "credentials", creds.credentials()));
                return;
            }
            ServiceInstanceView s = r.as(ServiceInstanceView.class);
            ManagedState m = ManagedState.of(r.tree());
            println("name:             " + s.name());
            println("guid:             " + s.guid());
            println("type:             " + m.type());
            if (m.managed()) {
                println("offering:         " + nz(m.offering()));
                println("plan:             " + nz(m.plan()));
                println("broker:           " + nz(m.broker()));
                println("last operation:   " + m.lastOperation() + (m.description() == null ? "" : " (" + m.description() + ")"));
            }
            println("tags:             " + String.join(", ", s.tags() == null ? List.of() : s.tags()));
            if (!m.managed()) {
                println("syslog drain url: " + nz(s.syslogDrainUrl()));
            }
            if (creds != null) {
                println("credentials:      " + Json.write(creds.credentials()));
            } else if (!m.managed()) {
                List<String> keys = s.credentialKeys() == null ? List.of() : s.credentialKeys();
                println("credential keys:  " + String.join(", ", keys) + (keys.isEmpty() ? "" : "   (--params shows values)"));
            }
            println("");
            Table t = Table.of("bound app", "binding name");
            bindings(s).forEach(b -> t.row(b.app(), b.bindingName() == null ? "" : b.bindingName()));
            print(t.isEmpty() ? "bound to no app\n" : t.render());
        }
    }

    @Command(name = "bind-service", description = "Bind a service instance to an app of the same space; the app sees it in "
            + "VCAP_SERVICES from its next restart.",
            footer = {"", "Example:", "  paas bind-service hello my-db --binding-name db && paas restart hello"})
    static final class Bind extends BaseCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The app.")
        String app;
        @Parameters(index = "1", paramLabel = "SERVICE_INSTANCE", description = "The service instance.")
        String service;
        @Option(names = "-c", paramLabel = "PARAMETERS", description = "Binding parameters for the broker: inline JSON or a file "
                + "holding JSON (refused for user-provided services, as in cf).")
        String parameters;
        @Option(names = "--binding-name", paramLabel = "NAME", description = "The name VCAP_SERVICES shows for this binding.")
        String bindingName;

        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serviceInstance", service);
            if (parameters != null) {
                body.put("parameters", ManagedServiceCommands.parameters(cli(), parameters));
            }
            if (bindingName != null) {
                body.put("bindingName", bindingName);
            }
            try {
                ApiClient.Response r = api().post(appPath(app) + "/service-bindings", body);
                if (json) {
                    printJson(r.tree());
                    return;
                }
                println("bound service " + service + " to app " + app);
            } catch (ApiException e) {
                if (!e.is(ErrorCode.ALREADY_EXISTS)) {
                    throw e;
                }
                println("app " + app + " is already bound to service instance " + service);
                return;
            }
            note(TIP.formatted(app));
        }
    }

    @Command(name = "unbind-service", description = "Unbind a service instance from an app; it leaves VCAP_SERVICES at the app's next restart.",
            footer = {"", "Example:", "  paas unbind-service hello my-db && paas restart hello"})
    static final class Unbind extends BaseCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The app.")
        String app;
        @Parameters(index = "1", paramLabel = "SERVICE_INSTANCE", description = "The service instance.")
        String service;

        @Override
        protected void run() {
            try {
                api().delete(appPath(app) + "/service-bindings/" + ApiClient.seg(service));
            } catch (ApiException e) {
                if (e.is(ErrorCode.NOT_FOUND) && e.getMessage().contains("binding between")) {
                    println("binding between " + service + " and app " + app + " did not exist");
                    return;
                }
                throw e;
            }
            if (json) {
                printJson(Map.of("unbound", service, "app", app));
                return;
            }
            println("unbound service " + service + " from app " + app);
            note(TIP.formatted(app));
        }
    }

    @Command(name = "delete-service", aliases = "ds", description = "Delete a service instance bound to no app (unbind it "
            + "first); a managed one is deprovisioned by its broker.",
            footer = {"", "Examples:", "  paas delete-service my-db -f", "  paas delete-service my-db -f --wait"})
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "SERVICE_INSTANCE", description = "The service instance.")
        String name;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;
        @Option(names = "--wait", description = "Wait until the broker has deleted it (or failed).")
        boolean await;

        @Override
        protected void run() {
            if (!force && !confirm("Really delete the service instance " + name + "?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            ApiClient api = api();
            ApiClient.Response r;
            try {
                r = api.delete(servicePath(space(), name));
            } catch (ApiException e) {
                if (e.is(ErrorCode.NOT_FOUND) && e.getMessage().contains("service instance")) {
                    println("service instance " + name + " did not exist");
                    return;
                }
                throw e;
            }
            if (r.status() == 202 && !await) {
                if (json) {
                    printJson(Map.of("deleting", name, "lastOperation", r.tree() == null || r.tree().isNull() ? Map.of()
                            : r.tree().path("lastOperation")));
                    return;
                }
                println(ManagedServiceCommands.IN_PROGRESS.formatted("Delete", name));
                return;
            }
            if (r.status() == 202) {
                ManagedServiceCommands.Wait.until(this, api, name, "delete").ifPresent(still -> {
                    throw new CliException("service instance " + name + " is still there: " + ManagedState.of(still).lastOperation());
                });
            }
            if (json) {
                printJson(Map.of("deleted", name));
                return;
            }
            println("deleted service instance " + name);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
