package dev.paas.cli;

import dev.paas.cli.core.InputException;
import dev.paas.cli.core.Table;
import dev.paas.cli.core.Text;
import dev.paas.cli.infra.ApiClient;
import dev.paas.model.CreateTaskRequest;
import dev.paas.model.Page;
import dev.paas.model.TaskView;
import dev.paas.pushrules.ByteSize;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One-off tasks, as Cloud Foundry's {@code run-task}, {@code tasks} and {@code terminate-task}. */
final class TaskCommands {

    private TaskCommands() {
    }

    static String tasksPath(String appPath) {
        return appPath + "/tasks";
    }

    @Command(name = "run-task", description = "Run a one-off command (a migration, a batch job) in a VM of its own, from "
            + "the app's current image with its env and services. It runs once and is never restarted; 'paas tasks' "
            + "shows how it ended and 'paas logs' its output (APP/TASK/<name>).",
            footer = {"", "Examples:", "  paas run-task hello --command 'bin/rake db:migrate' --name migrate",
                    "  paas run-task hello 'echo hi' -m 128M        # cf v7: the command as the second argument"})
    static final class RunTask extends BaseCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The app (staged at least once).")
        String name;
        @Parameters(index = "1", arity = "0..1", paramLabel = "COMMAND", description = "The command, as --command.")
        String positionalCommand;
        @Option(names = {"-c", "--command"}, paramLabel = "CMD", description = "The command to run.")
        String command;
        @Option(names = "--name", paramLabel = "NAME", description = "The task's name (default: 8 hex characters).")
        String taskName;
        @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory of its VM, e.g. 512M (default: the app's).")
        String memory;
        @Option(names = {"-k", "--disk"}, paramLabel = "SIZE", description = "Disk quota of its VM, e.g. 1G (default: the app's).")
        String disk;

        @Override
        protected void run() {
            List<String> problems = new ArrayList<>();
            if (command != null && positionalCommand != null) {
                problems.add("give the command once: as the second argument or with --command, not both");
            }
            String cmd = command != null ? command : positionalCommand;
            if (cmd == null || cmd.isBlank()) {
                problems.add("--command: the command to run is required, e.g. paas run-task " + name + " --command 'bin/migrate'");
            }
            if (memory != null) {
                ByteSize.Result r = ByteSize.memory(memory);
                if (r.size().isEmpty()) {
                    problems.add("-m: " + r.error());
                }
            }
            if (disk != null) {
                ByteSize.Result r = ByteSize.disk(disk);
                if (r.size().isEmpty()) {
                    problems.add("-k: " + r.error());
                }
            }
            if (!problems.isEmpty()) {
                throw new InputException(problems);
            }
            TaskView t = api().post(tasksPath(appPath(name)), new CreateTaskRequest(cmd, taskName, memory, disk)).as(TaskView.class);
            if (json) {
                printJson(t);
                return;
            }
            println("task " + t.id() + " (" + t.name() + ") of " + name + " submitted: " + t.memory() + " memory, " + t.disk() + " disk");
            println("'paas tasks " + name + "' shows its state, 'paas logs " + name + " --recent' its output");
        }
    }

    @Command(name = "tasks", description = "List an app's tasks, newest first: state, exit code and why one failed.",
            footer = {"", "Example:", "  paas tasks hello"})
    static final class Tasks extends BaseCommand {
        @Parameters(paramLabel = "APP", description = "The app.")
        String name;

        @Override
        protected void run() {
            Page<TaskView> page = api().all(tasksPath(appPath(name)), TaskView.class);
            if (json) {
                printJson(page);
                return;
            }
            Table t = Table.of("id", "name", "state", "start time", "node", "command", "result");
            page.items().forEach(task -> t.row(task.id(), task.name(), task.state(), Text.time(task.createdAt()), task.node(),
                    task.command(), result(task)));
            print(t.isEmpty() ? "no tasks for app " + name + "\n" : t.render());
        }

        private static String result(TaskView t) {
            return switch (t.state()) {
                case SUCCEEDED -> "exit 0";
                case FAILED -> t.failureReason() == null ? "exit " + t.exitCode() : t.failureReason();
                case PENDING -> t.failureReason() == null ? "" : t.failureReason();
                case RUNNING -> "";
            };
        }
    }

    @Command(name = "terminate-task", description = "Stop a running or pending task: its VM gets SIGTERM, then SIGKILL "
            + "after the grace period; the task ends FAILED (\"task was cancelled\").",
            footer = {"", "Example:", "  paas terminate-task hello 3"})
    static final class TerminateTask extends BaseCommand {
        @Parameters(index = "0", paramLabel = "APP", description = "The app.")
        String name;
        @Parameters(index = "1", paramLabel = "ID", description = "The task's id, as 'paas tasks APP' lists it.")
        String id;

        @Override
        protected void run() {
            if (!id.matches("[1-9][0-9]{0,9}")) {
                throw new InputException("ID: '" + id + "' is not a task id; 'paas tasks " + name + "' lists them (1, 2, ...)");
            }
            TaskView t = api().post(tasksPath(appPath(name)) + "/" + ApiClient.seg(id) + "/cancel", null).as(TaskView.class);
            if (json) {
                printJson(t);
                return;
            }
            println("terminated task " + t.id() + " (" + t.name() + ") of " + name + ": " + t.failureReason());
        }
    }
}
