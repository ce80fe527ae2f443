package bot

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"branchbot/bot/export"
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
)

// registerSurveys: questionnaires answered by buttons, their reminders,
// and the results at the deadline.
func (b *Bot) registerSurveys() {
	b.router.Command(telegram.Command{Name: "survey", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.survey})
	telegram.HandleButton(b.router, btnSurvey, b.surveyButton)
	b.flows[draftSurveyText] = memberFlow(b.surveyText)
	b.engine.Handle(data.TimerSurveyRemind, b.fireSurvey)
	b.engine.Handle(data.TimerSurveyClose, b.fireSurvey)
}

// btnSurvey is a press on a survey card: a choice's index (or a 1–5
// scale value), data.SurveyNext for next/done, data.SurveyType to type a
// free-text answer.
var btnSurvey = cardButton(telegram.ButtonSpec{Action: "sv", Need: data.RoleMember}, 3,
	func(code string) bool {
		return code == data.SurveyNext || code == data.SurveyType || len(code) <= 2 && digits(code)
	})

// draftSurveyText waits for a member's typed answer to a free-text question.
const draftSurveyText = "survey_text"

var questionKinds = map[string]data.QuestionKind{
	"单选": data.SingleChoice, "single": data.SingleChoice,
	"多选": data.MultiChoice, "multi": data.MultiChoice,
	"评分": data.Scale, "scale": data.Scale,
	"填空": data.FreeText, "text": data.FreeText,
}

// ParseSurvey reads /survey's text:
//
//	/survey <title> [匿名|anon] [until=YYYY-MM-DD [HH:MM]]
//	单选：<question>｜<option>｜<option>…   (single:)
//	多选：<question>｜<option>｜…            (multi:)
//	评分：<question>                         (scale: 1–5)
//	填空：<question>                         (text:)
//
// The deadline defaults to a week ahead at 18:00.
func ParseSurvey(args string, loc *time.Location, now time.Time) (data.Survey, *InputError) {
	if !utf8.ValidString(args) {
		// Refused whole: a title or option cut at a bad byte would not be
		// what its author wrote.
		return data.Survey{}, &InputError{Problem: i18n.MsgSurveyNotUTF8}
	}
	lines := strings.Split(strings.TrimSpace(args), "\n")
	head := strings.Fields(lines[0])
	sv := data.Survey{}
	var title []string
	deadline := time.Time{}
	for i := 0; i < len(head); i++ {
		w := head[i]
		switch {
		case w == "匿名" || strings.EqualFold(w, "anon"):
			sv.Anonymous = true
		case strings.HasPrefix(strings.ToLower(w), "until="):
			day := w[len("until="):]
			clock := "18:00"
			if i+1 < len(head) {
				if _, ok := ParseClock(head[i+1]); ok {
					clock = head[i+1]
					i++
				}
			}
			t, ierr := parseWhen(day, clock, loc, now)
			if ierr != nil {
				return sv, ierr
			}
			deadline = t
		default:
			title = append(title, w)
		}
	}
	sv.Title = strings.Join(title, " ")
	if sv.Title == "" || len(lines) < 2 {
		return sv, &InputError{Problem: i18n.MsgSurveyUsage}
	}
	if deadline.IsZero() {
		d := now.In(loc).AddDate(0, 0, 7)
		deadline = schedule.WallTime(d.Year(), d.Month(), d.Day(), 18, 0, loc)
	}
	sv.Deadline = deadline
	for _, line := range lines[1:] {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		line = strings.Replace(line, "：", ":", 1)
		kind, rest, ok := strings.Cut(line, ":")
		qk, known := questionKinds[strings.ToLower(strings.TrimSpace(kind))]
		if !ok || !known {
			return sv, &InputError{Problem: i18n.MsgSurveyBadLine, Value: line}
		}
		parts := strings.Split(strings.ReplaceAll(rest, "｜", "|"), "|")
		q := data.Question{Kind: qk, Text: strings.TrimSpace(parts[0])}
		for _, o := range parts[1:] {
			q.Options = append(q.Options, strings.TrimSpace(o))
		}
		if (qk == data.FreeText || qk == data.Scale) && len(q.Options) > 0 {
			return sv, &InputError{Problem: i18n.MsgSurveyBadLine, Value: line}
		}
		sv.Questions = append(sv.Questions, q)
	}
	if err := sv.Validate(); errors.Is(err, data.ErrNotUTF8) {
		return sv, &InputError{Problem: i18n.MsgSurveyNotUTF8}
	} else if err != nil {
		return sv, &InputError{Problem: i18n.MsgSurveyInvalid}
	}
	return sv, nil
}

