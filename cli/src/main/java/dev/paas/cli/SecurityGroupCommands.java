package dev.paas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Table;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.RulesFile;
import dev.paas.model.Page;
import dev.paas.model.SecurityGroupRule;
import dev.paas.model.SecurityGroupView;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Security groups, with Cloud Foundry's verbs: egress allow-lists bound platform-wide or to
 * spaces. Writes need the admin role; developers list the groups that apply to their spaces.
 */
final class SecurityGroupCommands {

    static final String GROUPS = "/v1/security-groups";
    static final String WHEN = "running instances follow within one desired-state watch of their node agents";

    private SecurityGroupCommands() {
    }

    static String groupPath(String name) {
        return GROUPS + "/" + ApiClient.seg(name);
    }

    static String bindings(SecurityGroupView g) {
        String spaces = g.spaces() == null || g.spaces().isEmpty() ? "" : "spaces " + String.join(", ", g.spaces());
        if (g.platform()) {
            return spaces.isEmpty() ? "platform-wide" : "platform-wide; " + spaces;
        }
        return spaces.isEmpty() ? "(not bound)" : spaces;
    }

    @Command(name = "security-groups", description = "List security groups (developers: those that apply to their spaces).",
            footer = {"", "Example:", "  paas security-groups"})
    static final class ListGroups extends BaseCommand {
        @Override
        protected void run() {
            Page<SecurityGroupView> page = api().all(GROUPS, SecurityGroupView.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("name", "rules", "bound to");
            page.items().forEach(g -> t.row(g.name(), g.rules().size(), bindings(g)));
            print(t.isEmpty() ? "no security groups: instances may start no connection of their own\n" : t.render());
        }
    }

    @Command(name = "security-group", description = "Show a security group: its rules and where it is bound.",
            footer = {"", "Example:", "  paas security-group public_networks"})
    static final class Show extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The security group.")
        String name;

        @Override
        protected void run() {
            ApiClient.Response r = api().get(groupPath(name));
            if (json) {
                printJson(r.tree());
                return;
            }
            SecurityGroupView g = r.as(SecurityGroupView.class);
            println("name:     " + g.name());
            println("bound to: " + bindings(g));
            println("");
            Table t = Table.of("protocol", "destination", "ports", "description");
            for (SecurityGroupRule rule : g.rules()) {
                t.row(rule.protocol(), rule.destination(), Objects.requireNonNullElse(rule.ports(), "-"),
                        Objects.requireNonNullElse(rule.description(), ""));
            }
            print(t.isEmpty() ? "no rules: this group allows nothing\n" : t.render());
        }
    }

    @Command(name = "create-security-group", description = "Create a security group from a JSON file of rules (admin). "
            + "It applies once bound (bind-security-group).",
            footer = {"", "RULES.json is Cloud Foundry's format, a JSON array of rules:",
                    "  [{\"protocol\": \"tcp\", \"destination\": \"10.0.0.0/24\", \"ports\": \"443\", \"description\": \"proxy\"},",
                    "   {\"protocol\": \"all\", \"destination\": \"10.1.0.1-10.1.0.9\"}]",
                    "protocol: tcp, udp, icmp or all; destination: an IPv4 address, CIDR or range; ports (tcp and udp only):",
                    "443, 8000-9000 or 80,443. Everything no bound group allows is denied.",
                    "", "Example:", "  paas create-security-group corporate-proxy proxy-rules.json"})
    static final class Create extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Name: lowercase letters, digits, '_', '.', '-'.")
        String name;
        @Parameters(index = "1", paramLabel = "RULES.json", description = "The rules file.")
        String file;

