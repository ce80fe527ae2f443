// Command branchbot runs a branch's organising life in Telegram: meetings,
// reminders, attendance, notices and feedback.
//
//	branchbot [run] [flags]   run the bot (needs BRANCHBOT_TOKEN)
//	branchbot sandbox         try the real bot in this terminal, no token needed
//	branchbot backup FILE     copy the store (and its key file) to FILE
//	branchbot restore FILE    replace the store with the backup FILE
//	branchbot compact         rewrite the store without its free pages
//	branchbot version         print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"branchbot/bot"
	"branchbot/data"
	"branchbot/schedule"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK     = 0
	exitFailed = 1
	exitConfig = 2
	// exitDamaged: the store file is damaged; restarting will not help,
	// restoring a backup will. Distinct so a supervisor can stop retrying.
	exitDamaged = 3
)

// Main runs the subcommand in args and returns the exit status. Everything
// it touches comes in as an argument, so tests run the real program.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	sub := "run"
	if len(args) > 0 && subcommands[args[0]] {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "backup":
		return runBackup(ctx, args, stdout, stderr, getenv)
	case "restore":
		return runRestore(args, stdout, stderr, getenv)
	case "compact":
		return runCompact(args, stdout, stderr, getenv)
	case "version":
		fmt.Fprintln(stdout, "branchbot", version())
		return exitOK
	case "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "sandbox":
		return runSandbox(ctx, args, stdin, stdout, stderr, getenv)
	case "export":
		return runExport(ctx, args, stdout, stderr, getenv)
	}
	cfg, err := ParseConfig("branchbot run", args, getenv, stderr)
	if err != nil {
		return configFailure(stderr, err)
	}
	log := newFormattedLogger(stderr, cfg.LogLevel, cfg.LogFormat, cfg.Token)
	for _, w := range cfg.Warnings {
		log.Warn(w)
	}
	if err := runBot(ctx, cfg, log); err != nil {
		var setting *configError
		if errors.Is(err, bot.ErrListen) || errors.As(err, &setting) {
			// An address that cannot be served (the webhook's or the
			// admin's port is taken): one line naming the setting, like a
			// bad value; status 1: the address may come free.
			fmt.Fprintln(stderr, "branchbot:", err)
			return exitFailed
		}
		if errors.Is(err, data.ErrDamaged) {
			// One line, the cause and the way out; a log line above it, if
			// any, says which update met the damage.
			fmt.Fprintln(stderr, "branchbot:", err)
			return exitDamaged
		}
		log.Error("branchbot stopped", "err", err)
		fmt.Fprintln(stderr, "branchbot:", err)
		return exitFailed
	}
	return exitOK
}

const usage = `branchbot runs a branch's meetings, reminders, notices and feedback in Telegram.

Usage:
  branchbot [run] [flags]   run the bot; needs BRANCHBOT_TOKEN (see -h)
  branchbot sandbox         try the real bot in this terminal against a local Bot API
  branchbot backup FILE     copy the store and its key file to FILE and FILE.keys;
                            while a bot runs, through its BRANCHBOT_ADMIN_LISTEN
  branchbot restore FILE    replace the store (bot stopped) with the backup FILE;
                            the old store is kept as <db>.bak
  branchbot compact         rewrite the store (bot stopped) without its free pages
  branchbot export          write all data as JSON (-branch ID, -o FILE; docs/export.md)
  branchbot version         print the version

The maintenance commands read BRANCHBOT_DB (-db) like run does; backup and
export also BRANCHBOT_ADMIN_LISTEN (-admin-listen), to reach a running bot.
`

// subcommands are the words Main takes as a subcommand; anything else is
// run's flags.
var subcommands = map[string]bool{
	"run": true, "sandbox": true, "version": true, "help": true,
	"backup": true, "restore": true, "compact": true, "export": true,
}

func configFailure(stderr io.Writer, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintln(stderr, "branchbot:", err)
	return exitConfig
}

