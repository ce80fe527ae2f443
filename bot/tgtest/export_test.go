package tgtest

// WithClock lets the tests drive the limits and retry windows with a fake
// clock.
var WithClock = withClock
