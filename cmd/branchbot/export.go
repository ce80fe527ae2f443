package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"branchbot/data"
)

// exportOptions are `branchbot export`'s settings.
type exportOptions struct {
	DB     string
	Branch uint64 // 0: every branch
	Out    string // "" or "-": standard output
	Admin  string // the running bot's admin address, host:port
}

// exportLockWait is how long export waits for the store before asking
// the running bot instead: a bot holds the file for as long as it runs.
const exportLockWait = 500 * time.Millisecond

const exportUsage = `Usage: branchbot export [-branch ID] [-o FILE] [-db FILE] [-admin-listen HOST:PORT]

Writes all data (or one branch's) as JSON in the format of docs/export.md.
While a running branchbot holds the store, asks its admin address instead.
`

// parseExportArgs reads export's flags over the environment, the store
// and admin address as the other maintenance commands do.
func parseExportArgs(args []string, getenv func(string) string, stderr io.Writer) (exportOptions, error) {
	var branch, out *string
	cfg, err := parseOps("branchbot export", []string{"db", "admin-listen"}, args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.Usage = func() {
			fmt.Fprint(stderr, exportUsage)
			fs.PrintDefaults()
		}
		branch = fs.String("branch", "", "export only the branch with this id (default: every branch)")
		out = fs.String("o", "", "write to this file instead of standard output (created 0600)")
		fs.Var(fs.Lookup("admin-listen").Value, "admin", "the same as -admin-listen")
	})
	if err != nil {
		return exportOptions{}, err
	}
	if len(cfg.Args) > 0 {
		return exportOptions{}, fmt.Errorf("export: unexpected argument %q", cfg.Args[0])
	}
	o := exportOptions{DB: cfg.DB, Out: strings.TrimSpace(*out), Admin: cfg.AdminListen}
	if b := strings.TrimSpace(*branch); b != "" {
		id, err := strconv.ParseUint(b, 10, 64)
		if err != nil || id == 0 {
			return exportOptions{}, fmt.Errorf("export: -branch %q is not a branch id (want a number such as 1)", b)
		}
		o.Branch = id
	}
	return o, nil
}

// runExport is `branchbot export`.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	o, err := parseExportArgs(args, getenv, stderr)
	if err != nil {
		return configFailure(stderr, err)
	}
	if err := exportTo(ctx, o, stdout, stderr, http.DefaultClient); err != nil {
		fmt.Fprintln(stderr, "branchbot export:", err)
		return exitFailed
	}
	return exitOK
}

// exportTo writes the export where o says, from the store or, when a
// running bot holds it, from the bot's admin address; stderr hears which.
func exportTo(ctx context.Context, o exportOptions, stdout, stderr io.Writer, client *http.Client) error {
	return writeOutput(o.Out, stdout, func(w io.Writer) error {
		err := exportFromStore(ctx, o, w)
		if err == nil {
			fmt.Fprintf(stderr, "branchbot export: read the store %s directly\n", o.DB)
			return nil
		}
		if !errors.Is(err, data.ErrLocked) {
			return err
		}
		if o.Admin == "" {
			return fmt.Errorf("the store %s is in use by a running branchbot, and no admin address is set to ask it instead (BRANCHBOT_ADMIN_LISTEN or -admin-listen); stop the bot or give its admin address", o.DB)
		}
		u, err := adminExportURL(o.Admin, o.Branch)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "branchbot export: the store %s is in use by a running branchbot; asking it at %s\n", o.DB, u)
		if err := fetch(ctx, client, u, w); err != nil {
			return fmt.Errorf("read the export: %w", err)
		}
		return nil
	})
}

// exportFromStore opens the store and exports it. A missing file is an
// error, not a new empty store.
func exportFromStore(ctx context.Context, o exportOptions, w io.Writer) error {
	if _, err := os.Stat(o.DB); err != nil {
		return fmt.Errorf("no store at %s: %w", o.DB, err)
	}
	store, err := data.Open(o.DB, data.Options{LockTimeout: exportLockWait})
	if err != nil {
		return explainExportStoreError(err)
	}
	defer store.Close()
	if err := store.ExportJSON(ctx, w, o.Branch); err != nil {
		return err
	}
	return store.RecordOperatorAudit(ctx, o.Branch, data.AuditExport, "branchbot export")
}

// explainExportStoreError keeps ErrLocked as it is (the caller turns to
// the admin address); other store errors get their usual advice.
func explainExportStoreError(err error) error {
	if errors.Is(err, data.ErrLocked) {
		return err
	}
	return explainStoreError(err)
}

// adminExportURL is the admin address's export endpoint, for one
// branch or (0) every branch.
func adminExportURL(addr string, branch uint64) (string, error) {
	var q url.Values
	if branch != 0 {
		q = url.Values{"branch": {strconv.FormatUint(branch, 10)}}
	}
	return adminURL(addr, "/export", q)
}

// writeOutput runs write into standard output, or into a file that
// appears (mode 0600: it holds personal data) only once complete.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := data.WriteBeside(path, write)
	if err != nil {
		return err
	}
	return data.CommitBeside(tmp, path)
}