// runBot opens the store and runs the bot until ctx ends, with the admin
// address beside it if one is set.
func runBot(ctx context.Context, cfg Config, log *slog.Logger) error {
	var adminLn net.Listener
	if cfg.AdminListen != "" {
		// Taken before the store is opened: a port in use is a start-up
		// failure, with nothing begun.
		var err error
		if adminLn, err = listenAdmin(cfg.AdminListen); err != nil {
			return err
		}
		defer adminLn.Close()
		if !loopbackOnly(cfg.AdminListen) {
			log.Warn("the admin address is reachable from other machines, and /backup hands out the whole store without asking who: bind it to 127.0.0.1", "admin_listen", cfg.AdminListen)
		}
	}
	tightenStoreMode(cfg.DB, log)
	tightenStoreMode(data.KeysPath(cfg.DB), log)
	store, err := data.Open(cfg.DB, data.Options{})
	if err != nil {
		return explainStoreError(err)
	}
	defer store.Close()
	if why := store.CheckSkipped(); why != "" {
		log.Warn("store not checked page by page at start", "why", why)
	}
	var metrics *prometheus.Registry
	bcfg := bot.Config{
		Token:       cfg.Token,
		APIURL:      cfg.APIURL,
		Owners:      cfg.Owners,
		DefaultLang: cfg.Lang,
		Location:    cfg.Location,
		WebhookURL:  cfg.WebhookURL,
		Listen:      cfg.Listen,
	}
	if adminLn != nil {
		// Metrics cost something only when someone can read them.
		metrics = newMetricsRegistry()
		bcfg.Metrics = metrics
	}
	b, err := bot.New(bcfg, store, schedule.System{}, log.With("component", "bot"))
	if err != nil {
		return err
	}
	if adminLn != nil {
		// Stopped before the store closes (defers run in reverse): a
		// backup in progress finishes first.
		srv := serveAdmin(adminLn, &admin{store: store, health: b.Health, metrics: metrics, now: time.Now, log: log.With("component", "admin")})
		defer func() {
			if err := srv.stop(); err != nil {
				log.Warn("stop the admin address", "err", err)
			}
		}()
		log.Info("admin address listening", "admin_listen", adminLn.Addr().String())
	}
	log.Info("branchbot starting", "version", version(), "db", cfg.DB, "tz", cfg.Location.String(), "owners", len(cfg.Owners))
	if err := b.Run(ctx); err != nil {
		return explainStoreError(err)
	}
	return nil
}

// tightenStoreMode makes an existing store file (or its key file)
// readable by its owner only: it holds every member's name, chat id and
// attendance (the keys of anonymous authors' chats). A new file
// is created 0600 already; an old one may have been copied in with a
// looser mode. A failure is only warned about: the store still works.
func tightenStoreMode(path string, log *slog.Logger) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o077 == 0 {
		return
	}
	was := fi.Mode().Perm()
	if err := os.Chmod(path, 0o600); err != nil {
		log.Warn("store file is readable by others; could not tighten it to 0600", "db", path, "mode", fmt.Sprintf("%04o", was), "err", err)
		return
	}
	log.Warn("store file was readable by others: tightened to 0600", "db", path, "was", fmt.Sprintf("%04o", was))
}

// explainStoreError adds what to do about the store errors people meet.
func explainStoreError(err error) error {
	switch {
	case errors.Is(err, data.ErrLocked):
		return fmt.Errorf("%w: is another branchbot running with the same BRANCHBOT_DB?", err)
	case errors.Is(err, data.ErrNotAStore):
		return fmt.Errorf("%w: BRANCHBOT_DB must name a branchbot store or a new file; the file was left untouched", err)
	case errors.Is(err, data.ErrDamaged):
		return fmt.Errorf("%w; restore a backup of BRANCHBOT_DB (the file was left as it is)", err)
	case errors.Is(err, data.ErrSchemaNewer):
		return fmt.Errorf("%w: run a newer branchbot; the file was left untouched", err)
	}
	return err
}

// version reports the module version and VCS revision baked in by go build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	return versionOf(info)
}

// versionOf is the module version, then the first 12 digits of the
// commit built and "+dirty" when the tree had uncommitted changes: which
// code is running, exactly. A pseudo-version already names the commit
// (and go build marks it +dirty itself); the revision is added when the
// version does not show it, as for "(devel)".
func versionOf(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev string
	var dirty bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" || strings.Contains(v, rev) {
		return v
	}
	if dirty {
		rev += "+dirty"
	}
	return v + " (" + rev + ")"
}
