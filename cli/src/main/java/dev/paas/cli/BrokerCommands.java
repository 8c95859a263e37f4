package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Table;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.model.ErrorCode;
import dev.paas.model.MarketplaceView;
import dev.paas.model.Page;
import dev.paas.model.ServiceBrokerView;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Service brokers (admin) and the marketplace their catalogs make, with the cf CLI v8's verbs,
 * arguments and tables. A broker's password is never printed.
 */
final class BrokerCommands {

    static final String BROKERS = "/v1/service-brokers";
    static final String MARKETPLACE = "/v1/marketplace";
    /** Where the password comes from when PASSWORD is left out (as create-user's $PAAS_NEW_PASSWORD). */
    static final String PASSWORD_ENV = "PAAS_BROKER_PASSWORD";

    private BrokerCommands() {
    }

    /**
     * {@code NAME USERNAME [PASSWORD] URL}, as cf takes them: with three arguments the password is
     * {@code $PAAS_BROKER_PASSWORD}, else asked for without echo. The URL is checked before
     * anything is sent.
     */
    abstract static class BrokerArgs extends BaseCommand {
        @Parameters(arity = "3..4", paramLabel = "NAME USERNAME [PASSWORD] URL", description = "The broker's name, the "
                + "basic-auth user and password the control plane calls it with (left out: $" + PASSWORD_ENV
                + ", else asked for), and its base URL (http or https).")
        List<String> args;

        Map<String, Object> body() {
            String name = args.get(0);
            String user = args.get(1);
            String url = args.get(args.size() - 1);
            String password = args.size() == 4 ? args.get(2) : cli().env().get(PASSWORD_ENV);
            checkUrl(url);
            if (password == null) {
                password = cli().promptSecret("password for broker " + name + ": ");
            }
            if (password == null || password.isEmpty()) {
                throw new CliException("a password is needed: as the third argument, $" + PASSWORD_ENV + " or the prompt",
                        CliException.USAGE);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("url", url);
            body.put("username", user);
            body.put("password", password);
            return body;
        }

        String name() {
            return args.get(0);
        }

        private static void checkUrl(String url) {
            try {
                URI u = new URI(url);
                if (("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) && u.getHost() != null) {
                    return;
                }
            } catch (URISyntaxException e) {
                // said below
            }
            throw new CliException("URL: '" + url + "' is not an http:// or https:// URL with a host (e.g. "
                    + "http://broker.example:8080)", CliException.USAGE);
        }
    }

    @Command(name = "create-service-broker", aliases = "csb", description = "Register a service broker (admin): its catalog "
            + "is read at once and its offerings join the marketplace.",
            footer = {"", "Examples:", "  paas create-service-broker postgresql admin s3cret http://127.0.0.1:8930",
                    "  paas create-service-broker postgresql admin http://127.0.0.1:8930   (asks for the password)"})
    static final class Create extends BrokerArgs {
        @Override
        protected void run() {
            ApiClient.Response r = api().post(BROKERS, body());
            if (json) {
                printJson(r.tree());
                return;
            }
            ServiceBrokerView b = r.as(ServiceBrokerView.class);
            println("created service broker " + b.name() + " with offerings: " + offerings(b)
                    + "; 'paas marketplace' lists them");
        }
    }

    @Command(name = "update-service-broker", description = "Change a service broker's URL or credentials (admin); its "
            + "catalog is read again.",
            footer = {"", "Example:", "  paas update-service-broker postgresql admin n3w-s3cret http://127.0.0.1:8930"})
    static final class Update extends BrokerArgs {
        @Override
        protected void run() {
            Map<String, Object> body = body();
            body.remove("name");
            ApiClient.Response r = api().put(BROKERS + "/" + ApiClient.seg(name()), body);
            if (json) {
                printJson(r.tree());
                return;
            }
            ServiceBrokerView b = r.as(ServiceBrokerView.class);
            println("updated service broker " + b.name() + "; offerings now: " + offerings(b));
        }
    }

    @Command(name = "delete-service-broker", description = "Remove a service broker (admin); refused while instances of its "
            + "offerings exist.",
            footer = {"", "Example:", "  paas delete-service-broker postgresql -f"})
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "SERVICE_BROKER", description = "The broker.")
        String name;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        protected void run() {
            if (!force && !confirm("Really delete the service broker " + name + "?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            try {
                api().delete(BROKERS + "/" + ApiClient.seg(name));
            } catch (ApiException e) {
                if (e.is(ErrorCode.NOT_FOUND) && e.getMessage().contains("broker")) {
                    println("service broker " + name + " did not exist");
                    return;
                }
                throw e;
            }
            if (json) {
                printJson(Map.of("deleted", name));
                return;
            }
            println("deleted service broker " + name);
        }
    }

    @Command(name = "service-brokers", description = "List the service brokers (admin).",
            footer = {"", "Example:", "  paas service-brokers"})
    static final class ListBrokers extends BaseCommand {
        @Override
        protected void run() {
            Page<ServiceBrokerView> page = api().all(BROKERS, ServiceBrokerView.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("name", "url", "offerings");
            page.items().forEach(b -> t.row(b.name(), b.url(), offerings(b)));
            print(t.isEmpty() ? "no service brokers; register one with 'paas create-service-broker NAME USER PASS URL'\n" : t.render());
        }
    }

    @Command(name = "marketplace", aliases = "m", description = "List the service offerings and their plans; -e shows one "
            + "offering's plans with descriptions.",
            footer = {"", "Examples:", "  paas marketplace", "  paas marketplace -e postgresql"})
    static final class Marketplace extends BaseCommand {
        @Option(names = "-e", paramLabel = "SERVICE_OFFERING", description = "Show this offering's plans.")
        String offering;

        @Override
        protected void run() {
            String path = offering == null ? MARKETPLACE : MARKETPLACE + "?offering=" + ApiClient.seg(offering);
            ApiClient.Response r = api().get(path);
            if (json) {
                printJson(r.tree());
                return;
            }
            MarketplaceView view = r.as(MarketplaceView.class);
            List<MarketplaceView.Offering> items = view.items() == null ? List.of() : view.items();
            if (offering == null) {
                Table t = Table.of("offering", "plans", "description", "broker");
                items.forEach(o -> t.row(o.offering(), String.join(", ", plans(o).stream().map(MarketplaceView.Plan::name).toList()),
                        o.description(), o.broker()));
                print(t.isEmpty() ? "no service offerings in the marketplace (an admin registers brokers: "
                        + "'paas create-service-broker')\n" : t.render());
                return;
            }
            for (MarketplaceView.Offering o : items) {
                println("offering:    " + o.offering());
                println("description: " + (o.description() == null ? "" : o.description()));
                println("broker:      " + o.broker());
                println("tags:        " + String.join(", ", o.tags() == null ? List.of() : o.tags()));
                println("bindable:    " + (o.bindable() ? "yes" : "no"));
                println("");
                Table t = Table.of("plan", "description", "free or paid");
                plans(o).forEach(p -> t.row(p.name(), p.description(), p.free() ? "free" : "paid"));
                print(t.isEmpty() ? "no plans\n" : t.render());
            }
        }
    }

    private static List<MarketplaceView.Plan> plans(MarketplaceView.Offering o) {
        return o.plans() == null ? List.of() : o.plans();
    }

    private static String offerings(ServiceBrokerView b) {
        return b.offerings() == null || b.offerings().isEmpty() ? "none" : String.join(", ", b.offerings());
    }
}
