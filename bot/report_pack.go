package bot

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"

	"branchbot/bot/export"
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// maxUpload is the largest file a bot may send through the Bot API.
const maxUpload = 50 << 20

// missingFile is an attachment the pack could not hold, and why.
type missingFile struct {
	Name   string
	Reason i18n.Key
}

// sendLedgerPack sends summary with the pack's own, then the evidence pack: the workbook, the chart and
// every file attached to the period's meetings, fetched from Telegram, in
// as few ZIPs as Telegram's upload limit allows. A file Telegram no longer
// serves, or one too big, is named in the reply and in a list inside the
// pack, and the rest is sent all the same.
func (b *Bot) sendLedgerPack(r *request, led data.Ledger, loc *time.Location, summary string) error {
	book, err := ledgerWorkbook(r.Lang, led, loc)
	if err != nil {
		return err
	}
	pic, err := ledgerChart(r.Lang, led, loc)
	if err != nil {
		return err
	}
	files := []export.File{book, pic}
	var missing []missingFile
	for _, lm := range led.Meetings {
		for i, e := range lm.Evidence {
			name := evidenceName(r.Lang, lm.Meeting, i+1, e, loc)
			body, err := b.tg.DownloadFile(r.Ctx, e.FileID)
			switch {
			case errors.Is(err, telegram.ErrFileGone):
				missing = append(missing, missingFile{name, i18n.MsgPackGone})
			case errors.Is(err, telegram.ErrFileTooBig):
				missing = append(missing, missingFile{name, i18n.MsgPackTooBigToFetch})
			case r.Ctx.Err() != nil:
				return r.Ctx.Err()
			case err != nil:
				b.log.Warn("evidence download", "meeting_id", lm.Meeting.ID, "err", err)
				missing = append(missing, missingFile{name, i18n.MsgPackFailed})
			default:
				files = append(files, export.File{Name: name, Data: body, Modified: e.At})
			}
		}
	}
	parts, left, err := export.Pack(packList(r.Lang, files, missing), b.packLimit())
	if err != nil {
		return fmt.Errorf("evidence pack: %w", err)
	}
	for _, l := range left {
		missing = append(missing, missingFile{l.Name, i18n.MsgPackTooBigToSend})
	}
	attached := len(files) - 2 - len(left) // the workbook and the chart are not attachments
	b.tg.Reply(r, say(summary+"\n\n"+packSummary(r.Lang, led, attached, len(parts), missing)))
	base := r.Lang.T(i18n.MsgPackFileName, led.Period.String())
	for i, part := range parts {
		name, caption := base+".zip", r.Lang.T(i18n.MsgPackCaption, led.Period.String(), esc(led.Branch.Name))
		if len(parts) > 1 {
			name = fmt.Sprintf("%s-%d.zip", base, i+1)
			caption += " " + r.Lang.T(i18n.MsgPackPart, i+1, len(parts))
		}
		if err := b.tg.SendDocument(r.Ctx, r.Chat.ID, name, part, caption); err != nil {
			return fmt.Errorf("send evidence pack part %d: %w", i+1, err)
		}
	}
	return nil
}

// packLimit is the largest ZIP the pack sends; tests set a small one.
func (b *Bot) packLimit() int64 {
	if b.cfg.PackLimit > 0 {
		return b.cfg.PackLimit
	}
	return maxUpload
}

// packList adds, when something is missing, a text file that says what
// and why, so the pack explains its own gaps to whoever opens it later.
func packList(l i18n.Lang, files []export.File, missing []missingFile) []export.File {
	if len(missing) == 0 {
		return files
	}
	var sb strings.Builder
	sb.WriteString(l.T(i18n.MsgPackMissingHead) + "\r\n")
	for _, m := range missing {
		sb.WriteString(m.Name + ": " + telegram.ToastText(l.T(m.Reason)) + "\r\n")
	}
	list := export.File{Name: l.T(i18n.MsgPackMissingFile) + ".txt", Data: []byte("\ufeff" + sb.String()), Modified: files[0].Modified}
	return append(files[:2:2], append([]export.File{list}, files[2:]...)...)
}

// packSummary is the reply before the ZIPs.
func packSummary(l i18n.Lang, led data.Ledger, attached, parts int, missing []missingFile) string {
	lines := []string{l.T(i18n.MsgPackHead, led.Period.String(), esc(led.Branch.Name), attached, parts)}
	if len(missing) > 0 {
		lines = append(lines, "", l.T(i18n.MsgPackMissingHead))
		for _, m := range missing {
			lines = append(lines, "• "+esc(m.Name)+l.T(i18n.MsgListSep)+l.T(m.Reason))
		}
	}
	return strings.Join(lines, "\n")
}

// captionInName is how much of a caption goes into a file's name.
const captionInName = 24

// evidenceName names an attachment in the pack by its meeting's date,
// number and kind, its place among the meeting's files, and its caption or
// original name: "2026-03-05 #12 支部党员大会 (1) 签到表.jpg".
func evidenceName(l i18n.Lang, m data.Meeting, n int, e data.Evidence, loc *time.Location) string {
	name := fmt.Sprintf("%s #%d %s (%d)", l.Date(m.Start, loc), m.ID, l.KindName(m.Kind), n)
	ext := ".jpg"
	if e.Kind != data.EvidencePhoto {
		ext = path.Ext(e.FileName)
	}
	label := e.Caption
	if e.FileName != "" {
		label = strings.TrimSuffix(e.FileName, path.Ext(e.FileName))
	}
	if label = excerpt(label, captionInName); label != "" {
		name += " " + label
	}
	return name + ext
}
