package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
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

const exportUsage = `Usage: branchbot export [-branch ID] [-o FILE] [-db FILE] [-admin HOST:PORT]

Writes all data (or one branch's) as JSON in the format of docs/export.md.
While a running branchbot holds the store, asks its admin address instead.
`

// parseExportArgs reads export's flags over the environment.
func parseExportArgs(args []string, getenv func(string) string, stderr io.Writer) (exportOptions, error) {
	fs := flag.NewFlagSet("branchbot export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage)
		fs.PrintDefaults()
	}
	or := func(env, def string) string {
		if v := getenv(env); v != "" {
			return v
		}
		return def
	}
	db := fs.String("db", or("BRANCHBOT_DB", "./branchbot.db"), "store file (BRANCHBOT_DB)")
	branch := fs.String("branch", "", "export only the branch with this id (default: every branch)")
	out := fs.String("o", "", "write to this file instead of standard output (created 0600)")
	admin := fs.String("admin-listen", or("BRANCHBOT_ADMIN_LISTEN", ""), "the running bot's admin address, asked when the store is in use (BRANCHBOT_ADMIN_LISTEN)")
	fs.StringVar(admin, "admin", *admin, "the same as -admin-listen")
	if err := fs.Parse(args); err != nil {
		return exportOptions{}, err
	}
	if fs.NArg() > 0 {
		return exportOptions{}, fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	o := exportOptions{DB: strings.TrimSpace(*db), Out: strings.TrimSpace(*out), Admin: strings.TrimSpace(*admin)}
	if o.DB == "" {
		return exportOptions{}, errors.New("export: -db is empty (want a file path such as ./branchbot.db)")
	}
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
			return fmt.Errorf("the store %s is in use by a running branchbot, and no admin address is set to ask it instead (BRANCHBOT_ADMIN_LISTEN or -admin); stop the bot or give its admin address", o.DB)
		}
		u, err := adminExportURL(o.Admin, o.Branch)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "branchbot export: the store %s is in use by a running branchbot; asking it at %s\n", o.DB, u)
		return fetchExport(ctx, client, u, w)
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

// adminExportURL is the admin address's export endpoint. A listen address
// without a host, or on every interface, is asked on the loopback.
func adminExportURL(addr string, branch uint64) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" || !validHost(host) {
		return "", fmt.Errorf("admin address %q is not host:port (BRANCHBOT_ADMIN_LISTEN, e.g. 127.0.0.1:9090)", addr)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return "", fmt.Errorf("admin address %q has no valid port (BRANCHBOT_ADMIN_LISTEN, e.g. 127.0.0.1:9090)", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	u := url.URL{Scheme: "http", Host: net.JoinHostPort(host, port), Path: "/export"}
	if branch != 0 {
		u.RawQuery = url.Values{"branch": {strconv.FormatUint(branch, 10)}}.Encode()
	}
	return u.String(), nil
}

// fetchExport copies the running bot's export into w.
func fetchExport(ctx context.Context, client *http.Client, u string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("ask the running bot: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("ask the running bot at %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("the running bot at %s answered %s: %s", u, resp.Status, strings.TrimSpace(string(msg)))
	}
	if _, err := io.Copy(w, resp.Body); err != nil {
		return fmt.Errorf("read the export from %s: %w", u, err)
	}
	return nil
}

// writeOutput runs write into standard output, or into a file that
// appears (mode 0600: it holds personal data) only once complete.
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // after a rename, nothing is left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("create %s: %w", path, err)
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// validHost accepts an empty host (every interface), an IP address or a
// host name of letters, digits, dots and hyphens.
func validHost(h string) bool {
	if h == "" || net.ParseIP(h) != nil {
		return true
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
