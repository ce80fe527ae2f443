package botapi

import "testing"

func TestLoad(t *testing.T) {
	s := Load()
	if s.Version == "" || len(s.Types) == 0 {
		t.Fatalf("spec = %q, %d types", s.Version, len(s.Types))
	}
	m := s.Method("SENDMESSAGE")
	if m == nil || m.Name != "sendMessage" {
		t.Fatalf("Method(SENDMESSAGE) = %+v", m)
	}
	if f := m.Field("chat_id"); f == nil || !f.Required || !f.Accepts("Integer") || !f.Accepts("String") {
		t.Errorf("chat_id = %+v", f)
	}
	if m.Field("Chat_ID") != nil || s.Method("noSuchMethod") != nil {
		t.Error("lookups too lenient")
	}
	if req := m.Required(); len(req) != 2 || req[0] != "chat_id" || req[1] != "text" {
		t.Errorf("Required = %q", req)
	}
	if Load() != s {
		t.Error("Load parses again")
	}
}
