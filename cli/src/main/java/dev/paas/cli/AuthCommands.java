package dev.paas.cli;

import dev.paas.cli.core.CliException;
import dev.paas.cli.core.Table;
import dev.paas.cli.core.Text;
import dev.paas.cli.infra.ApiClient;
import dev.paas.cli.infra.Config;
import dev.paas.model.CreateSpaceRequest;
import dev.paas.model.CreateUserRequest;
import dev.paas.model.LoginRequest;
import dev.paas.model.LoginResponse;
import dev.paas.model.MeView;
import dev.paas.model.Page;
import dev.paas.model.Role;
import dev.paas.model.SpaceView;
import dev.paas.model.UserView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Logging in, choosing a space, and the admin commands for spaces and users. */
final class AuthCommands {

    private AuthCommands() {
    }

    @Command(name = "login", description = "Log in to a control plane and remember the token (config.json, mode 0600).",
            footer = {"", "Example:", "  paas login -a http://localhost:8900 -u admin",
                    "  PAAS_PASSWORD=... paas login -u ci-bot      # no prompt"})
    static final class Login extends BaseCommand {
        @Option(names = {"-a", "--api"}, paramLabel = "URL", description = "Control plane URL (default: the last one, "
                + "else " + Config.DEFAULT_API + ").")
        String api;
        @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "Username (prompted when missing).")
        String username;
        @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password (else $PAAS_PASSWORD, "
                + "else prompted without echo). Visible to other users of this machine: prefer the prompt.")
        String password;
        @Option(names = {"-s", "--space"}, paramLabel = "SPACE", description = "Space to target after logging in.")
        String space;

