package tgtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Failure describes calls the server is to fail by rule, and how; see
// FailWhen. Where WithFaults fails a random share of the sends, a Failure
// hits exactly the calls a test names, for instance every sendMessage to
// one chat.
type Failure struct {
	// Method is the method whose calls fail, matched case-insensitively;
	// empty matches every method, getUpdates included.
	Method string
	// ChatID, when not 0, restricts the failure to calls whose chat_id
	// names this chat, as a number or, for a chat the server knows, as
	// "@username". Calls without chat_id (answerCallbackQuery, an edit by
	// inline_message_id, ...) do not match.
	ChatID int64
	// Code is the error_code to answer with: 400, 403, 429, 500, 502, ...
	Code int
	// Description is the error's description; empty gets a Telegram-like
	// default ("Forbidden", "Too Many Requests: retry after N", ...).
	Description string
	// RetryAfter, when above 0, is sent as parameters.retry_after. Unlike
	// a 429 of WithLimits, it opens no retry window: the server does not
	// count calls made before it ends (the request log has their times).
	RetryAfter int
	// Drop closes the connection without any answer instead; Code,
	// Description and RetryAfter are then ignored.
	Drop bool
	// Times is how many matching calls fail; 0 fails every one until the
	// failure is removed.
	Times int
}

// failure is a Failure in force; guarded by Server.mu.
type failure struct {
	Failure
	left int // calls still to fail; 0: no end
	err  *apiError
}

// FailWhen makes the server fail the calls f matches until f.Times of them
// have failed, or for good if f.Times is 0, and returns a function that
// removes the failure (calling it again does nothing). Several failures
// may be in force; a call meets the earliest added one that matches it.
//
// A failed call takes no effect, like every error of the Bot API: nothing
// is sent, stored or delivered, and it takes no flood-limit token. It
// fails after its parameters have been checked against the Bot API
// description (a malformed call still gets its 400) and before the retry
// windows, limits and random faults. Requests lists it with its status (0
// if dropped), and Stats counts it by its answer.
//
// FailWhen panics if f.Method names no Bot API method, if f.Code is not
// an error code (400 to 599) and f.Drop is not set, or if f.Times is
// negative: a mistyped rule that never fires would pass a test silently.
func (s *Server) FailWhen(f Failure) (remove func()) {
	if f.Method != "" {
		m := s.spec.Method(f.Method)
		if m == nil {
			panic(fmt.Sprintf("tgtest: FailWhen: no method %q in Bot API %s", f.Method, s.spec.Version))
		}
		f.Method = m.Name
	}
	if !f.Drop && (f.Code < 400 || f.Code > 599) {
		panic(fmt.Sprintf("tgtest: FailWhen: error code %d is not 4xx or 5xx", f.Code))
	}
	if f.Times < 0 {
		panic(fmt.Sprintf("tgtest: FailWhen: Times %d is negative", f.Times))
	}
	return s.addFailure(f)
}

// FailNext makes the next call of method fail with the given error_code and
// description; retryAfter > 0 is sent as parameters.retry_after. Several
// calls queue up. An empty description gets a Telegram-like default. It is
// FailWhen(Failure{Method: method, Code: code, Description: description,
// RetryAfter: retryAfter, Times: 1}), except that it never panics: a
// method the Bot API does not have never fails.
func (s *Server) FailNext(method string, code int, description string, retryAfter int) {
	if m := s.spec.Method(method); m != nil {
		method = m.Name
	}
	s.addFailure(Failure{Method: method, Code: code, Description: description, RetryAfter: retryAfter, Times: 1})
}

func (s *Server) addFailure(f Failure) (remove func()) {
	fl := &failure{Failure: f, left: f.Times, err: errDrop}
	if !f.Drop {
		desc := f.Description
		if desc == "" {
			desc = defaultDescription(f.Code, f.RetryAfter)
		}
		fl.err = &apiError{Code: f.Code, Description: desc, RetryAfter: f.RetryAfter}
	}
	s.mu.Lock()
	s.failures = append(s.failures, fl)
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			s.failures = slices.DeleteFunc(s.failures, func(x *failure) bool { return x == fl })
		})
	}
}

func defaultDescription(code, retryAfter int) string {
	if code == http.StatusTooManyRequests {
		return tooManyRequests(retryAfter).Description
	}
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "Error"
}

// failLocked returns the answer of the first failure c meets, using up
// one of its calls, or nil.
func (s *Server) failLocked(c *call) *apiError {
	for i, f := range s.failures {
		if !s.matchLocked(&f.Failure, c) {
			continue
		}
		if f.left > 0 {
			if f.left--; f.left == 0 {
				s.failures = slices.Delete(s.failures, i, i+1)
			}
		}
		if f.err == errDrop {
			return errDrop
		}
		e := *f.err // the caller may annotate its copy
		return &e
	}
	return nil
}

func (s *Server) matchLocked(f *Failure, c *call) bool {
	if f.Method != "" && !strings.EqualFold(f.Method, c.name) {
		return false
	}
	if f.ChatID == 0 {
		return true
	}
	if !c.present("chat_id") {
		return false
	}
	// A number matches even if the server does not know the chat.
	if id, err := strconv.ParseInt(strings.TrimSpace(c.str("chat_id")), 10, 64); err == nil {
		return id == f.ChatID
	}
	cs := s.chatOf(c)
	return cs != nil && cs.chat.ID == f.ChatID
}
