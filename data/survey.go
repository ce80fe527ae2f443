package data

import (
	"fmt"
	"slices"
	"strconv"
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
	// Answerers maps each member of an open anonymous survey to the random
	// key (hex) their answers are stored under, so they can change them
	// and be reminded while it runs. It is dropped at close: from then on
	// nothing in the store links an answer to a member. The store's
	// methods never return it.
	Answerers map[int64]string `json:"answerers,omitempty"`
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
	// ErrResultsAfterClose refuses the results of an open anonymous
	// survey: two looks at live results, one before and one after a member
	// answers, would show that member's answers as the difference.
	ErrResultsAfterClose = &Error{Code: EConflict, Message: "an anonymous survey's results are shown only after it closes"}
	// ErrNotUTF8 refuses survey text that is not valid UTF-8: Telegram
	// cannot show it and a spreadsheet would garble it.
	ErrNotUTF8 = &Error{Code: EInvalid, Message: "text is not valid UTF-8"}
)

// ResultsVisible reports whether the survey's results may be shown now: a
// named survey's at any time, an anonymous one's only once it has closed
// (ErrResultsAfterClose says why).
func (sv Survey) ResultsVisible() bool { return !sv.Anonymous || !sv.Open }

// Finished counts the answers in all that answer every question.
func Finished(all []Answers) int {
	n := 0
	for _, a := range all {
		if a.Done {
			n++
		}
	}
	return n
}

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
	// Results makes the results in lang from every member's answers (as
	// SurveyResults returns them); nil queues none. It runs inside the
	// store's transaction: it must only format.
	Results func(sv Survey, all []Answers, lang string) NoticeMessages
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
	case !utf8.ValidString(s.Title):
		return fmt.Errorf("survey title: %w", ErrNotUTF8)
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
	if !utf8.ValidString(q.Text) {
		return fmt.Errorf("question text: %w", ErrNotUTF8)
	}
	if strings.TrimSpace(q.Text) == "" || utf8.RuneCountInString(q.Text) > MaxQuestionLen {
		return Errorf(EInvalid, "question text is empty or longer than %d characters", MaxQuestionLen)
	}
	if (q.Kind == SingleChoice || q.Kind == MultiChoice) && (len(q.Options) < MinOptions || len(q.Options) > MaxOptions) {
		return Errorf(EInvalid, "%d options, not %d to %d", len(q.Options), MinOptions, MaxOptions)
	}
	for i, o := range q.Options {
		if !utf8.ValidString(o) {
			return fmt.Errorf("option %d: %w", i+1, ErrNotUTF8)
		}
		if strings.TrimSpace(o) == "" || utf8.RuneCountInString(o) > MaxOptionLen {
			return Errorf(EInvalid, "option %q is empty or longer than %d characters", o, MaxOptionLen)
		}
	}
	return nil
}

// Presses on a survey card other than an option's index or a scale value.
const (
	// SurveyNext finishes a multiple-choice question ("下一题").
	SurveyNext = "d"
	// SurveyType asks to type the answer to a free-text question.
	SurveyType = "t"
)

// ErrAnswerInvalid means an answer does not fit its question: an option
// or a scale value out of range, or a press meant for another kind of
// question (a card from before the survey was made, or a forged one).
var ErrAnswerInvalid = &Error{Code: EInvalid, Message: "answer does not fit the question"}

// ScaleMin and ScaleMax bound a scale answer.
const (
	ScaleMin = 1
	ScaleMax = 5
)

// NextQuestion is the first question a has no answer to, or
// len(sv.Questions) when every one is answered.
func (sv Survey) NextQuestion(a Answers) int {
	for i := range sv.Questions {
		_, c := a.Choices[i]
		_, t := a.Texts[i]
		if !c && !t {
			return i
		}
	}
	return len(sv.Questions)
}

// Apply records a press on question q's card in a and returns the
// question to show next. choice is an option's index for a single or
// multiple choice, ScaleMin to ScaleMax for a scale, or SurveyNext to
// finish a multiple choice.
//
// A single choice or a scale value answers the question at once, replacing
// an earlier answer. An option of a multiple choice is toggled and the
// card stays on q, since the member may choose more; SurveyNext answers
// the question, with nothing chosen if need be. a.Done says whether every
// question is answered; a toggle leaves it as it was, the member being
// still on the question. A free-text question takes no press here: its
// answer is typed (ApplyText).
//
// It returns ErrSurveyUnknown for a question the survey does not have and
// ErrAnswerInvalid for a press that does not fit the question.
func (sv Survey) Apply(a *Answers, q int, choice string) (next int, err error) {
	if q < 0 || q >= len(sv.Questions) {
		return 0, fmt.Errorf("survey %d question %d: %w", sv.ID, q+1, ErrSurveyUnknown)
	}
	initAnswers(a)
	qq := sv.Questions[q]
	n, err := strconv.Atoi(choice)
	switch {
	case choice == SurveyNext && qq.Kind == MultiChoice:
		if _, ok := a.Choices[q]; !ok {
			a.Choices[q] = []int{} // answered with nothing chosen
		}
	case err != nil:
		return 0, fmt.Errorf("survey %d question %d: press %q: %w", sv.ID, q+1, choice, ErrAnswerInvalid)
	case qq.Kind == Scale && n >= ScaleMin && n <= ScaleMax,
		qq.Kind == SingleChoice && n >= 0 && n < len(qq.Options):
		a.Choices[q] = []int{n}
	case qq.Kind == MultiChoice && n >= 0 && n < len(qq.Options):
		cur := a.Choices[q]
		if i := slices.Index(cur, n); i >= 0 {
			// A fresh slice: cur may share its array with the caller's copy.
			a.Choices[q] = append(cur[:i:i], cur[i+1:]...)
		} else {
			a.Choices[q] = append(cur, n)
		}
		return q, nil
	default:
		return 0, fmt.Errorf("survey %d question %d (%s): choice %d: %w", sv.ID, q+1, qq.Kind, n, ErrAnswerInvalid)
	}
	next = sv.NextQuestion(*a)
	a.Done = next == len(sv.Questions)
	return next, nil
}

// ApplyText records a typed answer to free-text question q in a, replacing
// an earlier one, and returns the question to show next; a.Done says
// whether every question is answered. The text is taken as given: the
// caller has checked its length (Post.Validate).
//
// It returns ErrSurveyUnknown for a question the survey does not have,
// ErrAnswerInvalid for a question that is not free text and ErrNotUTF8
// for text that is not valid UTF-8.
func (sv Survey) ApplyText(a *Answers, q int, text string) (next int, err error) {
	if q < 0 || q >= len(sv.Questions) {
		return 0, fmt.Errorf("survey %d question %d: %w", sv.ID, q+1, ErrSurveyUnknown)
	}
	if k := sv.Questions[q].Kind; k != FreeText {
		return 0, fmt.Errorf("survey %d question %d (%s): typed answer: %w", sv.ID, q+1, k, ErrAnswerInvalid)
	}
	if !utf8.ValidString(text) {
		return 0, fmt.Errorf("survey %d question %d: typed answer: %w", sv.ID, q+1, ErrNotUTF8)
	}
	initAnswers(a)
	a.Texts[q] = text
	next = sv.NextQuestion(*a)
	a.Done = next == len(sv.Questions)
	return next, nil
}

// initAnswers makes a's maps, so a member's first answer can be recorded.
func initAnswers(a *Answers) {
	if a.Choices == nil {
		a.Choices = map[int][]int{}
	}
	if a.Texts == nil {
		a.Texts = map[int]string{}
	}
}
