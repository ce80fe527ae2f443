package bot

import (
	"bytes"
	"fmt"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerExport: /export sends a secretary all of their branch's data
// as one JSON file in the documented format (docs/export.md).
func (b *Bot) registerExport() {
	b.router.Command(telegram.Command{Name: "export", Need: data.RoleSecretary, Where: telegram.PrivateOnly, Menu: true, Handle: b.exportBranch})
}

// exportBranch is /export. The entry is recorded before the file leaves:
// data that went out is never missing from the log.
func (b *Bot) exportBranch(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	var buf bytes.Buffer
	if err := b.store.ExportJSON(r.Ctx, &buf, br.ID); err != nil {
		return reply{}, err
	}
	if limit := b.packLimit(); int64(buf.Len()) > limit {
		return say(r.Lang.T(i18n.MsgExportTooBig, limit>>20)), nil
	}
	entry := b.auditEntry(r, data.AuditExport, data.ObjectBranch, auditID(br.ID), fmt.Sprintf("%d B", buf.Len()))
	if err := b.store.RecordAudit(r.Ctx, entry); err != nil {
		return reply{}, err
	}
	name := r.Lang.T(i18n.MsgExportName, b.clock.Now().In(b.zone(br)).Format("2006-01-02")) + ".json"
	caption := r.Lang.T(i18n.MsgExportDone, esc(br.Name), data.ExportVersion)
	if err := b.tg.SendDocument(r.Ctx, r.Chat.ID, name, buf.Bytes(), caption); err != nil {
		return reply{}, fmt.Errorf("send export: %w", err)
	}
	b.log.Info("branch exported", "branch_id", br.ID, "by", r.Person.UserID, "bytes", buf.Len())
	return reply{Nothing: true}, nil
}
