package data

import (
	"time"
)

// RawUpdate is a Telegram update as it came from getUpdates, kept as
// received so that a field this build does not know survives a restart.
type RawUpdate struct {
	ID int64
	// Chat is the key that orders the update among others (the caller's:
	// updates of one chat are handled in order).
	Chat int64
	// JSON is the update; nil for an entry found damaged in the store.
	JSON       []byte
	ReceivedAt time.Time
	// Attempts counts the handlings begun after a restart (AttemptUpdate).
	Attempts int
}
