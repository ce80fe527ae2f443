package bot

import (
	"errors"
	"slices"
	"strings"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerEvaluation: the democratic evaluation's rounds and ballots.
func (b *Bot) registerEvaluation() {
	b.router.Command(telegram.Command{Name: "evaluate", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.evaluate})
	telegram.HandleButton(b.router, btnEvaluate, b.evalButton)
}

// btnEvaluate is a press on an evaluation card: a grade for the member on
// card Card ("e", "q", "b", "u"), or "n" to move on.
var btnEvaluate = cardButton(telegram.ButtonSpec{Action: "ev", Need: data.RoleMember}, 6,
	func(code string) bool { return len(code) == 1 && strings.Contains("eqbun", code) })

// ratingCodes are the grades as one letter in callback data; "n" only
// moves the card.
var ratingCodes = map[string]data.Rating{"e": data.Excellent, "q": data.Qualified, "b": data.Basic, "u": data.Unqualified}

// evaluate is /evaluate open|close (and alone, the round's state).
func (b *Bot) evaluate(r *request) (reply, error) {
	br := r.Member.BranchID
	switch strings.ToLower(strings.TrimSpace(r.Cmd.Args)) {
	case "open", "开始":
		round, err := b.store.OpenRound(r.Ctx, br, b.clock.Now())
		if errors.Is(err, data.ErrRoundOpen) {
			return say(r.Lang.T(i18n.MsgEvalAlready)), nil
		}
		if err != nil {
			return reply{}, err
		}
		members, err := b.store.Members(br)
		if err != nil {
			return reply{}, err
		}
		langs := map[int64]string{}
		for _, m := range members {
			langs[m.UserID] = m.Lang
		}
		var out []data.OutMessage
		for _, voter := range round.Members {
			lang, ok := langs[voter]
			if !ok {
				continue
			}
			l := b.langOf(lang)
			text, buttons := b.evalCard(l, round, voter, 0, nil)
			out = append(out, data.OutMessage{ChatID: voter, Text: l.T(i18n.MsgEvalStartSelf) + "\n\n" + text, Buttons: buttons, Purpose: data.Purpose{Kind: data.PurposeReport}})
		}
		if err := b.store.Enqueue(r.Ctx, b.clock.Now(), out...); err != nil {
			return reply{}, err
		}
		return say(r.Lang.T(i18n.MsgEvalOpened, r.Lang.Members(len(round.Members)))), nil
	case "close", "结束":
		round, err := b.store.CloseRound(r.Ctx, br, b.clock.Now())
		if errors.Is(err, data.ErrNoRound) {
			return say(r.Lang.T(i18n.MsgEvalNone)), nil
		}
		if err != nil {
			return reply{}, err
		}
		return say(evalResultsText(r.Lang, round)), nil
	case "":
		if _, err := b.store.CurrentRound(br); err == nil {
			return say(r.Lang.T(i18n.MsgEvalRunning)), nil
		}
		return say(r.Lang.T(i18n.MsgEvalNone) + "\n\n" + r.Lang.T(i18n.MsgEvalUsage)), nil
	}
	return say(r.Lang.T(i18n.MsgEvalUsage)), nil
}

// evalResultsText is a closed round's results: per-member tallies only
// when enough complete ballots came in (data.Round.Count), else why not.
func evalResultsText(l i18n.Lang, round data.Round) string {
	if round.Withheld {
		return l.T(i18n.MsgEvalWithheld, round.Voters, round.MinVoters)
	}
	lines := []string{l.T(i18n.MsgEvalCounted, round.Voters, len(round.Members))}
	for _, m := range round.Members {
		t := round.Tallies[m]
		lines = append(lines, l.T(i18n.MsgEvalTally, esc(round.Names[m]), t[data.Excellent], t[data.Qualified], t[data.Basic], t[data.Unqualified]))
	}
	if round.SetAside > 0 {
		lines = append(lines, l.T(i18n.MsgEvalSetAside, round.SetAside))
	}
	return strings.Join(lines, "\n")
}

// evalTargets are whom a voter rates: every member of the round, the
// voter included (自评), so that every member's tally has the same total
// and none shows whether they voted.
func evalTargets(round data.Round, voter int64) []int64 {
	if !slices.Contains(round.Members, voter) {
		return nil
	}
	return round.Members
}

// evalCard shows one member to rate, the voter's own choice so far, and
// the grade and navigation buttons.
func (b *Bot) evalCard(l i18n.Lang, round data.Round, voter int64, idx int, mine map[int64]data.Rating) (string, [][]data.Button) {
	targets := evalTargets(round, voter)
	if len(targets) == 0 {
		return l.T(i18n.MsgEvalNothing), nil
	}
	idx = (idx%len(targets) + len(targets)) % len(targets)
	target := targets[idx]
	choice := l.T(i18n.MsgEvalNotYet)
	if r, ok := mine[target]; ok {
		choice = l.T(i18n.Key("rating." + string(r)))
	}
	name := esc(round.Names[target])
	if target == voter {
		name = l.T(i18n.MsgEvalSelf, name)
	}
	text := l.T(i18n.MsgEvalCard, idx+1, len(targets), name, choice, len(mine), len(targets))
	data_ := func(i int, code string) string {
		return btnEvaluate.Button("", card{ID: round.ID, Index: i, Code: code}).Data
	}
	var grades []data.Button
	for _, code := range []string{"e", "q", "b", "u"} {
		label := l.T(i18n.Key("rating." + string(ratingCodes[code])))
		if mine[target] == ratingCodes[code] {
			label = "✓ " + label
		}
		grades = append(grades, data.Button{Text: label, Data: data_(idx, code)})
	}
	nav := []data.Button{{Text: "◀", Data: data_(idx-1, "n")}, {Text: "▶", Data: data_(idx+1, "n")}}
	return text, [][]data.Button{grades[:2], grades[2:], nav}
}

// evalButton is a press on a card: a grade (recorded, then the next
// member) or a move.
func (b *Bot) evalButton(r *request, p card) (reply, error) {
	roundID, idx := p.ID, p.Index
	round, err := b.store.CurrentRound(r.Member.BranchID)
	if err != nil || round.ID != roundID {
		return reply{Toast: r.Lang.T(i18n.MsgEvalRoundStale)}, nil
	}
	targets := evalTargets(round, r.Person.UserID)
	if len(targets) == 0 {
		return reply{Toast: r.Lang.T(i18n.MsgEvalNotVoter)}, nil
	}
	idx = (idx%len(targets) + len(targets)) % len(targets)
	toast := ""
	if rating, ok := ratingCodes[p.Code]; ok {
		err := b.store.Vote(r.Ctx, roundID, r.Person.UserID, targets[idx], rating)
		switch {
		case errors.Is(err, data.ErrRoundClosed), errors.Is(err, data.ErrNoRound):
			return reply{Toast: r.Lang.T(i18n.MsgEvalRoundStale)}, nil
		case errors.Is(err, data.ErrNotVoter):
			return reply{Toast: r.Lang.T(i18n.MsgEvalNotVoter)}, nil
		case err != nil:
			return reply{}, err
		}
		toast = r.Lang.T(i18n.MsgEvalRecorded)
		idx++
	}
	mine, err := b.store.MyBallot(roundID, r.Person.UserID)
	if err != nil {
		return reply{}, err
	}
	text, buttons := b.evalCard(r.Lang, round, r.Person.UserID, idx, mine)
	return reply{Edit: true, Text: text, Buttons: buttons, Toast: toast}, nil
}