// survey is /survey <spec…>, /survey results <id>, /survey close <id>.
func (b *Bot) survey(r *request) (reply, error) {
	args := strings.TrimSpace(r.Cmd.Args)
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	first, rest := firstWord(args)
	switch strings.ToLower(first) {
	case "results", "结果", "close", "结束":
		id, err := parseID(rest)
		if err != nil {
			return say(r.Lang.T(i18n.MsgSurveyUsage)), nil
		}
		if strings.EqualFold(first, "close") || first == "结束" {
			if _, _, err := b.store.CloseSurveyWithResults(r.Ctx, data.SurveyClose{ID: id, BranchID: br.ID, Now: b.clock.Now()}); errors.Is(err, data.ErrSurveyUnknown) {
				return say(r.Lang.T(i18n.MsgSurveyUnknown, id)), nil
			} else if err != nil {
				return reply{}, err
			}
		}
		sv, err := b.store.Survey(id, br.ID)
		if err != nil {
			return say(r.Lang.T(i18n.MsgSurveyUnknown, id)), nil
		}
		if !sv.ResultsVisible() {
			return say(r.Lang.T(i18n.MsgSurveyResultsAfterClose, id, id)), nil
		}
		return reply{Nothing: true}, b.sendResults(r, id)
	}
	loc, now := b.zone(br), b.clock.Now()
	sv, ierr := ParseSurvey(args, loc, now)
	if ierr != nil {
		return inputError(r.Lang, ierr, i18n.MsgSurveyUsage), nil
	}
	sv.BranchID, sv.CreatedBy = br.ID, r.Person.UserID
	sv, err = b.store.CreateSurvey(b.audited(r, data.AuditSurveyCreate, data.ObjectSurvey, 0, sv.Title), sv, now, func(sv data.Survey, lang string) data.NoticeMessages {
		l := b.langOf(lang)
		text, buttons := b.surveyCard(l, sv, 0, data.Answers{})
		return data.NoticeMessages{Parts: []string{l.T(i18n.MsgSurveyIntro, esc(sv.Title), l.Moment(sv.Deadline, loc), anonWord(l, sv.Anonymous)) + "\n\n" + text}, Buttons: buttons}
	})
	if err != nil {
		return reply{}, err
	}
	return say(r.Lang.T(i18n.MsgSurveyCreated, sv.ID, len(sv.Members), r.Lang.Moment(sv.Deadline, loc), sv.ID)), nil
}

// surveyCard shows question q with its buttons.
func (b *Bot) surveyCard(l i18n.Lang, sv data.Survey, q int, a data.Answers) (string, [][]data.Button) {
	if q >= len(sv.Questions) {
		return l.T(i18n.MsgSurveyThanks, esc(sv.Title)), nil
	}
	qq := sv.Questions[q]
	text := l.T(i18n.MsgSurveyQuestion, q+1, len(sv.Questions), esc(qq.Text))
	cb := func(v string) string {
		return btnSurvey.Button("", card{ID: sv.ID, Index: q, Code: v}).Data
	}
	var rows [][]data.Button
	switch qq.Kind {
	case data.SingleChoice, data.MultiChoice:
		for i, o := range qq.Options {
			label := o
			for _, c := range a.Choices[q] {
				if c == i {
					label = "✓ " + o
				}
			}
			rows = append(rows, []data.Button{{Text: label, Data: cb(strconv.Itoa(i))}})
		}
		if qq.Kind == data.MultiChoice {
			rows = append(rows, []data.Button{{Text: l.T(i18n.MsgSurveyNext), Data: cb(data.SurveyNext)}})
		}
	case data.Scale:
		var row []data.Button
		for i := data.ScaleMin; i <= data.ScaleMax; i++ {
			row = append(row, data.Button{Text: strconv.Itoa(i), Data: cb(strconv.Itoa(i))})
		}
		rows = append(rows, row)
	case data.FreeText:
		text += "\n" + l.T(i18n.MsgSurveyType)
		rows = append(rows, []data.Button{{Text: l.T(i18n.MsgSurveyAnswerText), Data: cb(data.SurveyType)}})
	}
	return text, rows
}