        @Override
        protected void run() {
            JsonNode rules = RulesFile.read(cli().workDir(), file);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("rules", rules);
            ApiClient.Response r = api().post(GROUPS, body);
            if (json) {
                printJson(r.tree());
                return;
            }
            SecurityGroupView g = r.as(SecurityGroupView.class);
            println("created security group " + g.name() + " with " + g.rules().size() + " rule" + (g.rules().size() == 1 ? "" : "s")
                    + "; bind it with 'paas bind-security-group " + g.name() + " [--space SPACE]'");
        }
    }

    @Command(name = "update-security-group", description = "Replace a security group's rules, or rename it (admin).",
            footer = {"", "Example:", "  paas update-security-group corporate-proxy proxy-rules.json",
                    "  paas update-security-group corporate-proxy --name proxy"})
    static final class Update extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The security group.")
        String name;
        @Parameters(index = "1", paramLabel = "RULES.json", arity = "0..1", description = "The new rules (they replace all the old ones).")
        String file;
        @Option(names = "--name", paramLabel = "NEW_NAME", description = "A new name for the group.")
        String newName;

        @Override
        protected void run() {
            if (file == null && newName == null) {
                throw new CliException("give RULES.json, --name NEW_NAME, or both (see 'paas update-security-group --help')",
                        CliException.USAGE);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (newName != null) {
                body.put("name", newName);
            }
            if (file != null) {
                body.put("rules", RulesFile.read(cli().workDir(), file));
            }
            ApiClient.Response r = api().patch(groupPath(name), body);
            if (json) {
                printJson(r.tree());
                return;
            }
            SecurityGroupView g = r.as(SecurityGroupView.class);
            println("updated security group " + g.name() + " (" + g.rules().size() + " rule" + (g.rules().size() == 1 ? "" : "s")
                    + ", bound to " + bindings(g) + "); " + WHEN);
        }
    }

    @Command(name = "delete-security-group", description = "Delete a security group and its bindings (admin).",
            footer = {"", "Example:", "  paas delete-security-group corporate-proxy -f"})
    static final class Delete extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The security group.")
        String name;
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        protected void run() {
            if (!force && !confirm("Really delete the security group " + name + " and its bindings?")) {
                throw new CliException("not deleted (answer y, or pass -f)");
            }
            api().delete(groupPath(name));
            if (json) {
                printJson(Map.of("deleted", name));
            } else {
                println("deleted security group " + name + "; " + WHEN);
            }
        }
    }

    /** bind and unbind: platform-wide without --space, else to that space. */
    abstract static class Binding extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "The security group.")
        String name;

        /** The space to (un)bind, null for platform-wide. */
        abstract String boundSpace();

        abstract boolean bind();

        @Override
        protected void run() {
            String s = boundSpace();
            String path = groupPath(name) + (s == null ? "/platform" : "/spaces/" + ApiClient.seg(s));
            ApiClient.Response r = bind() ? api().put(path, null) : api().delete(path);
            if (json) {
                printJson(r.tree());
                return;
            }
            String where = s == null ? "platform-wide (every space)" : "to space " + s;
            println((bind() ? "bound security group " + name + " " : "unbound security group " + name + " from ")
                    + (bind() ? where : s == null ? "the platform (it stays bound to the spaces it names)" : "space " + s)
                    + "; " + WHEN);
        }
    }

    abstract static class SpaceBinding extends Binding {
        @Option(names = "--space", paramLabel = "SPACE", description = "Only this space (else platform-wide).")
        String space;

        @Override
        String boundSpace() {
            return space;
        }
    }

    @Command(name = "bind-security-group", description = "Apply a security group platform-wide, or to one space with "
            + "--space (admin).",
            footer = {"", "Example:", "  paas bind-security-group corporate-proxy --space prod", "  paas bind-security-group dns"})
    static final class Bind extends SpaceBinding {
        @Override
        boolean bind() {
            return true;
        }
    }

    @Command(name = "unbind-security-group", description = "Stop applying a security group platform-wide, or to one space "
            + "with --space (admin).",
            footer = {"", "Example:", "  paas unbind-security-group corporate-proxy --space prod"})
    static final class Unbind extends SpaceBinding {
        @Override
        boolean bind() {
            return false;
        }
    }

    @Command(name = "bind-running-security-group", description = "Cloud Foundry v7's name for binding platform-wide (admin).",
            footer = {"", "Example:", "  paas bind-running-security-group dns"})
    static final class BindRunning extends Binding {
        @Override
        String boundSpace() {
            return null;
        }

        @Override
        boolean bind() {
            return true;
        }
    }

    @Command(name = "unbind-running-security-group", description = "Cloud Foundry v7's name for unbinding platform-wide (admin).",
            footer = {"", "Example:", "  paas unbind-running-security-group dns"})
    static final class UnbindRunning extends Binding {
        @Override
        String boundSpace() {
            return null;
        }

        @Override
        boolean bind() {
            return false;
        }
    }
}
