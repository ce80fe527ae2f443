package main

import (
	"net"
	"net/url"
	"strconv"
	"strings"
)

// parseWebhook checks the webhook settings: both empty (polling) or both
// set. Telegram calls only https URLs; http is accepted for a loopback
// host, which only a test or a local Bot API server would call.
func parseWebhook(rawURL, listen string) (webhookURL, addr string, err error) {
	switch {
	case rawURL == "" && listen == "":
		return "", "", nil
	case listen == "":
		return "", "", bad("listen", "not set: webhook mode (BRANCHBOT_WEBHOOK_URL) needs the address to serve it on, e.g. :8080")
	case rawURL == "":
		return "", "", bad("webhook-url", "not set: BRANCHBOT_LISTEN serves webhook calls, which need the public https URL Telegram calls, e.g. https://bot.example.org/telegram")
	}
	u, perr := url.Parse(rawURL)
	if perr != nil || u.Host == "" || u.Hostname() == "" || u.Opaque != "" {
		return "", "", bad("webhook-url", "%q is not an absolute URL (want e.g. https://bot.example.org/telegram)", rawURL)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	default:
		return "", "", bad("webhook-url", "%q is not an https URL (Telegram calls only https; http is accepted for 127.0.0.1, localhost or ::1)", rawURL)
	}
	if u.Fragment != "" || u.RawQuery != "" {
		return "", "", bad("webhook-url", "%q has a query or fragment (want a plain URL such as https://bot.example.org/telegram)", rawURL)
	}
	host, port, serr := net.SplitHostPort(listen)
	if n, perr := strconv.Atoi(port); serr != nil || perr != nil || n < 0 || n > 65535 || strings.ContainsAny(host, "/ ") {
		return "", "", bad("listen", "%q is not an address to listen on (want host:port or :port, e.g. :8080 or 127.0.0.1:8080)", listen)
	}
	return rawURL, listen, nil
}

// isLoopback reports whether host is this machine's loopback.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
