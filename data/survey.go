package data

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// QuestionKind is how a survey question is answered.
type QuestionKind string

// Question kinds.
const (
	SingleChoice QuestionKind = "single"
	MultiChoice  QuestionKind = "multi"
	Scale        QuestionKind = "scale" // 1–5
	FreeText     QuestionKind = "text"
)

// Question is one survey question.
type Question struct {
	Kind    QuestionKind `json:"kind"`
	Text    string       `json:"text"`
	Options []string     `json:"options,omitempty"`
}

// Survey is a questionnaire (问卷调查) sent to every member.
type Survey struct {
	ID        uint64     `json:"id"`
	BranchID  uint64     `json:"branch_id"`
	Title     string     `json:"title"`
	Anonymous bool       `json:"anonymous"`
	Deadline  time.Time  `json:"deadline"`
	Questions []Question `json:"questions"`
	Open      bool       `json:"open"`
	CreatedBy int64      `json:"created_by"`
	Members   []int64    `json:"members"`
}

// Answers are one member's answers, by question index; choices are option
// indexes, a scale is 1–5, free text is text.
type Answers struct {
	Name    string         `json:"name,omitempty"` // empty for anonymous surveys
	Choices map[int][]int  `json:"choices,omitempty"`
	Texts   map[int]string `json:"texts,omitempty"`
	Done    bool           `json:"done"`
}

// Survey timers: the reminder before the deadline, and the deadline.
const (
	TimerSurveyRemind = "survey_remind"
	TimerSurveyClose  = "survey_close"
)

// Survey errors.
var (
	ErrSurveyUnknown = &Error{Code: ENotFound, Message: "survey not found"}
	ErrSurveyClosed  = &Error{Code: EConflict, Message: "survey is closed"}
)

// SurveyClose is how the caller wants a survey closed.
type SurveyClose struct {
	ID uint64
	// BranchID is the branch the survey must belong to; 0 for any (the
	// deadline's timer knows only the survey).
	BranchID uint64
	Now      time.Time
	// To is the chat the results go to, in language Lang; 0 for the
	// survey's creator, in theirs, if they are still a member of its branch.
	To   int64
	Lang string
	// Results makes the results in lang from every member's answers and
	// who has not finished (as SurveyResults returns them); nil queues
	// none. It runs inside the store's transaction: it must only format.
	Results func(sv Survey, all []Answers, pending []int64, lang string) NoticeMessages
}

// Survey limits: what fits on a question card and in a member's patience.
const (
	MaxQuestions   = 30
	MaxQuestionLen = 300 // characters
	MinOptions     = 2
	MaxOptions     = 10
	MaxOptionLen   = 40 // characters: an option is a button label
)

// Validate checks a survey's title and questions.
func (s Survey) Validate() error {
	switch {
	case strings.TrimSpace(s.Title) == "" || utf8.RuneCountInString(s.Title) > MaxTitleLen:
		return Errorf(EInvalid, "survey title is empty or longer than %d characters", MaxTitleLen)
	case len(s.Questions) == 0 || len(s.Questions) > MaxQuestions:
		return Errorf(EInvalid, "survey has %d questions, not 1 to %d", len(s.Questions), MaxQuestions)
	}
	for i, q := range s.Questions {
		if err := q.Validate(); err != nil {
			return fmt.Errorf("question %d: %w", i+1, err)
		}
	}
	return nil
}

// Validate checks that k is a known kind.
func (k QuestionKind) Validate() error {
	switch k {
	case SingleChoice, MultiChoice, Scale, FreeText:
		return nil
	}
	return Errorf(EInvalid, "unknown question kind %q", k)
}

// Validate checks a question's kind, text and options: a choice needs
// MinOptions to MaxOptions of them.
func (q Question) Validate() error {
	if err := q.Kind.Validate(); err != nil {
		return err
	}
	if strings.TrimSpace(q.Text) == "" || utf8.RuneCountInString(q.Text) > MaxQuestionLen {
		return Errorf(EInvalid, "question text is empty or longer than %d characters", MaxQuestionLen)
	}
	if (q.Kind == SingleChoice || q.Kind == MultiChoice) && (len(q.Options) < MinOptions || len(q.Options) > MaxOptions) {
		return Errorf(EInvalid, "%d options, not %d to %d", len(q.Options), MinOptions, MaxOptions)
	}
	for _, o := range q.Options {
		if strings.TrimSpace(o) == "" || utf8.RuneCountInString(o) > MaxOptionLen {
			return Errorf(EInvalid, "option %q is empty or longer than %d characters", o, MaxOptionLen)
		}
	}
	return nil
}
