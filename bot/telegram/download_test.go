package telegram

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"branchbot/bot/tgtest"
	"branchbot/schedule"
)

const downloadToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

// fileHook stands between the transport and tgtest: it passes Bot API
// calls through and lets a test decide what a download (/file/...) meets.
type fileHook struct {
	base http.RoundTripper
	file func(req *http.Request) (*http.Response, error) // nil: pass through
}

func (h *fileHook) RoundTrip(req *http.Request) (*http.Response, error) {
	if h.file != nil && strings.HasPrefix(req.URL.Path, "/file/") {
		return h.file(req)
	}
	return h.base.RoundTrip(req)
}

type downloadEnv struct {
	srv   *tgtest.Server
	tr    *Transport
	hook  *fileHook
	alice *tgtest.User
}

// newDownloadEnv starts tgtest (checking the token) and a transport on
// clock (nil: the system clock) that is never Run: DownloadFile needs no
// polling.
func newDownloadEnv(t *testing.T, clock schedule.Clock, opts ...tgtest.Option) *downloadEnv {
	t.Helper()
	srv := tgtest.NewServer(append([]tgtest.Option{tgtest.WithToken(downloadToken)}, opts...)...)
	t.Cleanup(srv.Close)
	hook := &fileHook{base: http.DefaultTransport}
	tr, err := New(Config{
		Token: downloadToken, APIURL: srv.URL,
		HTTPClient: &http.Client{Transport: hook, Timeout: 30 * time.Second},
		Sender:     SenderConfig{Global: rate.Inf},
	}, nil, clock, slog.New(slog.DiscardHandler), Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v := srv.SpecViolations(); len(v) > 0 {
			t.Errorf("requests the real Bot API would reject:\n%s", strings.Join(v, "\n"))
		}
	})
	return &downloadEnv{srv: srv, tr: tr, hook: hook, alice: srv.NewUser("小李", "zh-hans")}
}

// sent returns the file_id of the photo or document in each update the
// bot has not read yet, read as the router reads a member's attachment.
func (e *downloadEnv) sent(t *testing.T) []string {
	t.Helper()
	batch, err := e.tr.getUpdates(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range batch.updates {
		a := e.tr.router.attachment(u.Message)
		if a == nil {
			t.Fatalf("update %d carries no attachment", u.ID)
		}
		ids = append(ids, a.FileID)
	}
	return ids
}

// noToken fails the test if err's text holds the bot token's secret, in
// any of the ways a URL may carry it.
func noToken(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	secret := downloadToken[strings.Index(downloadToken, ":")+1:]
	msg := strings.ToLower(err.Error())
	for _, s := range []string{secret, url.PathEscape(secret), url.QueryEscape(downloadToken)} {
		if strings.Contains(msg, strings.ToLower(s)) {
			t.Errorf("the error shows the token: %q", err)
		}
	}
}

func downloadCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestDownloadFileWhatAMemberSent(t *testing.T) {
	e := newDownloadEnv(t, nil)
	ctx := downloadCtx(t)
	photo := []byte("\xff\xd8\xff\xe0 sign-in sheet")
	doc := make([]byte, 3<<20)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(doc)
	e.srv.SendPhoto(e.alice, e.alice.PrivateChat(), photo, "签到表")
	e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "会议纪要.pdf", doc, "")
	e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "empty.txt", nil, "")
	ids := e.sent(t)
	for i, want := range [][]byte{photo, doc, nil} {
		got, err := e.tr.DownloadFile(ctx, ids[i])
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("file %d: got %d bytes, want %d", i, len(got), len(want))
		}
	}
}

