/*
 * paas guest init (PID 1). One app per VM: mount the basics, read the launch
 * spec and the instance's env, bring the network up, start the app as our only child with its
 * stdout/stderr on their own virtio-serial ports, say when it listens on its
 * port, forward a stop request as SIGTERM then SIGKILL after the grace period,
 * reap, print one exit record on the console, and reset the VM (QEMU runs with
 * -no-reboot, so it exits). Contracts: kernel/README.md.
 */
#include "paas_init.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CTL_RECHECK_MS 50
/* How often to look for the app's listening socket: often at first, so the host hears within
 * tens of ms that connections will reach the app; after a minute (the node agent's default
 * start-up timeout) rarely, so an app that never listens (a worker) costs the guest little. */
#define WATCH_FAST_MS 20
#define WATCH_SLOW_MS 500
#define WATCH_FAST_FOR_MS 60000

enum stop { STOP_NONE, STOP_TERM, STOP_KILL };
static const char *const stop_names[] = { "none", "term", "kill" };

static void power_off(void)
{
	sync();
	/* Give the host a moment to drain virtqueues it is notified of asynchronously (KVM ioeventfd). */
	usleep(20 * 1000);
	/* No ACPI in a microvm, so there is no power-off device: reset instead ("reboot=t" makes it
	 * a triple fault) and QEMU, started with -no-reboot, exits. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

/* The one machine-readable line: "paas-exit status=... [code=N|signal=N] stop=... uptime_ms=N [reason=... message="..."]". */
static void exit_record(const char *status, const char *num_key, int num, enum stop stop,
			const char *reason, const char *message)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "paas-exit status=%s %s=%d stop=%s uptime_ms=%ld",
			 status, num_key, num, stop_names[stop], uptime_ms());
	if (reason)
		n += snprintf(line + n, sizeof(line) - (size_t)n, " reason=%s", reason);
	if (message) {
		n += snprintf(line + n, sizeof(line) - (size_t)n, " message=\"");
		for (const char *m = message; *m && n < (int)sizeof(line) - 8; m++) {
			if (*m == '"' || *m == '\\')
				line[n++] = '\\', line[n++] = *m;
			else if ((unsigned char)*m < 0x20)
				line[n++] = ' ';
			else
				line[n++] = *m;
		}
		line[n++] = '"';
	}
	line[n++] = '\n';
	(void)!write(1, line, (size_t)n);
}

/* A poll timeout (-1: none) shortened so that poll returns by `at`. */
static int wake_by(int timeout, long at, long now)
{
	int t = at > now ? (int)(at - now) : 0;
	return timeout < 0 || t < timeout ? t : timeout;
}

/* The host restored this VM from a snapshot of another instance: become this instance, then say
 * again what the host's console reader needs (the clone's console starts empty). */
static void restored(const char *line, pid_t app, int port, int watching)
{
	struct restore r;
	char err[ERR_LEN];
	if (restore_parse(line, &r, err) < 0) {
		say("paas-init: %s", err);
		return;
	}
	restore_apply(&r);
	say("paas-init: restored from a snapshot index=%d uptime_ms=%ld", r.index, uptime_ms());
	say("paas-init: app pid=%d watch-port=%d uptime_ms=%ld", (int)app, port, uptime_ms());
	if (!watching)
		say("paas-init: app listening port=%d uptime_ms=%ld", port, uptime_ms());
}

static void fail(const char *reason, int code, const char *message)
{
	say("paas-init: %s", message);
	exit_record("failed", "code", code, STOP_NONE, reason, message);
	power_off();
}