// surveyButton handles a press on a survey card.
func (b *Bot) surveyButton(r *request, p card) (reply, error) {
	id, q, v := p.ID, p.Index, p.Code
	if v == data.SurveyType {
		_, err := b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftSurveyText, Fields: map[string]string{"survey": strconv.FormatUint(id, 10), "q": strconv.Itoa(q)}, UpdatedAt: b.clock.Now()})
		if err != nil {
			return reply{}, err
		}
		return reply{Toast: r.Lang.T(i18n.MsgSurveyType)}, nil
	}
	var show int
	sv, a, err := b.store.Answer(r.Ctx, id, r.Member.BranchID, r.Person, func(sv data.Survey, a *data.Answers) (err error) {
		show, err = sv.Apply(a, q, v)
		return err
	})
	switch {
	case errors.Is(err, data.ErrSurveyClosed):
		return reply{Toast: r.Lang.T(i18n.MsgSurveyClosedToast)}, nil
	case errors.Is(err, data.ErrSurveyUnknown), errors.Is(err, data.ErrAnswerInvalid), errors.Is(err, data.ErrNotAttendee):
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
	case err != nil:
		return reply{}, err
	}
	text, buttons := b.surveyCard(r.Lang, sv, show, a)
	return reply{Edit: true, Text: text, Buttons: buttons, Toast: r.Lang.T(i18n.MsgEvalRecorded)}, nil
}

// surveyText takes a typed answer to a free-text question.
func (b *Bot) surveyText(r *request, d data.Draft, text string) (reply, error) {
	text = strings.TrimSpace(text)
	if !utf8.ValidString(text) {
		return say(r.Lang.T(i18n.MsgSurveyAnswerNotUTF8)), nil // the draft waits for a better answer
	}
	if err := (data.Post{Text: text}).Validate(); err != nil {
		return say(r.Lang.T(i18n.MsgFbTooLong, data.MaxFeedbackLen)), nil // the draft waits for a better answer
	}
	if err := b.store.EndDraft(r.Ctx, d.UserID, d.ID); err != nil {
		return say(r.Lang.T(i18n.MsgButtonStale)), nil
	}
	id, _ := strconv.ParseUint(d.Fields["survey"], 10, 64)
	q, _ := strconv.Atoi(d.Fields["q"])
	var show int
	sv, a, err := b.store.Answer(r.Ctx, id, r.Member.BranchID, r.Person, func(sv data.Survey, a *data.Answers) (err error) {
		show, err = sv.ApplyText(a, q, text)
		return err
	})
	switch {
	case errors.Is(err, data.ErrSurveyClosed):
		return say(r.Lang.T(i18n.MsgSurveyClosedToast)), nil
	case errors.Is(err, data.ErrNotUTF8):
		return say(r.Lang.T(i18n.MsgSurveyAnswerNotUTF8)), nil
	case errors.Is(err, data.ErrSurveyUnknown), errors.Is(err, data.ErrAnswerInvalid), errors.Is(err, data.ErrNotAttendee):
		return say(r.Lang.T(i18n.MsgButtonStale)), nil
	case err != nil:
		return reply{}, err
	}
	t, buttons := b.surveyCard(r.Lang, sv, show, a)
	return reply{Text: t, Buttons: buttons}, nil
}

// sendResults sends a survey's results to the request's chat: the tally
// as a message, the answers as a CSV file.
func (b *Bot) sendResults(r *request, id uint64) error {
	sv, all, err := b.store.SurveyResults(id)
	if err != nil {
		return err
	}
	b.tg.Reply(r, say(resultsText(r.Lang, sv, all)))
	return b.sendResultsFile(r.Ctx, r.Chat.ID, r.Lang, sv, all)
}

// resultsText tallies a survey's answers for people.
func resultsText(l i18n.Lang, sv data.Survey, all []data.Answers) string {
	lines := []string{l.T(i18n.MsgSurveyResults, esc(sv.Title), data.Finished(all), len(sv.Members))}
	for qi, q := range sv.Questions {
		lines = append(lines, fmt.Sprintf("%d. %s", qi+1, esc(q.Text)))
		switch q.Kind {
		case data.SingleChoice, data.MultiChoice:
			counts := make([]int, len(q.Options))
			for _, a := range all {
				for _, c := range a.Choices[qi] {
					if c >= 0 && c < len(counts) {
						counts[c]++
					}
				}
			}
			for i, o := range q.Options {
				lines = append(lines, fmt.Sprintf("   %s：%d", esc(o), counts[i]))
			}
		case data.Scale:
			sum, n := 0, 0
			for _, a := range all {
				if c := a.Choices[qi]; len(c) == 1 {
					sum, n = sum+c[0], n+1
				}
			}
			if n > 0 {
				lines = append(lines, l.T(i18n.MsgSurveyAverage, float64(sum)/float64(n), n))
			}
		case data.FreeText:
			n := 0
			for _, a := range all {
				if _, ok := a.Texts[qi]; ok {
					n++
				}
			}
			lines = append(lines, l.T(i18n.MsgSurveyTexts, n))
		}
	}
	return strings.Join(lines, "\n")
}

