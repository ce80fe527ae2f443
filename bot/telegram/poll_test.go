package telegram

import (
	"testing"
)

func TestDecodeUpdate(t *testing.T) {
	tests := []struct {
		raw     string
		id      int64
		text    string
		partial bool
		wantErr bool
	}{
		{raw: `{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"/help"}}`, id: 7, text: "/help"},
		{raw: `{"update_id":8,"future_kind":{"x":1}}`, id: 8},
		// A field whose type this build does not expect: the id survives.
		{raw: `{"update_id":9,"message":{"message_id":"one","text":"/help"}}`, id: 9, partial: true},
		{raw: `{"update_id":10,"message":[]}`, id: 10, partial: true},
		{raw: `{"message":{"text":"no id"}}`, wantErr: true},
		{raw: `{"update_id":0}`, wantErr: true},
		{raw: `{"update_id":"11"}`, wantErr: true},
		{raw: `null`, wantErr: true},
		{raw: `[]`, wantErr: true},
		{raw: `{`, wantErr: true},
	}
	for _, tt := range tests {
		u, whole, err := decodeUpdate([]byte(tt.raw))
		if tt.wantErr {
			if err == nil {
				t.Errorf("decodeUpdate(%s) = %+v; want an error", tt.raw, u)
			}
			continue
		}
		if err != nil {
			t.Errorf("decodeUpdate(%s): %v", tt.raw, err)
			continue
		}
		if whole == tt.partial {
			t.Errorf("decodeUpdate(%s) whole = %v; want %v", tt.raw, whole, !tt.partial)
		}
		if u.ID != tt.id {
			t.Errorf("decodeUpdate(%s).ID = %d; want %d", tt.raw, u.ID, tt.id)
		}
		var text string
		if u.Message != nil {
			text = u.Message.Text
		}
		if text != tt.text {
			t.Errorf("decodeUpdate(%s) text = %q; want %q", tt.raw, text, tt.text)
		}
	}
}

func FuzzDecodeUpdate(f *testing.F) {
	f.Add([]byte(`{"update_id":7,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"/help"}}`))
	f.Add([]byte(`{"update_id":9,"callback_query":{"id":"q","from":{"id":1},"data":"ci:1"}}`))
	f.Add([]byte(`{"update_id":9,"message":{"message_id":"one"}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		u, _, err := decodeUpdate(raw)
		if err == nil && (u == nil || u.ID <= 0) {
			t.Fatalf("decodeUpdate(%q) = %+v without an id and without an error", raw, u)
		}
	})
}
