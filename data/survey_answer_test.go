package data_test

import (
	"errors"
	"reflect"
	"testing"

	"branchbot/data"
)

// answers builds Answers from the choices and texts given, for tables.
func answers(choices map[int][]int, texts map[int]string, done bool) data.Answers {
	if choices == nil {
		choices = map[int][]int{}
	}
	if texts == nil {
		texts = map[int]string{}
	}
	return data.Answers{Choices: choices, Texts: texts, Done: done}
}

func TestSurveyApply(t *testing.T) {
	// validSurvey: 0 single (2 options), 1 multi (3 options), 2 scale,
	// 3 free text.
	sv := validSurvey()
	allButSingle := func() data.Answers {
		return answers(map[int][]int{1: {0}, 2: {4}}, map[int]string{3: "fine"}, false)
	}
	tests := []struct {
		name    string
		before  data.Answers
		q       int
		choice  string
		want    data.Answers
		next    int
		wantErr error
	}{
		// Single choice.
		{name: "single: first option", before: answers(nil, nil, false), q: 0, choice: "0",
			want: answers(map[int][]int{0: {0}}, nil, false), next: 1},
		{name: "single: last option", before: answers(nil, nil, false), q: 0, choice: "1",
			want: answers(map[int][]int{0: {1}}, nil, false), next: 1},
		{name: "single: a new choice replaces the old", before: answers(map[int][]int{0: {0}}, nil, false), q: 0, choice: "1",
			want: answers(map[int][]int{0: {1}}, nil, false), next: 1},
		{name: "single: past the options", before: answers(nil, nil, false), q: 0, choice: "2", wantErr: data.ErrAnswerInvalid},
		{name: "single: negative", before: answers(nil, nil, false), q: 0, choice: "-1", wantErr: data.ErrAnswerInvalid},
		{name: "single: next is for multiple choice", before: answers(nil, nil, false), q: 0, choice: data.SurveyNext, wantErr: data.ErrAnswerInvalid},
		{name: "single: the last answer finishes", before: allButSingle(), q: 0, choice: "0",
			want: answers(map[int][]int{0: {0}, 1: {0}, 2: {4}}, map[int]string{3: "fine"}, true), next: 4},

		// Multiple choice.
		{name: "multi: a choice stays on the question", before: answers(nil, nil, false), q: 1, choice: "2",
			want: answers(map[int][]int{1: {2}}, nil, false), next: 1},
		{name: "multi: a second choice adds", before: answers(map[int][]int{1: {2}}, nil, false), q: 1, choice: "0",
			want: answers(map[int][]int{1: {2, 0}}, nil, false), next: 1},
		{name: "multi: choosing again removes", before: answers(map[int][]int{1: {2, 0, 1}}, nil, false), q: 1, choice: "0",
			want: answers(map[int][]int{1: {2, 1}}, nil, false), next: 1},
		{name: "multi: removing the last leaves nothing chosen", before: answers(map[int][]int{1: {2}}, nil, false), q: 1, choice: "2",
			want: answers(map[int][]int{1: {}}, nil, false), next: 1},
		{name: "multi: a toggle leaves done as it was", before: answers(map[int][]int{0: {0}, 1: {0}, 2: {4}}, map[int]string{3: "fine"}, true), q: 1, choice: "1",
			want: answers(map[int][]int{0: {0}, 1: {0, 1}, 2: {4}}, map[int]string{3: "fine"}, true), next: 1},
		{name: "multi: next with nothing chosen answers it", before: answers(nil, nil, false), q: 1, choice: data.SurveyNext,
			want: answers(map[int][]int{1: {}}, nil, false), next: 0},
		{name: "multi: next keeps the choices", before: answers(map[int][]int{0: {1}, 1: {0, 2}}, nil, false), q: 1, choice: data.SurveyNext,
			want: answers(map[int][]int{0: {1}, 1: {0, 2}}, nil, false), next: 2},
		{name: "multi: next on the last question finishes", before: answers(map[int][]int{0: {1}, 1: {0}, 2: {3}}, map[int]string{3: "x"}, false), q: 1, choice: data.SurveyNext,
			want: answers(map[int][]int{0: {1}, 1: {0}, 2: {3}}, map[int]string{3: "x"}, true), next: 4},
		{name: "multi: past the options", before: answers(nil, nil, false), q: 1, choice: "3", wantErr: data.ErrAnswerInvalid},

		// Scale.
		{name: "scale: lowest", before: answers(nil, nil, false), q: 2, choice: "1",
			want: answers(map[int][]int{2: {1}}, nil, false), next: 0},
		{name: "scale: highest", before: answers(nil, nil, false), q: 2, choice: "5",
			want: answers(map[int][]int{2: {5}}, nil, false), next: 0},
		{name: "scale: zero", before: answers(nil, nil, false), q: 2, choice: "0", wantErr: data.ErrAnswerInvalid},
		{name: "scale: six", before: answers(nil, nil, false), q: 2, choice: "6", wantErr: data.ErrAnswerInvalid},
		{name: "scale: next", before: answers(nil, nil, false), q: 2, choice: data.SurveyNext, wantErr: data.ErrAnswerInvalid},

		// Free text takes no press.
		{name: "text: a number", before: answers(nil, nil, false), q: 3, choice: "1", wantErr: data.ErrAnswerInvalid},
		{name: "text: next", before: answers(nil, nil, false), q: 3, choice: data.SurveyNext, wantErr: data.ErrAnswerInvalid},
		{name: "text: type is not an answer", before: answers(nil, nil, false), q: 3, choice: data.SurveyType, wantErr: data.ErrAnswerInvalid},

		// The question itself.
		{name: "question past the end", before: answers(nil, nil, false), q: 4, choice: "0", wantErr: data.ErrSurveyUnknown},
		{name: "negative question", before: answers(nil, nil, false), q: -1, choice: "0", wantErr: data.ErrSurveyUnknown},
		{name: "not a number", before: answers(nil, nil, false), q: 0, choice: "x", wantErr: data.ErrAnswerInvalid},

		// A member's first answer, before the store made the maps.
		{name: "no maps yet", before: data.Answers{}, q: 0, choice: "1",
			want: answers(map[int][]int{0: {1}}, nil, false), next: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.before
			next, err := sv.Apply(&a, tt.q, tt.choice)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Apply(%d, %q) = %d, %v; want %v", tt.q, tt.choice, next, err, tt.wantErr)
				}
				return
			}
			if err != nil || next != tt.next || !reflect.DeepEqual(a, tt.want) {
				t.Fatalf("Apply(%d, %q) = %d, %v, answers %+v; want %d, answers %+v", tt.q, tt.choice, next, err, a, tt.next, tt.want)
			}
		})
	}
}