// sendResultsFile sends a survey's answers as a CSV file, every cell
// neutralised against formulas (export.CSV). Anonymous answers are
// shuffled and numbered, never named.
func (b *Bot) sendResultsFile(ctx context.Context, chatID int64, l i18n.Lang, sv data.Survey, all []data.Answers) error {
	header := []string{l.T(i18n.MsgSurveyCSVMember)}
	for qi, q := range sv.Questions {
		header = append(header, fmt.Sprintf("%d. %s", qi+1, q.Text))
	}
	if sv.Anonymous {
		// Keys are random already; a shuffle costs nothing and keeps row
		// numbers meaningless should answers from before keys remain.
		rand.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	} else {
		sort.SliceStable(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	}
	var rows [][]string
	for i, a := range all {
		name := a.Name
		if sv.Anonymous {
			name = fmt.Sprint(i + 1) // anonymous: a row number, never a name
		}
		row := []string{name}
		for qi, q := range sv.Questions {
			var cell []string
			for _, c := range a.Choices[qi] {
				if q.Kind == data.Scale {
					cell = append(cell, strconv.Itoa(c))
				} else if c >= 0 && c < len(q.Options) {
					cell = append(cell, q.Options[c])
				}
			}
			if t, ok := a.Texts[qi]; ok {
				cell = append(cell, t)
			}
			row = append(row, strings.Join(cell, "; "))
		}
		rows = append(rows, row)
	}
	file, err := export.CSV(header, rows)
	if err != nil {
		return fmt.Errorf("survey %d file: %w", sv.ID, err)
	}
	err = b.tg.SendDocument(ctx, chatID, fmt.Sprintf("survey-%d.csv", sv.ID), file, l.T(i18n.MsgSurveyCSV, esc(sv.Title)))
	if err != nil {
		return fmt.Errorf("send survey file: %w", err)
	}
	return nil
}

// fireSurvey handles a survey's reminder and closing timers.
func (b *Bot) fireSurvey(ctx context.Context, t data.Timer) error {
	if t.Kind == data.TimerSurveyRemind {
		_, err := b.store.RemindSurvey(ctx, t.Ref, b.clock.Now(), func(sv data.Survey, lang string) string {
			l := b.langOf(lang)
			return l.T(i18n.MsgSurveyRemind, esc(sv.Title))
		})
		return err
	}
	// The results go into the outbox in the transaction that closes the
	// survey: a failed send is retried by the outbox, never lost.
	closed, sent, err := b.store.CloseSurveyWithResults(ctx, data.SurveyClose{
		ID: t.Ref, Now: b.clock.Now(),
		Results: func(sv data.Survey, all []data.Answers, lang string) data.NoticeMessages {
			return data.NoticeMessages{Parts: []string{resultsText(b.langOf(lang), sv, all)}}
		},
	})
	if errors.Is(err, data.ErrSurveyUnknown) {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if err != nil || !closed {
		return err
	}
	sv, all, err := b.store.SurveyResults(t.Ref)
	if err != nil {
		b.log.Warn("survey closed; its answers file not sent", "survey_id", t.Ref, "err", err)
		return nil
	}
	if sent == 0 {
		b.log.Warn("survey closed; its creator has left, results not sent", "survey_id", sv.ID)
		return nil
	}
	// The file is a convenience beside the durable tally: the timer is
	// consumed, so a failure is logged, not retried.
	creator, err := b.store.Member(sv.CreatedBy)
	if err == nil {
		err = b.sendResultsFile(ctx, creator.UserID, b.langOf(creator.Lang), sv, all)
	}
	if err != nil {
		b.log.Warn("survey closed; its answers file not sent", "survey_id", sv.ID, "err", err)
	}
	return nil
}