        @Override
        protected void run() {
            String url = normalise(api != null ? api : config().apiOrDefault());
            String user = username;
            if (user == null || user.isBlank()) {
                user = cli().prompt("username: ");
            }
            if (user == null || user.isBlank()) {
                throw new CliException("a username is needed: paas login -u USER", CliException.USAGE);
            }
            String pass = password != null ? password : cli().env().get("PAAS_PASSWORD");
            if (pass == null) {
                pass = cli().promptSecret("password: ");
            }
            if (pass == null) {
                throw new CliException("a password is needed: -p, $PAAS_PASSWORD or the prompt", CliException.USAGE);
            }
            LoginResponse login = new ApiClient(cli().http(), url, null)
                    .post("/v1/auth/login", new LoginRequest(user.strip(), pass)).as(LoginResponse.class);
            ApiClient client = new ApiClient(cli().http(), url, login.token());
            MeView me = client.get("/v1/me").as(MeView.class);
            String target = chooseSpace(client, me);
            Config c = config().withLogin(url, login.token(), me.username()).withSpace(target);
            saveConfig(c);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("api", url);
                out.put("username", me.username());
                out.put("role", me.role());
                out.put("space", target);
                out.put("expiresAt", login.expiresAt());
                printJson(out);
                return;
            }
            println("logged in to " + url + " as " + me.username() + " (" + me.role().name().toLowerCase() + ")");
            println(target == null ? "no space targeted: an admin can create one (paas create-space NAME)"
                    : "targeting space " + target);
        }

        private String chooseSpace(ApiClient client, MeView me) {
            if (space != null) {
                client.get("/v1/spaces/" + ApiClient.seg(space));
                return space;
            }
            List<String> mine = me.spaces() == null ? List.of() : me.spaces();
            String current = config().space();
            if (current != null && (mine.contains(current) || me.role() == Role.ADMIN && mine.isEmpty())) {
                return current;
            }
            if (mine.contains("default")) {
                return "default";
            }
            return mine.isEmpty() ? null : mine.get(0);
        }

        static String normalise(String url) {
            String u = url.strip();
            if (!u.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
                u = "http://" + u;
            }
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }
    }

    @Command(name = "logout", description = "Revoke the token on the control plane and forget it here.",
            footer = {"", "Example:", "  paas logout"})
    static final class Logout extends BaseCommand {
        @Override
        protected void run() {
            Config c = config();
            if (c.token() != null) {
                try {
                    api().post("/v1/auth/logout", null);
                } catch (CliException e) {
                    note("warning: the token could not be revoked on the control plane (" + e.getMessage()
                            + "); it is forgotten here");
                }
            }
            saveConfig(c.loggedOut());
            if (json) {
                printJson(Map.of("loggedOut", true));
            } else {
                println("logged out");
            }
        }
    }

    @Command(name = "target", description = "Show or set the control plane, user and space commands work in.",
            footer = {"", "Example:", "  paas target              # show", "  paas target -s staging   # work in space staging"})
    static final class Target extends BaseCommand {
        @Option(names = {"-s", "--space"}, paramLabel = "SPACE", description = "Space to work in from now on.")
        String space;

        @Override
        protected void run() {
            if (space != null) {
                api().get("/v1/spaces/" + ApiClient.seg(space));
                saveConfig(config().withSpace(space));
            }
            Config c = config();
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("api", c.apiOrDefault());
                out.put("username", c.username());
                out.put("loggedIn", c.token() != null);
                out.put("space", c.space());
                printJson(out);
                return;
            }
            println("api:    " + c.apiOrDefault());
            println("user:   " + (c.token() == null ? "(not logged in)" : c.username()));
            println("space:  " + (c.space() == null ? "(none)" : c.space()));
        }
    }

    @Command(name = "spaces", description = "List the spaces you may work in (all of them for admins).",
            footer = {"", "Example:", "  paas spaces"})
    static final class Spaces extends BaseCommand {
        @Override
        protected void run() {
            Page<SpaceView> page = api().all("/v1/spaces", SpaceView.class);
            if (json) {
                printJson(page);
                return;
            }
            String current = config().space();
            Table t = Table.of("name", "apps", "members", "created");
            for (SpaceView s : page.items()) {
                t.row(s.name().equals(current) ? s.name() + " (targeted)" : s.name(), s.apps(), s.members(),
                        Text.time(s.createdAt()));
            }
            print(t.isEmpty() ? "no spaces\n" : t.render());
        }
    }

    @Command(name = "create-space", description = "Create a space (admin).",
            footer = {"", "Example:", "  paas create-space staging && paas target -s staging"})
    static final class CreateSpace extends BaseCommand {
        @Parameters(paramLabel = "NAME", description = "Space name: lowercase letters, digits and '-'.")
        String name;

        @Override
        protected void run() {
            ApiClient.Response r = api().post("/v1/spaces", new CreateSpaceRequest(name));
            if (json) {
                printJson(r.tree());
            } else {
                println("created space " + name);
            }
        }
    }

    @Command(name = "create-user", description = "Create a user (admin), optionally a member of some spaces.",
            footer = {"", "Example:", "  paas create-user alice --space default     # prompts for the password",
                    "  paas create-user ops --role admin -p '...'"})
    static final class CreateUser extends BaseCommand {
        @Parameters(paramLabel = "USERNAME", description = "2-64 of lowercase letters, digits, '_', '.', '-'.")
        String username;
        @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password (else $PAAS_NEW_PASSWORD, "
                + "else prompted without echo).")
        String password;
        @Option(names = "--role", paramLabel = "ROLE", defaultValue = "developer",
                description = "developer (default) or admin.")
        Role role;
        @Option(names = "--space", paramLabel = "SPACE", description = "Make the user a member of SPACE (repeatable).")
        List<String> spaces = new ArrayList<>();

        @Override
        protected void run() {
            String pass = password != null ? password : cli().env().get("PAAS_NEW_PASSWORD");
            if (pass == null) {
                pass = cli().promptSecret("password for " + username + ": ");
            }
            if (pass == null || pass.isEmpty()) {
                throw new CliException("a password is needed: -p, $PAAS_NEW_PASSWORD or the prompt", CliException.USAGE);
            }
            ApiClient client = api();
            UserView user = client.post("/v1/users", new CreateUserRequest(username, pass, role)).as(UserView.class);
            for (String s : spaces) {
                client.put("/v1/spaces/" + ApiClient.seg(s) + "/members/" + ApiClient.seg(username), null);
            }
            if (json) {
                printJson(user);
                return;
            }
            println("created user " + user.username() + " (" + user.role().name().toLowerCase() + ")"
                    + (spaces.isEmpty() ? "" : ", member of " + String.join(", ", spaces)));
        }
    }
}