func TestDownloadFileGone(t *testing.T) {
	e := newDownloadEnv(t, nil)
	ctx := downloadCtx(t)
	for range 2 {
		e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "minutes.docx", []byte("PK\x03\x04 minutes"), "")
	}
	ids := e.sent(t)

	// Forgotten before the bot asked: getFile refuses the id.
	e.srv.ForgetFile(ids[0])
	_, err := e.tr.DownloadFile(ctx, ids[0])
	if !errors.Is(err, ErrFileGone) || errors.Is(err, ErrFileTooBig) {
		t.Errorf("a forgotten file: %v", err)
	}
	noToken(t, err)

	// Forgotten between getFile and the download: the link answers 404.
	e.hook.file = func(req *http.Request) (*http.Response, error) {
		e.srv.ForgetFile(ids[1])
		return e.hook.base.RoundTrip(req)
	}
	_, err = e.tr.DownloadFile(ctx, ids[1])
	if !errors.Is(err, ErrFileGone) || !strings.Contains(err.Error(), "404") {
		t.Errorf("a file forgotten before its download: %v", err)
	}
	noToken(t, err)

	// An id Telegram cannot read ("invalid file_id") gives no file either.
	_, err = e.tr.DownloadFile(ctx, "AgADnot-an-id")
	if !errors.Is(err, ErrFileGone) {
		t.Errorf("an unknown id: %v", err)
	}
	noToken(t, err)
}

func TestDownloadFileTooBig(t *testing.T) {
	ctx := downloadCtx(t)
	over := make([]byte, MaxDownload+1)

	t.Run("Telegram refuses it", func(t *testing.T) {
		e := newDownloadEnv(t, nil)
		e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "video.mp4", over, "")
		_, err := e.tr.DownloadFile(ctx, e.sent(t)[0])
		if !errors.Is(err, ErrFileTooBig) || errors.Is(err, ErrFileGone) {
			t.Errorf("a file over 20 MB: %v", err)
		}
		noToken(t, err)
	})

	t.Run("getFile reports a size over the limit", func(t *testing.T) {
		e := newDownloadEnv(t, nil, tgtest.WithDownloadLimit(64<<20)) // a server without the limit
		fetched := 0
		e.hook.file = func(req *http.Request) (*http.Response, error) {
			fetched++
			return e.hook.base.RoundTrip(req)
		}
		e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "video.mp4", over, "")
		_, err := e.tr.DownloadFile(ctx, e.sent(t)[0])
		if !errors.Is(err, ErrFileTooBig) || fetched != 0 {
			t.Errorf("a file reported over 20 MB: %v, %d downloads started", err, fetched)
		}
		noToken(t, err)
	})

	for _, announced := range []bool{true, false} {
		name := "the body is longer than getFile said"
		if announced {
			name += ", Content-Length says so"
		}
		t.Run(name, func(t *testing.T) {
			e := newDownloadEnv(t, nil)
			e.hook.file = func(req *http.Request) (*http.Response, error) {
				n := int64(-1)
				if announced {
					n = int64(len(over) + 1)
				}
				return &http.Response{StatusCode: http.StatusOK, ContentLength: n, Request: req,
					Body: io.NopCloser(io.MultiReader(bytes.NewReader(over), strings.NewReader("x")))}, nil
			}
			e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "small.txt", []byte("small"), "")
			got, err := e.tr.DownloadFile(ctx, e.sent(t)[0])
			if !errors.Is(err, ErrFileTooBig) || got != nil {
				t.Errorf("a body over 20 MB: %d bytes, %v", len(got), err)
			}
		})
	}
}

// TestDownloadFileErrorsHideTheToken: the download link holds the token,
// and Go's HTTP errors quote the URL they failed on.
func TestDownloadFileErrorsHideTheToken(t *testing.T) {
	ctx := downloadCtx(t)
	for _, tc := range []struct {
		name string
		file func(req *http.Request) (*http.Response, error)
	}{
		{"connection reset", func(req *http.Request) (*http.Response, error) {
			return nil, errors.New("read tcp: connection reset by peer")
		}},
		{"a proxy's error page quoting the link", func(req *http.Request) (*http.Response, error) {
			page := "<html>502 upstream failed for " + req.URL.String() + "</html>"
			return &http.Response{StatusCode: http.StatusBadGateway, Request: req, Body: io.NopCloser(strings.NewReader(page))}, nil
		}},
		{"a redirect to a bad address", func(req *http.Request) (*http.Response, error) {
			h := http.Header{"Location": {"http://[::1" + req.URL.Path}}
			return &http.Response{StatusCode: http.StatusFound, Header: h, Request: req, Body: http.NoBody}, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newDownloadEnv(t, nil)
			e.hook.file = tc.file
			e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "a.txt", []byte("a"), "")
			_, err := e.tr.DownloadFile(ctx, e.sent(t)[0])
			if err == nil || errors.Is(err, ErrFileGone) || errors.Is(err, ErrFileTooBig) {
				t.Fatalf("err = %v; want a plain failure", err)
			}
			noToken(t, err)
			if strings.Contains(err.Error(), "upstream failed") {
				t.Errorf("an error page's body went into the error: %q", err)
			}
		})
	}
	t.Run("getFile fails", func(t *testing.T) {
		e := newDownloadEnv(t, nil)
		e.srv.FailNext("getFile", http.StatusInternalServerError, "", 0)
		_, err := e.tr.DownloadFile(ctx, "AgADany")
		if err == nil || errors.Is(err, ErrFileGone) {
			t.Errorf("a 500 from getFile: %v", err)
		}
		noToken(t, err)
	})
}

