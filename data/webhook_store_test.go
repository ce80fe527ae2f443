package data_test

import (
	"path/filepath"
	"testing"

	"branchbot/data"
)

// TestWebhookSecretKeptAcrossRestarts: the first secret offered is kept;
// a restart gets it back instead of the new one it offers.
func TestWebhookSecretKeptAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.WebhookSecret("first")
	if err != nil || got != "first" {
		t.Fatalf("WebhookSecret = %q, %v; want first", got, err)
	}
	if got, err := s.WebhookSecret("second"); err != nil || got != "first" {
		t.Fatalf("WebhookSecret again = %q, %v; want first", got, err)
	}
	if _, err := s.WebhookSecret(""); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("empty secret: %v; want an invalid error", err)
	}
	s.Close()
	s, err = data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.WebhookSecret("third"); err != nil || got != "first" {
		t.Fatalf("after a restart WebhookSecret = %q, %v; want first", got, err)
	}
}
