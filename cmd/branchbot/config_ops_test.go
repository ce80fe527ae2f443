package main

import (
	"net"
	"strconv"
	"testing"
)

func TestParseAdminListen(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"", true},
		{"127.0.0.1:9090", true},
		{"localhost:9090", true},
		{"[::1]:9090", true},
		{":9090", true},
		{"127.0.0.1:0", true},
		{"127.0.0.1", false},
		{"9090", false},
		{"127.0.0.1:http", false},
		{"127.0.0.1:65536", false},
		{"127.0.0.1:-1", false},
		{"::1:9090", false},
	} {
		got, err := parseAdminListen(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.in) {
			t.Errorf("parseAdminListen(%q) = %q, %v; want ok=%v", tc.in, got, err, tc.ok)
		}
	}
}

func FuzzParseAdminListen(f *testing.F) {
	for _, s := range []string{"127.0.0.1:9090", ":0", "[::1]:80", "x", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseAdminListen(s)
		if err != nil || got == "" {
			return
		}
		_, port, err := net.SplitHostPort(got)
		if err != nil {
			t.Fatalf("accepted %q, which is not host:port: %v", s, err)
		}
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			t.Fatalf("accepted %q with port %q", s, port)
		}
		// What is accepted can be dialled.
		if d := dialable(got); d == "" {
			t.Fatalf("dialable(%q) is empty", got)
		}
	})
}

func TestParseLogFormat(t *testing.T) {
	for in, ok := range map[string]bool{"text": true, "json": true, "": false, "JSON": false, "logfmt": false} {
		if _, err := parseLogFormat(in); (err == nil) != ok {
			t.Errorf("parseLogFormat(%q): err %v; want ok=%v", in, err, ok)
		}
	}
}

func TestDialable(t *testing.T) {
	for in, want := range map[string]string{
		":9090":          "127.0.0.1:9090",
		"0.0.0.0:9090":   "127.0.0.1:9090",
		"[::]:9090":      "[::1]:9090",
		"127.0.0.1:9090": "127.0.0.1:9090",
		"[::1]:9090":     "[::1]:9090",
		"admin.lan:9090": "admin.lan:9090",
	} {
		if got := dialable(in); got != want {
			t.Errorf("dialable(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestLoopbackOnly(t *testing.T) {
	for in, want := range map[string]bool{
		"127.0.0.1:9090": true, "[::1]:9090": true, "localhost:9090": true,
		":9090": false, "0.0.0.0:9090": false, "10.0.0.5:9090": false, "admin.lan:9090": false,
	} {
		if got := loopbackOnly(in); got != want {
			t.Errorf("loopbackOnly(%q) = %v; want %v", in, got, want)
		}
	}
}
