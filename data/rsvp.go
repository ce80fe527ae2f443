package data

// TimerQuorum fires the day before a branch assembly (18 hours ahead) to
// check that a majority has said it will attend: the rules require a
// majority present.
const TimerQuorum = "quorum"
