package bot

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/prometheus/client_golang/prometheus"
)

// safeLabel is what a label value may look like: a word of the program
// (a kind, an outcome, a method). A member's id, name or text would fail
// it: digits alone, spaces, Chinese.
var (
	safeLabel = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]{0,39}$|^[2345]xx$`)
	longID    = regexp.MustCompile(`[0-9]{5,}`)
)

// The owner talks to the bot with metrics on: every metric is there under
// its name, counts what happened, and no label names a person.
func TestMetricsNamesAndLabels(t *testing.T) {
	h, owner := newHarness(t)
	h.stop()
	reg := prometheus.NewPedanticRegistry()
	h.metrics = reg
	h.start(nil)

	h.dm(owner, "/start")
	h.dm(owner, "/help")
	h.dm(owner, "这是一段普通的文字")
	h.idle()
	if reasons := h.bot.Health(h.clock.Now()); len(reasons) != 0 {
		t.Fatalf("Health = %q; want none", reasons)
	}

	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	messages, replies := 0.0, 0.0
	for _, mf := range families {
		names = append(names, mf.GetName())
		if !strings.HasPrefix(mf.GetName(), "branchbot_") {
			t.Errorf("metric %s is not prefixed branchbot_", mf.GetName())
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if !safeLabel.MatchString(l.GetValue()) || longID.MatchString(l.GetValue()) {
					t.Errorf("%s{%s=%q}: a label value that may name a person or carry a text", mf.GetName(), l.GetName(), l.GetValue())
				}
			}
			if mf.GetName() == "branchbot_updates_handled_total" && m.GetLabel()[0].GetValue() == "message" {
				messages = m.GetCounter().GetValue()
			}
			if mf.GetName() == "branchbot_messages_sent_total" && labels(m) == "outcome=delivered,via=direct" {
				replies = m.GetCounter().GetValue()
			}
		}
	}
	for _, want := range []string{
		"branchbot_updates_handled_total", "branchbot_handler_errors_total", "branchbot_messages_sent_total",
		"branchbot_api_requests_total", "branchbot_api_too_many_requests_total",
		"branchbot_outbox_depth", "branchbot_timer_queue_depth", "branchbot_inbox_backlog",
		"branchbot_timer_lateness_seconds", "branchbot_timers_fired_total",
	} {
		if !slices.Contains(names, want) {
			t.Errorf("no metric %s among %v", want, names)
		}
	}
	if messages != 3 {
		t.Errorf("branchbot_updates_handled_total{kind=message} = %v; want 3", messages)
	}
	if replies < 3 {
		t.Errorf("branchbot_messages_sent_total{via=direct,outcome=delivered} = %v; want the 3 replies at least", replies)
	}
}

// labels is a metric's labels as name=value, sorted by name.
func labels(m *dto.Metric) string {
	var out []string
	for _, l := range m.GetLabel() {
		out = append(out, l.GetName()+"="+l.GetValue())
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}
