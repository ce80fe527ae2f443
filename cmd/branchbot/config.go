package main

import (
	"branchbot/bot"
	"branchbot/bot/i18n"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // zones work on servers without /usr/share/zoneinfo
)

// Config is branchbot's configuration: flags, each mirrored by an
// environment variable (the flag wins).
type Config struct {
	Token    string
	APIURL   string
	DB       string
	Location *time.Location
	Owners   []int64
	Lang     i18n.Lang
	LogLevel slog.Level
	// WebhookURL and Listen: webhook mode, when set (parseWebhook).
	WebhookURL string
	Listen     string
	// LogFormat is "text" or "json".
	LogFormat string
	// AdminListen is the admin HTTP server's host:port; "" means none.
	AdminListen string
	// Warnings are what was accepted but should be fixed (a token file
	// others can read), logged once the logger exists.
	Warnings []string
}

// setting describes one configuration knob: its flag, its variable, its
// default and what a good value looks like (for the error message).
type setting struct {
	flag, env, def, usage string
}

var settings = []setting{
	{"token", "BRANCHBOT_TOKEN", "", "Telegram bot token from @BotFather; the flag shows in the process list: for tests only, use BRANCHBOT_TOKEN_FILE in production"},
	{"token-file", "BRANCHBOT_TOKEN_FILE", "", "file holding the bot token, mode 0600, at most 4 KiB (for production, instead of BRANCHBOT_TOKEN)"},
	{"api-url", "BRANCHBOT_API_URL", "https://api.telegram.org", "Bot API base URL"},
	{"db", "BRANCHBOT_DB", "./branchbot.db", "store file (bbolt)"},
	{"tz", "BRANCHBOT_TZ", "Asia/Shanghai", "IANA time zone for dates and reminders"},
	{"owner", "BRANCHBOT_OWNER", "", "comma-separated Telegram user ids who may create branches"},
	{"lang", "BRANCHBOT_LANG", "zh", "language for users whose Telegram language is neither zh nor en: zh or en"},
	{"log-level", "BRANCHBOT_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"webhook-url", "BRANCHBOT_WEBHOOK_URL", "", "public https URL Telegram posts updates to (webhook mode, needs -listen; http only for a loopback host); empty: long polling"},
	{"listen", "BRANCHBOT_LISTEN", "", "address to serve webhook calls on, e.g. :8080, behind a reverse proxy terminating TLS (needs -webhook-url)"},
	{"log-format", "BRANCHBOT_LOG_FORMAT", "text", "log lines as text or json"},
	{"admin-listen", "BRANCHBOT_ADMIN_LISTEN", "", "host:port of the admin HTTP server (/healthz, /metrics, /backup, /export), e.g. 127.0.0.1:9090; off when empty"},
}

// configError names the setting that is wrong and what is expected. main
// prints it as one line and exits with status 2.
type configError struct {
	s   setting
	msg string
}

func (e *configError) Error() string {
	// Masked once more here: a value echoed in any setting's message
	// may be a URL with a password.
	return bot.MaskURLPassword(fmt.Sprintf("%s (-%s): %s", e.s.env, e.s.flag, e.msg))
}

func settingOf(name string) setting {
	for _, s := range settings {
		if s.flag == name {
			return s
		}
	}
	panic("unknown setting " + name)
}

func bad(name, format string, args ...any) error {
	return &configError{s: settingOf(name), msg: fmt.Sprintf(format, args...)}
}

// ParseConfig reads the flags in args over the environment for running the
// bot: a token is required.
func ParseConfig(name string, args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	values := map[string]*string{}
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		values[s.flag] = fs.String(s.flag, def, s.usage+" ("+s.env+")")
		// -h prints defaults, which come from the environment: never
		// the token, never a URL's password.
		f := fs.Lookup(s.flag)
		switch {
		case s.flag == "token" && def != "":
			f.DefValue = "<set>"
		default:
			f.DefValue = bot.MaskURLPassword(def)
		}
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	v := func(name string) string { return strings.TrimSpace(*values[name]) }

	var c Config
	var err error
	var warning string
	if c.Token, warning, err = readToken(v("token"), v("token-file")); err != nil {
		return Config{}, err
	}
	if warning != "" {
		c.Warnings = append(c.Warnings, warning)
	}
	u, perr := url.Parse(v("api-url"))
	if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		// Masked: a URL with credentials in it carries a password.
		return Config{}, bad("api-url", "%q is not an http(s) URL (want e.g. https://api.telegram.org)", bot.MaskURLPassword(v("api-url")))
	}
	c.APIURL = strings.TrimRight(v("api-url"), "/")
	if c.DB = v("db"); c.DB == "" {
		return Config{}, bad("db", "empty (want a file path such as ./branchbot.db)")
	}
	if c.Location, err = loadZone(v("tz")); err != nil {
		return Config{}, bad("tz", "%v", err)
	}
	if c.Owners, err = parseOwners(v("owner")); err != nil {
		return Config{}, err
	}
	if c.Lang, err = parseLang(v("lang")); err != nil {
		return Config{}, bad("lang", "%v", err)
	}
	if err := c.LogLevel.UnmarshalText([]byte(v("log-level"))); err != nil {
		return Config{}, bad("log-level", "%q (want debug, info, warn or error)", v("log-level"))
	}
	if c.WebhookURL, c.Listen, err = parseWebhook(v("webhook-url"), v("listen")); err != nil {
		return Config{}, err
	}
	if c.LogFormat, err = parseLogFormat(v("log-format")); err != nil {
		return Config{}, err
	}
	if c.AdminListen, err = parseAdminListen(v("admin-listen")); err != nil {
		return Config{}, err
	}
	return c, nil
}

