package dev.paas.cli;

import dev.paas.cli.core.Table;
import dev.paas.cli.core.Text;
import dev.paas.cli.infra.ApiClient;
import dev.paas.model.CreateJoinTokenRequest;
import dev.paas.model.CreateNodePoolRequest;
import dev.paas.model.JoinTokenView;
import dev.paas.model.NodePoolView;
import dev.paas.model.NodeView;
import dev.paas.model.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Operators' commands (admin role): node pools, join tokens, nodes. */
final class AdminCommands {

    private AdminCommands() {
    }

    @Command(name = "pools", description = "List node pools (admin).", footer = {"", "Example:", "  paas pools"})
    static final class Pools extends BaseCommand {
        @Override
        protected void run() {
            Page<NodePoolView> page = api().all("/v1/node-pools", NodePoolView.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("name", "labels", "created");
            page.items().forEach(p -> t.row(p.name(), Text.pairs(p.labels()), Text.time(p.createdAt())));
            print(t.isEmpty() ? "no node pools; create one with 'paas create-pool NAME'\n" : t.render());
        }
    }

    @Command(name = "create-pool", description = "Create a node pool (admin): a group of hosts with labels.",
            footer = {"", "Example:", "  paas create-pool edge --label zone=eu-1 --label disk=ssd"})
    static final class CreatePool extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "Pool name: lowercase letters, digits and '-'.")
        String name;
        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label placement can match (repeatable).")
        List<String> labels = new ArrayList<>();

        @Override
        protected void run() {
            ApiClient.Response r = api().post("/v1/node-pools",
                    new CreateNodePoolRequest(name, Text.pairs("--label", labels)));
            if (json) {
                printJson(r.tree());
                return;
            }
            NodePoolView p = r.as(NodePoolView.class);
            println("created node pool " + p.name() + (p.labels() == null || p.labels().isEmpty() ? ""
                    : " (" + Text.pairs(p.labels()) + ")") + "; add hosts with 'paas join-token " + p.name() + "'");
        }
    }

    @Command(name = "join-token", description = "Create a token that lets node agents join a pool (admin). "
            + "The secret is shown once.",
            footer = {"", "Example:", "  paas join-token default --ttl-hours 2 --description 'rack 3'"})
    static final class JoinToken extends BaseCommand {
        @Parameters(paramLabel = "POOL", description = "The node pool.")
        String pool;
        @Option(names = "--ttl-hours", paramLabel = "N", description = "Hours until the token expires "
                + "(default: the control plane's).")
        Integer ttlHours;
        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Override
        protected void run() {
            ApiClient api = api();
            ApiClient.Response r = api.post("/v1/node-pools/" + ApiClient.seg(pool) + "/join-tokens",
                    new CreateJoinTokenRequest(description, ttlHours));
            if (json) {
                printJson(r.tree());
                return;
            }
            JoinTokenView t = r.as(JoinTokenView.class);
            println("join token " + t.id() + " for pool " + t.pool()
                    + (t.expiresAt() == null ? "" : ", valid until " + Text.time(t.expiresAt()))
                    + ". It is shown only now: keep it secret.");
            println("");
            println("  " + t.token());
            println("");
            println("On each host of the pool, start a node agent with it (HOST: the address where the control plane,");
            println("routers and users reach that host):");
            println("");
            println("  " + agentCommand(api.baseUrl(), t.token()));
        }

        static String agentCommand(String apiUrl, String token) {
            return "node-agent --control-plane " + apiUrl + " --join-token " + token + " --address HOST";
        }
    }

    @Command(name = "nodes", description = "List nodes (admin): state, accelerator, memory, instances, heartbeat.",
            footer = {"", "Example:", "  paas nodes"})
    static final class Nodes extends BaseCommand {
        @Override
        protected void run() {
            Page<NodeView> page = api().all("/v1/nodes", NodeView.class);
            if (json) {
                printJson(page);
                return;
            }
            Instant now = cli().clock().instant();
            Table t = Table.of("name", "pool", "state", "accel", "memory used", "vcpus", "instances", "address", "heartbeat");
            for (NodeView n : page.items()) {
                t.row(n.name(), n.pool(), Text.lower(n.state()), Text.lower(n.accelerator()),
                        n.allocatedMb() + "M of " + n.memoryMb() + "M", n.vcpus(), n.instances(), n.address(),
                        Text.ago(n.lastHeartbeatAt(), now));
            }
            print(t.isEmpty() ? "no nodes; start a node agent with a join token ('paas join-token POOL')\n" : t.render());
        }
    }

    /** cordon, uncordon, drain: one POST each, the same output. */
    abstract static class NodeAction extends BaseCommand {
        @Parameters(paramLabel = "NODE", description = "The node's name.")
        String node;

        abstract String action();

        abstract String meaning();

        @Override
        protected void run() {
            ApiClient.Response r = api().post("/v1/nodes/" + ApiClient.seg(node) + "/" + action(), null);
            if (json) {
                printJson(r.tree());
                return;
            }
            NodeView n = r.as(NodeView.class);
            println("node " + n.name() + " is " + Text.lower(n.state()) + ": " + meaning());
        }
    }

    @Command(name = "cordon", description = "Stop placing new instances on a node (admin); what runs there stays.",
            footer = {"", "Example:", "  paas cordon node-1"})
    static final class Cordon extends NodeAction {
        String action() {
            return "cordon";
        }

        String meaning() {
            return "it takes no new instances";
        }
    }

    @Command(name = "uncordon", description = "Let a cordoned or drained node take instances again (admin).",
            footer = {"", "Example:", "  paas uncordon node-1"})
    static final class Uncordon extends NodeAction {
        String action() {
            return "uncordon";
        }

        String meaning() {
            return "it takes new instances";
        }
    }

    @Command(name = "drain", description = "Move every instance off a node (admin), e.g. before maintenance.",
            footer = {"", "Example:", "  paas drain node-1 && paas nodes"})
    static final class Drain extends NodeAction {
        String action() {
            return "drain";
        }

        String meaning() {
            return "its instances move to other nodes";
        }
    }
}
