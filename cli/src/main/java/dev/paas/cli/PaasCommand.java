package dev.paas.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** The root {@code paas} command: without a subcommand it prints the list of commands. */
@Command(name = "paas", mixinStandardHelpOptions = true, versionProvider = PaasCommand.Version.class,
        description = "The paas command line: push apps (Cloud Foundry manifests work unchanged), scale them, "
                + "read their logs, and operate node pools.",
        synopsisSubcommandLabel = "COMMAND",
        footer = {"", "Start with:", "  paas login -a http://localhost:8900 -u admin", "  paas push my-app -p ./app.jar",
                "", "Every command takes --json and --help ('paas help COMMAND').",
                "Exit codes: 0 success, 1 failure, 2 bad usage or input."},
        subcommands = {
                CommandLine.HelpCommand.class,
                AuthCommands.Login.class, AuthCommands.Logout.class, AuthCommands.Target.class,
                AuthCommands.Spaces.class, AuthCommands.CreateSpace.class, AuthCommands.CreateUser.class,
                PushCommand.class, AppCommands.Apps.class, AppCommands.Info.class, AppCommands.CreateApp.class,
                AppCommands.Scale.class, AppCommands.Start.class, AppCommands.Stop.class, AppCommands.Restart.class, AppCommands.Restage.class,
                AppCommands.Delete.class,
                EnvCommands.Env.class, EnvCommands.SetEnv.class, EnvCommands.UnsetEnv.class,
                RouteCommands.Routes.class, RouteCommands.MapRoute.class, RouteCommands.UnmapRoute.class,
                RouteCommands.DeleteRoute.class, RouteCommands.DeleteOrphanedRoutes.class,
                ReleaseCommands.Logs.class, ReleaseCommands.Events.class, ReleaseCommands.Revisions.class,
                ReleaseCommands.Rollback.class,
                AdminCommands.Pools.class, AdminCommands.CreatePool.class, AdminCommands.JoinToken.class,
                AdminCommands.Nodes.class, AdminCommands.Cordon.class, AdminCommands.Uncordon.class,
                AdminCommands.Drain.class,
                SecurityGroupCommands.ListGroups.class, SecurityGroupCommands.Show.class, SecurityGroupCommands.Create.class,
                SecurityGroupCommands.Update.class, SecurityGroupCommands.Delete.class, SecurityGroupCommands.Bind.class,
                SecurityGroupCommands.Unbind.class, SecurityGroupCommands.BindRunning.class,
                SecurityGroupCommands.UnbindRunning.class,
                ManagedServiceCommands.Create.class, BrokerCommands.Create.class, BrokerCommands.Update.class,
                BrokerCommands.Delete.class, BrokerCommands.ListBrokers.class, BrokerCommands.Marketplace.class,
                ServiceCommands.Create.class, ServiceCommands.Update.class, ServiceCommands.ListServices.class,
                ServiceCommands.Show.class, ServiceCommands.Bind.class, ServiceCommands.Unbind.class,
                ServiceCommands.Delete.class,
                TaskCommands.RunTask.class, TaskCommands.Tasks.class, TaskCommands.TerminateTask.class})
public final class PaasCommand implements Callable<Integer> {

    private final Cli cli;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public PaasCommand(Cli cli) {
        this.cli = cli;
    }

    public Cli cli() {
        return cli;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(cli.out());
        return 0;
    }

    /** The version from the jar's manifest (the Maven project version). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PaasCommand.class.getPackage().getImplementationVersion();
            return new String[] {"paas " + (v == null ? "(development build)" : v)};
        }
    }
}
