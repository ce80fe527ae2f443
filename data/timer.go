package data

import (
	"time"
)

// Timer is a durable "do this at that time": the scheduler waits for the
// earliest and hands it to whoever owns its kind. Keys are the fire time,
// big-endian, so the earliest is the first key.
type Timer struct {
	At   time.Time `json:"at"`
	Kind string    `json:"kind"`
	Ref  uint64    `json:"ref"` // what it is about, e.g. a notice id
}
