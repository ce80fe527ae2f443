package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// What the maintenance commands need to reach a running bot at its admin
// address: backup and export ask it while the bot holds the store.

// adminURL is the URL of path (with query) on the admin address addr, a
// listening address as BRANCHBOT_ADMIN_LISTEN gives it.
func adminURL(addr, path string, query url.Values) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || !validHost(host) {
		return "", fmt.Errorf("admin address %q is not host:port (BRANCHBOT_ADMIN_LISTEN, e.g. 127.0.0.1:9090)", addr)
	}
	if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
		return "", fmt.Errorf("admin address %q has no valid port (BRANCHBOT_ADMIN_LISTEN, e.g. 127.0.0.1:9090)", addr)
	}
	u := url.URL{Scheme: "http", Host: dialable(addr), Path: path, RawQuery: query.Encode()}
	return u.String(), nil
}

// dialable turns a listening address into one to connect to: an empty or
// unspecified host (every interface) is reached on the loopback.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch ip := net.ParseIP(host); {
	case host == "", ip != nil && ip.IsUnspecified() && ip.To4() != nil:
		host = "127.0.0.1"
	case ip != nil && ip.IsUnspecified():
		host = "::1"
	}
	return net.JoinHostPort(host, port)
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

// answerError is the admin address's refusal: its status and what it said.
type answerError struct {
	url, status, text string
	code              int
}

func (e *answerError) Error() string {
	if e.text == "" {
		return fmt.Sprintf("GET %s: %s", e.url, e.status)
	}
	return fmt.Sprintf("GET %s: %s: %s", e.url, e.status, e.text)
}

// notFound reports whether err is the admin address's 404.
func notFound(err error) bool {
	var a *answerError
	return errors.As(err, &a) && a.code == http.StatusNotFound
}

// fetch copies the body of a GET of u to w. A refusal is an
// *answerError; an answer cut short (before its Content-Length, or a
// chunked one aborted) is an error too.
func fetch(ctx context.Context, client *http.Client, u string, w io.Writer) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("ask the running bot: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("ask the running bot: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return &answerError{url: u, status: resp.Status, text: strings.TrimSpace(string(msg)), code: resp.StatusCode}
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return fmt.Errorf("read from the running bot at %s: %w", u, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return fmt.Errorf("read from the running bot at %s: got %d of %d bytes", u, n, resp.ContentLength)
	}
	return nil
}
