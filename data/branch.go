package data

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// Person is what the store needs to know about a Telegram user to make
// them a member.
type Person struct {
	UserID   int64
	Name     string
	Username string
	Lang     string
}

func (p Person) member(branchID uint64, role Role, now time.Time) Member {
	return Member{UserID: p.UserID, BranchID: branchID, Role: role, Name: p.Name, Username: p.Username, Lang: p.Lang, JoinedAt: now}
}

// NewInviteCode returns a fresh random code that fits Telegram's deep-link
// start parameter rules ([A-Za-z0-9_-], at most 64 characters).
func NewInviteCode() string {
	b := make([]byte, 12) // 96 bits: unguessable, 16 characters
	rand.Read(b)          // never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