int main(void)
{
	char err[ERR_LEN], msg[ERR_LEN + 256], prog[4096], portenv[16], homeenv[4200], userenv[80], lognameenv[80];
	struct spec spec;
	char **argv, *env[SPEC_MAX_ENV + 6];
	size_t len;
	int out_fd, err_fd, ctl_fd, n = 0;

	mount_basics();
	console_stdio();
	say("paas-init: start uptime_ms=%ld", uptime_ms());

	char *text = read_small_file(SPEC_PATH, &len);
	if (!text) {
		snprintf(msg, sizeof(msg), "cannot read %s: %s", SPEC_PATH, strerror(errno));
		fail("spec", 1, msg);
	}
	if (spec_parse(text, len, &spec, err) < 0)
		fail("spec", 1, err);
	/* The instance's env (the node agent appends it to the image's initramfs; an image booted
	 * without one has none). Its values may be secrets: nothing of it is printed, and the file
	 * goes once read, so only the app's environment holds them. */
	char *envtext = read_small_file(ENV_PATH, &len);
	if (envtext) {
		if (env_file_parse(envtext, len, &spec, err) < 0)
			fail("env", 1, err);
		unlink(ENV_PATH);
		if (spec.process_command)
			say("paas-init: command from the instance env (a process type other than web)");
	} else if (errno != ENOENT) {
		snprintf(msg, sizeof(msg), "cannot read %s: %s", ENV_PATH, strerror(errno));
		fail("env", 1, msg);
	}

	for (int i = 0; i < spec.nenv; i++)
		env[n++] = spec.env[i];
	env[n] = NULL;
	if (!env_get(env, "PATH", 4))
		env[n++] = "PATH=" DEFAULT_PATH;
	/* Who the app is, as login would say (unless the spec's env says otherwise). */
	const char *user_name = spec.user ? spec.user : "root", *home = spec.home ? spec.home : "/root";
	snprintf(homeenv, sizeof(homeenv), "HOME=%s", home);
	snprintf(userenv, sizeof(userenv), "USER=%s", user_name);
	snprintf(lognameenv, sizeof(lognameenv), "LOGNAME=%s", user_name);
	env[n] = NULL;
	if (!env_get(env, "HOME", 4))
		env[n++] = homeenv;
	env[n] = NULL;
	if (!env_get(env, "USER", 4))
		env[n++] = userenv;
	env[n] = NULL;
	if (!env_get(env, "LOGNAME", 7))
		env[n++] = lognameenv;
	snprintf(portenv, sizeof(portenv), "PORT=%d", spec.port);
	env[n++] = portenv;
	env[n] = NULL;

	if (spec.shell) {
		/* The command needs a shell (the image factory decided at staging): run it as Cloud
		 * Foundry does, "sh -c COMMAND"; the shell expands $PORT and the rest itself. */
		static char *shell_argv[4];
		shell_argv[0] = "sh";
		shell_argv[1] = "-c";
		shell_argv[2] = spec.command;
		shell_argv[3] = NULL;
		argv = shell_argv;
	} else if (split_command(spec.command, env, &argv, err) < 0) {
		fail("command", 1, err);
	}
	/* A large image's files are on a read-only root disk: the root becomes the overlay over it
	 * first (the initramfs holds only the init, the spec and the env, read above). */
	int on_root_disk = root_on_disk();
	if (on_root_disk && root_disk_up(err) < 0)
		fail("disk", 1, err);
	if (chdir(spec.dir) < 0) {
		snprintf(msg, sizeof(msg), "cannot enter dir %s: %s", spec.dir, strerror(errno));
		fail("dir", 1, msg);
	}
	if (prepare_user(&spec, err) < 0)
		fail("user", 1, err);
	/* After prepare_user, so the app's files are the user's in the lower layer (no copy-up);
	 * the working directory is entered again in the new root. */
	if (!on_root_disk && disk_up(err) < 0)
		fail("disk", 1, err);
	if (!on_root_disk && disk_present() && chdir(spec.dir) < 0) {
		snprintf(msg, sizeof(msg), "cannot enter dir %s on the disk: %s", spec.dir, strerror(errno));
		fail("dir", 1, msg);
	}
	if (spec.shell ? resolve(spec.shell, "", prog, sizeof(prog)) < 0
		       : resolve(argv[0], env_get(env, "PATH", 4), prog, sizeof(prog)) < 0) {
		int e = errno;
		snprintf(msg, sizeof(msg), "cannot run %s: %s%s%s", argv[0], strerror(e),
			 strchr(argv[0], '/') ? "" : " on PATH=", strchr(argv[0], '/') ? "" : env_get(env, "PATH", 4));
		fail("exec", e == ENOENT ? 127 : 126, msg);
	}

	/* What the app may read about itself (a snapshot clone gets it rewritten after its restore). */
	identity_from_env(env);
	network_up();
	open_ports(&out_fd, &err_fd, &ctl_fd);

	/* Every signal we care about arrives through a signalfd; nothing runs in a handler. */
	sigset_t mask, old;
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGPWR);
	sigprocmask(SIG_BLOCK, &mask, &old);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	int exec_pipe[2];
	if (pipe2(exec_pipe, O_CLOEXEC) < 0)
		fail("fork", 1, "pipe failed");

	/* The app may reopen its output (/dev/stdout is /proc/self/fd/1, which opens the device
	 * again): give the ports to its user. */
	if (out_fd >= 0) (void)!fchown(out_fd, spec.uid, spec.gid);
	if (err_fd >= 0) (void)!fchown(err_fd, spec.uid, spec.gid);

	pid_t app = fork();
	if (app < 0)
		fail("fork", 1, strerror(errno));
	if (app == 0) {
		int null = open("/dev/null", O_RDONLY);
		setsid();
		dup2(null >= 0 ? null : 0, 0);
		if (out_fd >= 0) dup2(out_fd, 1);
		if (err_fd >= 0) dup2(err_fd, 2);
		sigprocmask(SIG_SETMASK, &old, NULL);
		int e = 0;
		if (drop_privileges(&spec) < 0)
			e = -errno;  /* negative: the user, not the program */
		else
			execve(prog, argv, env);
		if (!e)
			e = errno;
		(void)!write(exec_pipe[1], &e, sizeof(e));
		_exit(127);
	}
	close(exec_pipe[1]);
	if (out_fd >= 0) close(out_fd);
	if (err_fd >= 0) close(err_fd);
	int exec_errno = 0;
	if (read(exec_pipe[0], &exec_errno, sizeof(exec_errno)) == sizeof(exec_errno)) {
		waitpid(app, NULL, 0);
		if (exec_errno < 0) {
			snprintf(msg, sizeof(msg), "cannot become user %s (uid %u gid %u): %s", spec.user ? spec.user : "root",
				 spec.uid, spec.gid, strerror(-exec_errno));
			fail("user", 1, msg);
		}
		/* ENOENT for a file that exists means its loader (ELF interpreter or #! line) is missing. */
		snprintf(msg, sizeof(msg), "cannot run %.300s: %s%s", prog, strerror(exec_errno),
			 exec_errno == ENOENT ? " (its ELF interpreter or #! interpreter is missing)" : "");
		fail("exec", exec_errno == ENOENT ? 127 : 126, msg);
	}
	close(exec_pipe[0]);
	/* "watch-port=" tells the host that an "app listening" line will follow: QEMU's port
	 * forward accepts on the host before anything in the guest listens, so the host cannot
	 * find out by connecting. */
	say("paas-init: app pid=%d watch-port=%d uptime_ms=%ld", (int)app, spec.port, uptime_ms());

	enum stop stop = STOP_NONE;
	static char ctl_buf[1024];
	size_t ctl_len = 0;
	long kill_at = 0, ctl_quiet_until = 0, watch_from = monotonic_ms(), watch_at = watch_from, disk_at = watch_from;
	int status = 0, watching = 1;
	for (;;) {
		/* While no host is connected to the control port, the port polls readable (and hung
		 * up) all the time, so look at it only every CTL_RECHECK_MS then. It stays open, so
		 * whatever a host writes meanwhile waits in the guest's buffer. */
		long now = monotonic_ms();
		int ctl_watch = ctl_fd >= 0 && now >= ctl_quiet_until;
		struct pollfd fds[2] = { { sfd, POLLIN, 0 }, { ctl_watch ? ctl_fd : -1, POLLIN, 0 } };
		int timeout = -1;
		if (stop == STOP_TERM)
			timeout = wake_by(timeout, kill_at, now);
		if (ctl_fd >= 0 && !ctl_watch)
			timeout = wake_by(timeout, ctl_quiet_until, now);
		if (watching)
			timeout = wake_by(timeout, watch_at, now);
		if (disk_present())
			timeout = wake_by(timeout, disk_at, now);
		poll(fds, 2, timeout);

		int stop_requested = 0;
		struct signalfd_siginfo si;
		while (read(sfd, &si, sizeof(si)) == sizeof(si))
			if (si.ssi_signo != SIGCHLD)
				stop_requested = 1;
		if (ctl_watch && fds[1].revents) {
			ssize_t r = read(ctl_fd, ctl_buf + ctl_len, sizeof(ctl_buf) - 1 - ctl_len);
			if (r > 0) {
				ctl_len += (size_t)r;
				ctl_buf[ctl_len] = '\0';
				char *nl;
				/* One command per line: "stop", or "restore ..." after a snapshot restore. */
				while ((nl = strchr(ctl_buf, '\n'))) {
					*nl = '\0';
					if (!strncmp(ctl_buf, "restore ", 8))
						restored(ctl_buf, app, spec.port, watching);
					else if (strstr(ctl_buf, "stop"))
						stop_requested = 1;
					ctl_len -= (size_t)(nl + 1 - ctl_buf);
					memmove(ctl_buf, nl + 1, ctl_len + 1);
				}
				if (ctl_len == sizeof(ctl_buf) - 1)
					ctl_len = 0;  /* a line longer than any command: dropped */
			} else if (r == 0 || errno != EAGAIN) {
				ctl_quiet_until = monotonic_ms() + CTL_RECHECK_MS;
			}
		}
		if (stop_requested && stop == STOP_NONE) {
			say("paas-init: stop requested, SIGTERM to the app's process group, SIGKILL in %d s", spec.grace);
			/* The app leads its own process group (setsid): a shell and what it started, or
			 * an app and its helpers, all hear the stop. */
			if (kill(-app, SIGTERM) < 0)
				kill(app, SIGTERM);
			stop = STOP_TERM;
			kill_at = monotonic_ms() + spec.grace * 1000L;
		}
		if (stop == STOP_TERM && monotonic_ms() >= kill_at) {
			say("paas-init: grace period over, SIGKILL");
			kill(-app, SIGKILL);
			kill(app, SIGKILL);
			stop = STOP_KILL;
		}

		now = monotonic_ms();
		if (disk_present() && now >= disk_at) {
			disk_watch();
			disk_at = now + DISK_WATCH_MS;
		}
		if (watching && now >= watch_at) {
			if (port_listening(spec.port)) {
				say("paas-init: app listening port=%d uptime_ms=%ld", spec.port, uptime_ms());
				watching = 0;
			} else {
				watch_at = now + (now - watch_from < WATCH_FAST_FOR_MS ? WATCH_FAST_MS : WATCH_SLOW_MS);
			}
		}

		pid_t pid;
		int st, done = 0;
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)  /* reap orphans too */
			if (pid == app)
				status = st, done = 1;
		if (done)
			break;
	}

	/* A stop: the app's leader (a shell, say) may end before what it started. They all heard the
	 * SIGTERM, so they get the rest of the grace period to finish (and say so) before SIGKILL. */
	if (stop == STOP_TERM) {
		while (monotonic_ms() < kill_at) {
			pid_t p = waitpid(-1, NULL, WNOHANG);
			if (p < 0)
				break;  /* none left */
			if (p == 0)
				usleep(10 * 1000);
		}
	}
	/* The app is gone: nothing else may outlive it. */
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	disk_watch();  /* an app that exits on ENOSPC: the line comes before the exit record */
	if (WIFEXITED(status))
		exit_record("exited", "code", WEXITSTATUS(status), stop, NULL, NULL);
	else
		exit_record("signaled", "signal", WTERMSIG(status), stop, NULL, NULL);
	power_off();
	return 0;
}
