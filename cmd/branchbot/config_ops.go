package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"branchbot/bot"
)

// parseLogFormat accepts the log formats: text (slog's key=value) or json.
func parseLogFormat(s string) (string, error) {
	switch s {
	case "text", "json":
		return s, nil
	}
	return "", bad("log-format", "%q (want text or json)", s)
}

// parseAdminListen checks a host:port to listen on ("" is off). The host
// may be empty (every interface), a name or an IP; port 0 takes a free
// port, which the log names.
func parseAdminListen(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", bad("admin-listen", "%q is not host:port (want e.g. 127.0.0.1:9090)", s)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", bad("admin-listen", "%q: port %q is not a number from 0 to 65535", s, port)
	}
	return s, nil
}

// opsConfig is what the maintenance commands (backup, restore, compact)
// read: the store, and the admin address of a bot that may be running
// on it. No token: they do not talk to Telegram.
type opsConfig struct {
	DB          string
	AdminListen string
	// Args are the arguments left after the flags (a file name).
	Args []string
}

// parseOps reads the flags named in use (from settings) over the
// environment, for the subcommand name, and those more defines (a
// subcommand's own). Flags may come before or after the file argument.
func parseOps(name string, use []string, args []string, getenv func(string) string, stderr io.Writer, more ...func(*flag.FlagSet)) (opsConfig, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*string{}
	for _, n := range use {
		s := settingOf(n)
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[n] = fs.String(s.flag, def, s.usage+" ("+s.env+")")
		fs.Lookup(s.flag).DefValue = bot.MaskURLPassword(def)
	}
	for _, define := range more {
		define(fs)
	}
	var c opsConfig
	for {
		if err := fs.Parse(args); err != nil {
			return opsConfig{}, err
		}
		if fs.NArg() == 0 {
			break
		}
		c.Args = append(c.Args, fs.Arg(0))
		args = fs.Args()[1:]
	}
	v := func(n string) string {
		if p, ok := values[n]; ok {
			return strings.TrimSpace(*p)
		}
		return ""
	}
	if c.DB = v("db"); c.DB == "" {
		return opsConfig{}, bad("db", "empty (want a file path such as ./branchbot.db)")
	}
	var err error
	if c.AdminListen, err = parseAdminListen(v("admin-listen")); err != nil {
		return opsConfig{}, err
	}
	return c, nil
}

// oneFile returns the single file argument of a subcommand.
func (c opsConfig) oneFile(what string) (string, error) {
	if len(c.Args) != 1 || c.Args[0] == "" {
		return "", fmt.Errorf("want one argument, the %s (got %d)", what, len(c.Args))
	}
	return c.Args[0], nil
}
