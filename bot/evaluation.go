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
	telegram.HandleButton(b.router, btnEvalClose, b.evalCloseConfirmed)
	telegram.HandleButton(b.router, btnEvalRemind, b.evalRemind)
}

// The confirmation of /evaluate close: close the round, or first remind
// the voters whose ballot is not complete. Both carry the round's id, so
// a button of an earlier round does nothing to a later one.
var (
	btnEvalClose  = idButton(telegram.ButtonSpec{Action: "evc", Need: data.RoleSecretary})
	btnEvalRemind = idButton(telegram.ButtonSpec{Action: "evr", Need: data.RoleSecretary})
)

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
		round, err := b.store.OpenRound(b.audited(r, data.AuditEvalOpen, data.ObjectRound, 0, ""), br, b.clock.Now())
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
		// Closing deletes the ballots and cannot be undone: ask first, with
		// how many are complete and a way to remind the others.
		round, err := b.store.CurrentRound(br)
		if errors.Is(err, data.ErrNoRound) {
			return say(r.Lang.T(i18n.MsgEvalNone)), nil
		}
		if err != nil {
			return reply{}, err
		}
		behind, err := b.behindVoters(round)
		if err != nil {
			return reply{}, err
		}
		branch, err := b.store.Branch(br)
		if err != nil {
			return reply{}, err
		}
		buttons := []data.Button{btnEvalClose.Button(r.Lang.T(i18n.MsgBtnEvalClose), round.ID)}
		if len(behind) > 0 {
			buttons = append(buttons, btnEvalRemind.Button(r.Lang.T(i18n.MsgBtnEvalRemind), round.ID))
		}
		return reply{
			Text:    r.Lang.T(i18n.MsgEvalCloseAsk, len(round.Members)-len(behind), len(round.Members), branch.Settings.EvalThreshold()),
			Buttons: [][]data.Button{buttons},
		}, nil
	case "":
		if _, err := b.store.CurrentRound(br); err == nil {
			return say(r.Lang.T(i18n.MsgEvalRunning)), nil
		}
		return say(r.Lang.T(i18n.MsgEvalNone) + "\n\n" + r.Lang.T(i18n.MsgEvalUsage)), nil
	}
	return say(r.Lang.T(i18n.MsgEvalUsage)), nil
}

// behindVoters are the round's voters whose ballot is not complete.
func (b *Bot) behindVoters(round data.Round) ([]int64, error) {
	progress, err := b.store.BallotProgress(round.ID)
	if err != nil {
		return nil, err
	}
	var behind []int64
	for _, v := range round.Members {
		if progress[v] < len(evalTargets(round, v)) {
			behind = append(behind, v)
		}
	}
	return behind, nil
}

// evalCloseConfirmed is the confirmation's close button.
func (b *Bot) evalCloseConfirmed(r *request, roundID uint64) (reply, error) {
	if cur, err := b.store.CurrentRound(r.Member.BranchID); err != nil || cur.ID != roundID {
		if err != nil && !errors.Is(err, data.ErrNoRound) {
			return reply{}, err
		}
		return reply{Toast: r.Lang.T(i18n.MsgEvalRoundStale)}, nil
	}
	round, err := b.store.CloseRound(b.audited(r, data.AuditEvalClose, data.ObjectRound, auditID(roundID), ""), r.Member.BranchID, b.clock.Now())
	if errors.Is(err, data.ErrNoRound) {
		return reply{Toast: r.Lang.T(i18n.MsgEvalRoundStale)}, nil
	}
	if err != nil {
		return reply{}, err
	}
	return reply{Edit: true, Text: evalResultsText(r.Lang, round)}, nil
}

// evalRemind sends each voter whose ballot is not complete their card
// again, privately; the secretary learns how many, never who.
func (b *Bot) evalRemind(r *request, roundID uint64) (reply, error) {
	round, err := b.store.CurrentRound(r.Member.BranchID)
	if err != nil || round.ID != roundID {
		if err != nil && !errors.Is(err, data.ErrNoRound) {
			return reply{}, err
		}
		return reply{Toast: r.Lang.T(i18n.MsgEvalRoundStale)}, nil
	}
	behind, err := b.behindVoters(round)
	if err != nil {
		return reply{}, err
	}
	members, err := b.store.Members(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	langs := map[int64]string{}
	for _, m := range members {
		langs[m.UserID] = m.Lang
	}
	var out []data.OutMessage
	for _, voter := range behind {
		lang, ok := langs[voter]
		if !ok {
			continue // left the branch since the round opened
		}
		mine, err := b.store.MyBallot(round.ID, voter)
		if err != nil {
			return reply{}, err
		}
		targets := evalTargets(round, voter)
		idx := slices.IndexFunc(targets, func(t int64) bool { _, done := mine[t]; return !done })
		l := b.langOf(lang)
		text, buttons := b.evalCard(l, round, voter, max(idx, 0), mine)
		out = append(out, data.OutMessage{ChatID: voter, Text: l.T(i18n.MsgEvalReminder, l.Members(len(targets)-len(mine))) + "\n\n" + text, Buttons: buttons, Purpose: data.Purpose{Kind: data.PurposeReport}})
	}
	if err := b.store.Enqueue(r.Ctx, b.clock.Now(), out...); err != nil {
		return reply{}, err
	}
	return reply{Toast: r.Lang.T(i18n.MsgEvalReminded, r.Lang.Members(len(out)))}, nil
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
	if toast != "" && len(mine) == len(targets) {
		// Said at each grade once the ballot is complete, so that a voter
		// changing a grade knows it still counts.
		toast = r.Lang.T(i18n.MsgEvalAllDone, r.Lang.Members(len(targets)))
	}
	text, buttons := b.evalCard(r.Lang, round, r.Person.UserID, idx, mine)
	return reply{Edit: true, Text: text, Buttons: buttons, Toast: toast}, nil
}
