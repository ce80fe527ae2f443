package bot

import "branchbot/bot/telegram"

// Scrubber removes the bot token (in any URL encoding) and URL passwords
// from text bound for a log; see telegram.Scrubber. The binary's logger
// uses the same one as the transport, so both redact alike.
type Scrubber = telegram.Scrubber

// NewScrubber returns a Scrubber for token.
func NewScrubber(token string) *Scrubber { return telegram.NewScrubber(token) }

// MaskURLPassword masks the password of every URL in s (user:***@).
func MaskURLPassword(s string) string { return telegram.MaskURLPassword(s) }
