package data

import (
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

// Validate checks a survey's shape.
func (s Survey) Validate() error {
	switch {
	case strings.TrimSpace(s.Title) == "" || utf8.RuneCountInString(s.Title) > MaxTitleLen:
		return Errorf(EInvalid, "title")
	case len(s.Questions) == 0 || len(s.Questions) > 30:
		return Errorf(EInvalid, "1 to 30 questions")
	}
	for _, q := range s.Questions {
		if strings.TrimSpace(q.Text) == "" || utf8.RuneCountInString(q.Text) > 300 {
			return Errorf(EInvalid, "question text")
		}
		if (q.Kind == SingleChoice || q.Kind == MultiChoice) && (len(q.Options) < 2 || len(q.Options) > 10) {
			return Errorf(EInvalid, "2 to 10 options")
		}
		for _, o := range q.Options {
			if strings.TrimSpace(o) == "" || utf8.RuneCountInString(o) > 40 {
				return Errorf(EInvalid, "option text")
			}
		}
	}
	return nil
}
