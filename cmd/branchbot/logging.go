package main

import (
	"context"
	"io"
	"log/slog"

	"branchbot/bot"
)

// newLogger writes text logs to w and scrubs the bot token (in any URL
// encoding, or its secret part alone) and URL passwords from every message
// and string attribute: a last line of defence behind the bot's own
// redaction of errors.
func newLogger(w io.Writer, level slog.Level, token string) *slog.Logger {
	return newFormattedLogger(w, level, "text", token)
}

// newFormattedLogger is newLogger writing format: "text" or "json" (one
// object a line, for log collectors). The scrubbing is the same: it
// happens before the handler formats anything.
func newFormattedLogger(w io.Writer, level slog.Level, format, token string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if format == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(&redactHandler{next: h, sc: bot.NewScrubber(token)})
}

type redactHandler struct {
	next slog.Handler
	sc   *bot.Scrubber
}

func (h *redactHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.next.Enabled(ctx, l)
}

func (h *redactHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, h.scrub(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, out)
}

func (h *redactHandler) WithAttrs(as []slog.Attr) slog.Handler {
	scrubbed := make([]slog.Attr, len(as))
	for i, a := range as {
		scrubbed[i] = h.attr(a)
	}
	return &redactHandler{next: h.next.WithAttrs(scrubbed), sc: h.sc}
}

func (h *redactHandler) WithGroup(name string) slog.Handler {
	return &redactHandler{next: h.next.WithGroup(name), sc: h.sc}
}

func (h *redactHandler) scrub(s string) string { return h.sc.Scrub(s) }

func (h *redactHandler) attr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.scrub(v.String()))
	case slog.KindGroup:
		g := v.Group()
		scrubbed := make([]any, len(g))
		for i, ga := range g {
			scrubbed[i] = h.attr(ga)
		}
		return slog.Group(a.Key, scrubbed...)
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.scrub(err.Error()))
		}
		return slog.String(a.Key, h.scrub(v.String()))
	}
	return a
}
