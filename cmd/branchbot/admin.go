package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"branchbot/data"
)

// The admin address serves the operator, never members: health for a
// supervisor or load balancer, metrics for Prometheus, and a hot backup of
// the store. It has no authentication; the store it hands out holds every
// member's name and chat id, so it belongs on 127.0.0.1 (or behind
// something that checks who asks).

// listenAdmin opens the admin address. A failure (the port is taken)
// names the setting, so the one line at start-up says what to change.
func listenAdmin(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Err != nil {
			err = op.Err // "address already in use", without the repeat of addr
		}
		return nil, bad("admin-listen", "cannot listen on %s: %v", addr, err)
	}
	return ln, nil
}

// loopbackOnly reports whether addr (host:port) is reachable from this
// machine alone.
func loopbackOnly(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newMetricsRegistry is the registry the admin address serves: the bot's
// own metrics register on it, beside the Go runtime's and the process's.
// Not the global default registry: what is served is what was wired.
func newMetricsRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

// admin is what the admin address needs from the running program.
type admin struct {
	store   *data.Store
	health  func(now time.Time) []string
	metrics prometheus.Gatherer
	now     func() time.Time
	log     *slog.Logger
}

// handler routes the admin address. Every route answers GET (and HEAD)
// only.
func (a *admin) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", a.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.metrics, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelError),
	}))
	mux.HandleFunc("GET /backup", a.backup)
	mux.HandleFunc("GET /export", a.export)
	return mux
}

// healthz answers 200 "ok" when all is well, otherwise 503 with one
// reason a line.
func (a *admin) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	reasons := a.health(a.now())
	if len(reasons) == 0 {
		io.WriteString(w, "ok\n")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, strings.Join(reasons, "\n")+"\n")
}

// backup streams a consistent copy of the store, or with ?part=keys the
// key file beside it (404 when there is none). The length is announced
// first, so a copy cut short shows as one.
func (a *admin) backup(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		return // a copy is taken only when asked for
	}
	readerTimeout(w)
	announce := func(name string) func(int64) {
		return func(size int64) {
			h := w.Header()
			h.Set("Content-Type", "application/octet-stream")
			h.Set("Content-Length", strconv.FormatInt(size, 10))
			h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
			h.Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
		}
	}
	var n int64
	var err error
	switch part := r.URL.Query().Get("part"); part {
	case "":
		n, err = a.store.WriteBackupSized(w, announce("branchbot.db"))
	case "keys":
		var ok bool
		n, ok, err = a.store.WriteKeysSized(w, announce("branchbot.db.keys"))
		if err == nil && !ok {
			http.Error(w, "no key file: no anonymous item was ever open", http.StatusNotFound)
			return
		}
	default:
		http.Error(w, fmt.Sprintf("unknown part %q (want none, or keys)", part), http.StatusBadRequest)
		return
	}
	if err != nil {
		// The status went out with the first byte: cutting the answer
		// short against its Content-Length is how the client learns.
		a.log.Error("backup over the admin address failed", "part", r.URL.Query().Get("part"), "bytes", n, "err", err)
		return
	}
	a.log.Info("backup taken over the admin address", "part", r.URL.Query().Get("part"), "bytes", n)
	if r.URL.Query().Get("part") == "" {
		a.audit(r.Context(), 0, data.AuditBackup, "admin address")
	}
}

// export streams the JSON export of ?branch=ID, or of every branch
// without it (the format of docs/export.md). An error before the first
// byte is a 500 with its text; after it, the answer is cut short, and the
// client's JSON does not parse.
func (a *admin) export(w http.ResponseWriter, r *http.Request) {
	var branch uint64
	if v := r.URL.Query().Get("branch"); v != "" {
		id, err := strconv.ParseUint(v, 10, 64)
		if err != nil || id == 0 {
			http.Error(w, fmt.Sprintf("branch %q is not a branch id", v), http.StatusBadRequest)
			return
		}
		branch = id
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if r.Method == http.MethodHead {
		return // nothing read, nothing taken
	}
	readerTimeout(w)
	ew := &firstWrite{w: w}
	if err := a.store.ExportJSON(r.Context(), ew, branch); err != nil {
		a.log.Error("export over the admin address failed", "branch", branch, "err", err)
		if !ew.started {
			http.Error(w, err.Error(), exportStatus(err))
			return
		}
		// Begun, the answer is chunked: ending it normally would look
		// complete. Abort the connection so the client sees it cut.
		panic(http.ErrAbortHandler)
	}
	a.log.Info("export taken over the admin address", "branch", branch)
	a.audit(r.Context(), branch, data.AuditExport, "admin address")
}

// copyTimeout bounds one backup or export answer: each holds a read
// transaction while it streams, and a reader that stops reading would
// keep it open (bbolt cannot then reuse the pages writers free, and a
// commit that must grow the file waits for it).
const copyTimeout = 15 * time.Minute

// readerTimeout sets the answer's write deadline to copyTimeout.
func readerTimeout(w http.ResponseWriter) {
	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(copyTimeout))
}

// exportStatus is the status of an export that failed before its first
// byte: an unknown branch is the asker's mistake.
func exportStatus(err error) int {
	if data.ErrorCode(err) == data.ENotFound {
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// audit records an operator's action in the audit log (every branch's
// when branch is 0). The data has left already: a failure is logged.
func (a *admin) audit(ctx context.Context, branch uint64, action data.AuditAction, detail string) {
	if err := a.store.RecordOperatorAudit(context.WithoutCancel(ctx), branch, action, detail); err != nil {
		a.log.Error("record the operator's action in the audit log", "action", action, "err", err)
	}
}

// firstWrite notes whether anything was written yet.
type firstWrite struct {
	w       io.Writer
	started bool
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.started = f.started || len(p) > 0
	return f.w.Write(p)
}

// adminServer serves the admin address until stopped.
type adminServer struct {
	srv  *http.Server
	done chan error
}

// serveAdmin starts serving ln with a's routes.
func serveAdmin(ln net.Listener, a *admin) *adminServer {
	s := &adminServer{
		srv: &http.Server{
			Handler:           a.handler(),
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
		},
		done: make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s
}

// stopTimeout bounds the wait for a backup in progress at shutdown.
const stopTimeout = 30 * time.Second

// stop lets requests in progress finish (up to stopTimeout) and closes
// the address. The store must stay open until it returns.
func (s *adminServer) stop() error {
	ctx, cancel := context.WithTimeout(context.Background(), stopTimeout)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.srv.Close()
	}
	if serr := <-s.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}
