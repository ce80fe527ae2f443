package data

// TimerDigest is the timer kind of a branch's weekly agenda.
const TimerDigest = "digest"
