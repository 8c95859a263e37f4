package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.ApiException;
import dev.paas.cli.infra.CredentialsArg;
import dev.paas.model.ErrorCode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Managed service instances (a broker's offering and plan), with cf v8's {@code create-service}
 * and its asynchronous answers: a 202 means the broker works on it; {@code --wait} follows the
 * instance's last operation until it succeeded or failed.
 */
final class ManagedServiceCommands {

    /** cf v8's words after a 202, with our command name. */
    static final String IN_PROGRESS = "%s in progress. Use 'paas services' or 'paas service %s' to check operation status.";

    private ManagedServiceCommands() {
    }

    /** {@code -c} of create-service and bind-service: a JSON object inline or in a file, never key names. */
    static Map<String, Object> parameters(Cli cli, String arg) {
        CredentialsArg.Parsed p = CredentialsArg.read(cli.workDir(), "-c", arg);
        if (p.credentials() == null) {
            throw new CliException("-c: give the parameters as a JSON object or a file holding one", CliException.USAGE);
        }
        return p.credentials();
    }

    @Command(name = "create-service", aliases = "cs", description = "Create a managed service instance from an offering "
            + "and plan of the marketplace; the broker provisions it.",
            footer = {"", "Examples:", "  paas create-service postgresql small my-db",
                    "  paas create-service postgresql small my-db -c '{\"extensions\": [\"pgcrypto\"]}' -t db --wait",
                    "  paas create-service postgresql small my-db -c params.json",
                    "'paas marketplace' lists the offerings and plans."})
    static final class Create extends BaseCommand {
        @Parameters(index = "0", paramLabel = "SERVICE_OFFERING", description = "The offering ('paas marketplace').")
        String offering;
        @Parameters(index = "1", paramLabel = "SERVICE_PLAN", description = "One of its plans ('paas marketplace -e OFFERING').")
        String plan;
        @Parameters(index = "2", paramLabel = "SERVICE_INSTANCE", description = "The new instance's name.")
        String name;
        @Option(names = "-c", paramLabel = "PARAMETERS", description = "Parameters for the broker: inline JSON or a file holding JSON.")
        String parameters;
        @Option(names = "-t", paramLabel = "TAGS", description = "Comma-separated tags, shown to the app in VCAP_SERVICES.")
        String tags;
        @Option(names = "--wait", description = "Wait until the broker has created it (or failed).")
        boolean await;

        @Override
        protected void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("offering", offering);
            body.put("plan", plan);
            if (parameters != null) {
                body.put("parameters", parameters(cli(), parameters));
            }
            if (tags != null) {
                body.put("tags", ServiceCommands.tags(tags));
            }
            ApiClient api = api();
            ApiClient.Response r = api.post(ServiceCommands.servicesPath(space()), body);
            JsonNode view = r.tree();
            if (r.status() == 202 && await) {
                view = Wait.until(this, api, name, "create").orElseThrow();
            }
            if (json) {
                printJson(view);
                return;
            }
            ManagedState s = ManagedState.of(view);
            if (s.inProgress() || r.status() == 202 && !await) {
                println(IN_PROGRESS.formatted("Create", name));
            } else {
                println("created service instance " + name + " (" + offering + ", plan " + plan + ") in space " + space()
                        + "; bind it with 'paas bind-service APP " + name + "'");
            }
        }
    }

    /**
     * Follows an instance's last operation: every poll interval a GET, progress on stderr, until
     * the operation is no longer in progress. A failed operation fails the command with the
     * broker's words; a deleted instance (404) ends a delete.
     */
    static final class Wait {

        private Wait() {
        }

        /** The instance once the operation ended; empty when a delete removed it. */
        static java.util.Optional<JsonNode> until(BaseCommand cmd, ApiClient api, String name, String operation) {
            Cli cli = cmd.cli();
            PrintWriter err = cli.err();
            Instant start = cli.clock().instant();
            String shown = null;
            while (true) {
                JsonNode view;
                try {
                    view = api.get(ServiceCommands.servicePath(cmd.space(), name)).tree();
                } catch (ApiException e) {
                    if (e.is(ErrorCode.NOT_FOUND) && "delete".equals(operation)) {
                        clear(cli);
                        return java.util.Optional.empty();
                    }
                    throw e;
                }
                ManagedState s = ManagedState.of(view);
                if (!s.inProgress()) {
                    clear(cli);
                    if (s.failed()) {
                        throw new CliException(s.lastOperation() + " for service instance " + name
                                + (s.description() == null ? "" : ": " + s.description()));
                    }
                    return java.util.Optional.of(view);
                }
                String line = "waiting for the broker: " + (s.lastOperation().isEmpty() ? operation + " in progress" : s.lastOperation())
                        + (s.description() == null ? "" : " (" + s.description() + ")");
                if (cli.interactive()) {
                    long secs = Duration.between(start, cli.clock().instant()).getSeconds();
                    err.print("\r" + line + " " + secs + "s\033[K");
                    err.flush();
                } else if (!line.equals(shown)) {
                    err.println(line);
                    err.flush();
                }
                shown = line;
                sleep(cli.pollInterval());
            }
        }

        private static void clear(Cli cli) {
            if (cli.interactive()) {
                cli.err().print("\r\033[K");
                cli.err().flush();
            }
        }

        private static void sleep(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted while waiting; the broker goes on ('paas service NAME' shows where it is)");
            }
        }
    }
}
