// Package botapi holds a machine-readable description of the Telegram Bot
// API (methods, their parameters and the types they use) and a small loader
// for it. The description, api.json, is embedded; see LICENSE for its terms.
package botapi

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:embed api.json
var apiJSON []byte

// Spec is a parsed Bot API description. A Spec is read-only once built;
// callers must not modify its maps or slices.
type Spec struct {
	Version     string             `json:"version"`
	ReleaseDate string             `json:"release_date"`
	Changelog   string             `json:"changelog"`
	Methods     map[string]*Method `json:"methods"`
	Types       map[string]*Type   `json:"types"`

	methodsFold map[string]*Method
}

// Method describes one Bot API method.
type Method struct {
	Name        string   `json:"name"`
	Href        string   `json:"href"`
	Description []string `json:"description"`
	// Returns lists the possible result types, e.g. ["Message", "Boolean"].
	Returns []string `json:"returns"`
	Fields  []Field  `json:"fields"`

	fields map[string]*Field
}

// Type describes one Bot API object type. Abstract types (BotCommandScope,
// InputMedia, ...) have Subtypes and no Fields.
type Type struct {
	Name        string   `json:"name"`
	Href        string   `json:"href"`
	Description []string `json:"description"`
	Fields      []Field  `json:"fields"`
	Subtypes    []string `json:"subtypes"`
	SubtypeOf   []string `json:"subtype_of"`
}

// Field describes one parameter of a method or one field of a type.
type Field struct {
	Name string `json:"name"`
	// Types lists the accepted types, e.g. ["Integer", "String"] or
	// ["Array of MessageEntity"].
	Types       []string `json:"types"`
	Required    bool     `json:"required"`
	Description string   `json:"description"`
}

var defaultSpec = sync.OnceValues(func() (*Spec, error) { return Parse(apiJSON) })

// Load returns the embedded Bot API description. It is parsed once and
// shared, so it must be treated as read-only.
func Load() *Spec {
	s, err := defaultSpec()
	if err != nil {
		panic("botapi: embedded api.json: " + err.Error())
	}
	return s
}

// Parse builds a Spec from a description in the api.json format.
func Parse(data []byte) (*Spec, error) {
	var s Spec
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("botapi: %w", err)
	}
	if len(s.Methods) == 0 {
		return nil, fmt.Errorf("botapi: description has no methods")
	}
	s.methodsFold = make(map[string]*Method, len(s.Methods))
	for key, m := range s.Methods {
		if m.Name == "" {
			m.Name = key
		}
		m.fields = make(map[string]*Field, len(m.Fields))
		for i := range m.Fields {
			m.fields[m.Fields[i].Name] = &m.Fields[i]
		}
		s.methodsFold[strings.ToLower(m.Name)] = m
	}
	for key, t := range s.Types {
		if t.Name == "" {
			t.Name = key
		}
	}
	return &s, nil
}

// Method returns the method called name, matched case-insensitively as the
// Bot API does, or nil if there is none.
func (s *Spec) Method(name string) *Method {
	return s.methodsFold[strings.ToLower(name)]
}

// Type returns the type called name (case-sensitive), or nil.
func (s *Spec) Type(name string) *Type {
	return s.Types[name]
}

// Field returns the parameter called name (case-sensitive), or nil.
func (m *Method) Field(name string) *Field {
	return m.fields[name]
}

// Required lists the names of the method's required parameters.
func (m *Method) Required() []string {
	var out []string
	for _, f := range m.Fields {
		if f.Required {
			out = append(out, f.Name)
		}
	}
	return out
}

// Accepts reports whether typ (e.g. "Integer", "InputFile") is one of the
// field's accepted types.
func (f *Field) Accepts(typ string) bool {
	return slices.Contains(f.Types, typ)
}
