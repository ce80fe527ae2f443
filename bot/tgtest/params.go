package tgtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest/botapi"
)

// maxBody bounds a request body; the real API takes uploads up to 50 MB.
const maxBody = 64 << 20

// call is one request being served.
type call struct {
	ctx    context.Context
	start  time.Time
	name   string // method name as in the description, or as sent
	method *botapi.Method
	params map[string]string
	files  map[string]*upload
	events []Event
	// plain is the visible text or caption, once checkValues parsed it.
	plain string
	// scope is the normalised BotCommandScope (see scopeKey) of a method
	// with a scope parameter, and commands the parsed commands of
	// setMyCommands, once checkValues checked them.
	scope    string
	commands []models.BotCommand
	// class is the method's rate class, set in dispatch.
	class callClass
}

// upload is a file sent as a multipart part.
type upload struct {
	filename    string
	contentType string
	data        []byte
}

func (c *call) fileNames() map[string]string {
	if len(c.files) == 0 {
		return nil
	}
	out := make(map[string]string, len(c.files))
	for k, f := range c.files {
		out[k] = f.filename
	}
	return out
}

// readParams collects the call's parameters from the query string and from
// a multipart, url-encoded or JSON body, as the Bot API accepts all four.
func (c *call) readParams(w http.ResponseWriter, r *http.Request) error {
	c.params = map[string]string{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			c.params[k] = v[0]
		}
	}
	if r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return &bodyError{err}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // e.g. go-telegram/bot's calls without parameters
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "multipart/form-data":
		if err := r.ParseMultipartForm(maxBody); err != nil {
			return fmt.Errorf("can't parse multipart/form-data body: %v", err)
		}
		for k, v := range r.MultipartForm.Value {
			if len(v) > 0 {
				c.params[k] = v[0]
			}
		}
		for k, fhs := range r.MultipartForm.File {
			if len(fhs) == 0 {
				continue
			}
			fh := fhs[0]
			f, err := fh.Open()
			if err != nil {
				return fmt.Errorf("can't read file %s: %v", k, err)
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return fmt.Errorf("can't read file %s: %v", k, err)
			}
			if c.files == nil {
				c.files = map[string]*upload{}
			}
			c.files[k] = &upload{filename: fh.Filename, contentType: fh.Header.Get("Content-Type"), data: data}
		}
	case "application/json":
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return errors.New("can't parse JSON object")
		}
		for k, raw := range obj {
			v, ok, err := jsonParam(raw)
			if err != nil {
				return fmt.Errorf("can't parse JSON value of %s", k)
			}
			if ok {
				c.params[k] = v
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return fmt.Errorf("can't parse form: %v", err)
		}
		for k, v := range r.PostForm {
			if len(v) > 0 {
				c.params[k] = v[0]
			}
		}
	}
	return nil
}

// jsonParam turns one JSON value into the string a form would carry.
func jsonParam(raw json.RawMessage) (string, bool, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", false, nil
	case raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err == nil, err
	case raw[0] == '{' || raw[0] == '[':
		var buf bytes.Buffer
		err := json.Compact(&buf, raw)
		return buf.String(), err == nil, err
	default:
		return string(raw), true, nil
	}
}

func (c *call) str(name string) string { return c.params[name] }

// int returns an integer parameter; absent or malformed gives 0.
func (c *call) int(name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(c.params[name]), 10, 64)
	return n
}

// bool returns a Boolean parameter; absent or malformed gives false.
func (c *call) bool(name string) bool {
	b, _ := parseBool(c.params[name])
	return b
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// bodyError is a request whose body could not be read: the client gave
// up mid-request (a cancelled context, a closed connection) or sent too
// much. The first is no fault of the request's content, so it is not a
// spec violation.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return "can't read body: " + e.err.Error() }

func (e *bodyError) clientGaveUp() bool {
	var tooBig *http.MaxBytesError
	return !errors.As(e.err, &tooBig)
}