// loadZone loads the IANA time zone name; unlike time.LoadLocation it
// refuses "" (UTC by accident).
func loadZone(name string) (*time.Location, error) {
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		return nil, fmt.Errorf("unknown time zone %q (want an IANA name such as Asia/Shanghai)", name)
	}
	return loc, nil
}

// parseLang parses the default language, zh or en.
func parseLang(s string) (i18n.Lang, error) {
	l, ok := i18n.Parse(s)
	if !ok {
		return l, fmt.Errorf("%q (want zh or en)", s)
	}
	return l, nil
}

// tokenShape is what BotFather hands out: the bot's numeric id, a colon and
// a secret. Checking the shape catches a pasted placeholder early, without
// ever echoing the value.
var tokenShape = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,}$`)

// maxTokenFile bounds what is read of a token file: a token is under 100
// bytes, and a path pointing at a log or a device by mistake must not be
// read whole.
const maxTokenFile = 4 << 10

// readToken returns the token from the flag or the file, and a warning
// when the file is readable by others than its owner.
func readToken(token, file string) (_, warning string, _ error) {
	if token != "" && file != "" {
		return "", "", bad("token-file", "set either BRANCHBOT_TOKEN or BRANCHBOT_TOKEN_FILE, not both")
	}
	if file != "" {
		var err error
		if token, warning, err = readTokenFile(file); err != nil {
			return "", "", err
		}
	}
	if token == "" {
		return "", "", bad("token", "not set (get a token from @BotFather, or try `branchbot sandbox` without one)")
	}
	if !tokenShape.MatchString(token) {
		return "", "", bad("token", "does not look like a bot token (want <digits>:<secret> as @BotFather gives it)")
	}
	return token, warning, nil
}

// readTokenFile reads at most maxTokenFile bytes of file, refusing a
// larger file, and warns when its mode lets others read it.
func readTokenFile(file string) (token, warning string, err error) {
	f, err := os.Open(file)
	if err != nil {
		return "", "", bad("token-file", "cannot read %s: %v", file, errors.Unwrap(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", "", bad("token-file", "cannot read %s: %v", file, errors.Unwrap(err))
	}
	// Read one byte past the cap: the size Stat reports means nothing for
	// a pipe or a device.
	buf, err := io.ReadAll(io.LimitReader(f, maxTokenFile+1))
	if err != nil {
		return "", "", bad("token-file", "cannot read %s: %v", file, errors.Unwrap(err))
	}
	if len(buf) > maxTokenFile {
		return "", "", bad("token-file", "%s is larger than %d bytes: a token file holds only the token from @BotFather", file, maxTokenFile)
	}
	token = strings.TrimSpace(string(buf))
	if token == "" {
		return "", "", bad("token-file", "%s is empty (want the token from @BotFather)", file)
	}
	if perm := fi.Mode().Perm(); fi.Mode().IsRegular() && perm&0o077 != 0 {
		warning = fmt.Sprintf("BRANCHBOT_TOKEN_FILE %s has mode %04o: others on this machine can read the bot token; chmod 600 it", file, perm)
	}
	return token, warning, nil
}

func parseOwners(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return nil, bad("owner", "%q is not a Telegram user id (want numbers separated by commas, e.g. 12345,67890)", f)
		}
		out = append(out, id)
	}
	return out, nil
}