func TestSurveyApplyToggleKeepsTheCallersCopy(t *testing.T) {
	// The store hands Apply a fresh copy, but a caller keeping the old
	// answers must not see them change under it.
	sv := validSurvey()
	chosen := make([]int, 3, 8)
	copy(chosen, []int{0, 1, 2})
	a := answers(map[int][]int{1: chosen}, nil, false)
	if _, err := sv.Apply(&a, 1, "0"); err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if !reflect.DeepEqual(chosen, []int{0, 1, 2}) || !reflect.DeepEqual(a.Choices[1], []int{1, 2}) {
		t.Fatalf("after removing 0: caller's %v, answers %v; want [0 1 2] and [1 2]", chosen, a.Choices[1])
	}
}

func TestSurveyApplyText(t *testing.T) {
	sv := validSurvey()
	tests := []struct {
		name    string
		before  data.Answers
		q       int
		want    data.Answers
		next    int
		wantErr error
	}{
		{name: "first answer", before: data.Answers{}, q: 3,
			want: answers(nil, map[int]string{3: "typed"}, false), next: 0},
		{name: "replaces an earlier one", before: answers(nil, map[int]string{3: "old"}, false), q: 3,
			want: answers(nil, map[int]string{3: "typed"}, false), next: 0},
		{name: "the last answer finishes", before: answers(map[int][]int{0: {0}, 1: {}, 2: {3}}, nil, false), q: 3,
			want: answers(map[int][]int{0: {0}, 1: {}, 2: {3}}, map[int]string{3: "typed"}, true), next: 4},
		{name: "a choice question", before: data.Answers{}, q: 0, wantErr: data.ErrAnswerInvalid},
		{name: "a scale", before: data.Answers{}, q: 2, wantErr: data.ErrAnswerInvalid},
		{name: "past the end", before: data.Answers{}, q: 4, wantErr: data.ErrSurveyUnknown},
		{name: "negative", before: data.Answers{}, q: -1, wantErr: data.ErrSurveyUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.before
			next, err := sv.ApplyText(&a, tt.q, "typed")
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("ApplyText(%d) = %d, %v; want %v", tt.q, next, err, tt.wantErr)
				}
				return
			}
			if err != nil || next != tt.next || !reflect.DeepEqual(a, tt.want) {
				t.Fatalf("ApplyText(%d) = %d, %v, answers %+v; want %d, answers %+v", tt.q, next, err, a, tt.next, tt.want)
			}
		})
	}
}

func TestSurveyNextQuestion(t *testing.T) {
	sv := validSurvey()
	for _, tc := range []struct {
		name string
		a    data.Answers
		want int
	}{
		{"nothing answered", data.Answers{}, 0},
		{"the first answered", answers(map[int][]int{0: {1}}, nil, false), 1},
		{"a gap comes first", answers(map[int][]int{0: {1}, 2: {3}}, nil, false), 1},
		{"an empty multiple choice is answered", answers(map[int][]int{0: {1}, 1: {}}, nil, false), 2},
		{"a text answers", answers(map[int][]int{0: {1}, 1: {0}, 2: {5}}, map[int]string{3: ""}, false), 4},
		{"any answer counts, even a text for a choice", answers(map[int][]int{1: {0}, 2: {5}}, map[int]string{3: "x", 0: "odd"}, false), 4},
	} {
		if got := sv.NextQuestion(tc.a); got != tc.want {
			t.Errorf("%s: NextQuestion = %d; want %d", tc.name, got, tc.want)
		}
	}
}