// TestDownloadFileHonoursFloodWait: a 429 pauses the bot's sending for
// retry_after, on the bot's clock, and getFile is asked again after it.
func TestDownloadFileHonoursFloodWait(t *testing.T) {
	clock := schedule.NewFake(time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC))
	e := newDownloadEnv(t, clock)
	ctx := downloadCtx(t)
	e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "a.txt", []byte("after the wait"), "")
	id := e.sent(t)[0]
	e.srv.FailNext("getFile", http.StatusTooManyRequests, "", 7)

	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := e.tr.DownloadFile(ctx, id)
		done <- result{data, err}
	}()
	if err := clock.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Calls("getFile"); n != 1 {
		t.Fatalf("%d getFile calls inside the flood wait", n)
	}
	clock.Advance(7 * time.Second)
	select {
	case r := <-done:
		if r.err != nil || string(r.data) != "after the wait" {
			t.Errorf("after the wait: %q, %v", r.data, r.err)
		}
	case <-ctx.Done():
		t.Fatal("no answer after the wait")
	}
	if n := e.srv.Calls("getFile"); n != 2 {
		t.Errorf("%d getFile calls, want 2", n)
	}
}

func TestDownloadFileCancelled(t *testing.T) {
	ctx := downloadCtx(t)
	// prompt fails the test unless download returns within a second of
	// cancel with an error that says so.
	prompt := func(t *testing.T, cancel context.CancelFunc, started <-chan struct{}, download func() error) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- download() }()
		select {
		case <-started:
		case <-ctx.Done():
			t.Fatal("the download never got going")
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v; want context.Canceled", err)
			}
			noToken(t, err)
		case <-time.After(time.Second):
			t.Fatal("DownloadFile did not return within a second of cancel")
		}
	}

	t.Run("before", func(t *testing.T) {
		e := newDownloadEnv(t, nil)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := e.tr.DownloadFile(cctx, "AgADany"); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
		if n := e.srv.Calls("getFile"); n != 0 {
			t.Errorf("%d getFile calls on a cancelled context", n)
		}
	})

	t.Run("during a flood wait", func(t *testing.T) {
		clock := schedule.NewFake(time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC))
		e := newDownloadEnv(t, clock)
		e.srv.FailNext("getFile", http.StatusTooManyRequests, "", 3600)
		cctx, cancel := context.WithCancel(ctx)
		started := make(chan struct{})
		go func() {
			if clock.BlockUntil(ctx, 1) == nil {
				close(started)
			}
		}()
		prompt(t, cancel, started, func() error {
			_, err := e.tr.DownloadFile(cctx, "AgADany")
			return err
		})
	})

	t.Run("while the body is on its way", func(t *testing.T) {
		e := newDownloadEnv(t, nil)
		started := make(chan struct{})
		e.hook.file = func(req *http.Request) (*http.Response, error) {
			close(started)
			// A body that stalls after its first bytes until the request
			// is cancelled, as a dead connection does for net/http.
			pr, pw := io.Pipe()
			go func() {
				_, _ = pw.Write([]byte("first bytes"))
				<-req.Context().Done()
				pw.CloseWithError(req.Context().Err())
			}()
			return &http.Response{StatusCode: http.StatusOK, ContentLength: -1, Request: req, Body: pr}, nil
		}
		e.srv.SendDocument(e.alice, e.alice.PrivateChat(), "a.txt", []byte("a"), "")
		id := e.sent(t)[0]
		cctx, cancel := context.WithCancel(ctx)
		prompt(t, cancel, started, func() error {
			_, err := e.tr.DownloadFile(cctx, id)
			return err
		})
	})
}
