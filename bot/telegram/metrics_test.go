package telegram

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"branchbot/schedule"
)

// Every Bot API call passes the contact: a success moves the time of the
// last success, a 429 is counted and moves nothing, and silence longer
// than two polling timeouts makes the transport unhealthy.
func TestContactTracksSuccessAnd429(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
	}))
	defer srv.Close()
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	clock := schedule.NewFake(start)
	reg := prometheus.NewPedanticRegistry()
	m := NewMetrics(reg)
	client, c := observe(&http.Client{}, clock, m)
	tr := &Transport{cfg: Config{PollTimeout: 10 * time.Second}, contact: c}
	const token = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	call := func(method string) {
		t.Helper()
		resp, err := client.Post(srv.URL+"/bot"+token+"/"+method, "text/plain", strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	if got := tr.Health(clock.Now()); len(got) != 0 {
		t.Fatalf("Health at start = %q; want none", got)
	}
	clock.Advance(time.Minute)
	call("getUpdates")
	if !c.lastSuccess().Equal(clock.Now()) {
		t.Fatalf("last success %v; want %v", c.lastSuccess(), clock.Now())
	}
	status = http.StatusTooManyRequests
	clock.Advance(49 * time.Second)
	call("sendMessage")
	if got := tr.Health(clock.Now()); len(got) != 0 {
		t.Fatalf("Health 49 s after a success = %q; want none", got)
	}
	clock.Advance(2 * time.Second)
	if got := tr.Health(clock.Now()); len(got) != 1 {
		t.Fatalf("Health 51 s after a success, a 429 since = %q; want one reason", got)
	}
	call("/weird/path/with/a/" + token)
	if got := testutil.ToFloat64(m.tooMany); got != 2 {
		t.Fatalf("429s counted = %v; want 2", got)
	}
	if got := testutil.ToFloat64(m.apiCalls.WithLabelValues("getUpdates", "2xx")); got != 1 {
		t.Fatalf("getUpdates 2xx = %v; want 1", got)
	}
	if got := testutil.ToFloat64(m.apiCalls.WithLabelValues("other", "4xx")); got != 1 {
		t.Fatalf("other 4xx = %v; want 1", got)
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range families {
		for _, metric := range mf.GetMetric() {
			for _, l := range metric.GetLabel() {
				if strings.Contains(l.GetValue(), "AAAA") || strings.Contains(l.GetValue(), "/") {
					t.Fatalf("%s{%s=%q}: a path reached a label", mf.GetName(), l.GetName(), l.GetValue())
				}
			}
		}
	}
}

// A nil registry gives nil metrics, and nil metrics record nothing.
func TestNilMetricsRecordNothing(t *testing.T) {
	m := NewMetrics(nil)
	if m != nil {
		t.Fatalf("NewMetrics(nil) = %v", m)
	}
	m.apiCall("getMe", 200)
	m.sendOutcome(viaOutbox, "delivered")
	m.directOutcome(nil, true)
	m.handlerError("panic")
	m.update(nil)
}
