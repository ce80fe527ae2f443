package i18n

import "branchbot/data"

// Keys of the audit log (/audit) and the data export (/export).
const (
	MsgAuditUsage  Key = "audit.usage"
	MsgAuditHead   Key = "audit.head"
	MsgAuditEmpty  Key = "audit.empty"
	MsgAuditObject Key = "audit.object"
	// MsgAuditOperator names the actor of an operator's entry (a backup).
	MsgAuditOperator Key = "audit.operator"
	MsgExportDone    Key = "export.done"
	MsgExportName    Key = "export.filename"
	MsgExportTooBig  Key = "export.toobig"
)

// AuditActionKey is the catalogue key of an audit action's words.
func AuditActionKey(a data.AuditAction) Key { return Key("auditaction." + string(a)) }

// AuditAction is an audit action's words in l; an action this build has
// no words for (from a newer one) shows its code.
func (l Lang) AuditAction(a data.AuditAction) string {
	if k := AuditActionKey(a); Has(l, k) {
		return l.T(k)
	}
	return string(a)
}

// opsTexts are the texts of the audit log and the export.
var opsTexts = map[Key]Text{
	"cmd.audit": {
		ZH: "查看操作记录：谁在何时做了什么（书记）",
		EN: "The audit log: who did what, and when (secretaries)",
	},
	"cmd.export": {
		ZH: "导出本支部全部数据（JSON 文件）",
		EN: "Export all of the branch's data (a JSON file)",
	},
	MsgAuditUsage: {
		ZH: "“%s”不是 1–%d 之间的条数。用法：/audit [条数]，不写为 %d 条。",
		EN: "“%s” is not a count from 1 to %d. Usage: /audit [count] (%d if left out).",
	},
	MsgAuditHead: {
		ZH: "🗂 <b>「%s」最近 %d 条操作记录</b>（新的在前）：",
		EN: "🗂 <b>The latest %[2]d actions in “%[1]s”</b> (newest first):",
	},
	MsgAuditEmpty: {
		ZH: "「%s」还没有操作记录。",
		EN: "Nothing has been recorded for “%s” yet.",
	},
	MsgAuditObject: {
		ZH: "#%d",
		EN: "#%d",
	},
	MsgExportDone: {
		ZH: "「%s」的全部数据（JSON，格式版本 %d）。此文件含成员个人信息，请妥善保管。",
		EN: "All data of “%s” (JSON, format version %d). The file holds members' personal data: keep it safe.",
	},
	MsgExportName: {
		ZH: "branchbot-export-%s",
		EN: "branchbot-export-%s",
	},
	MsgExportTooBig: {
		ZH: "数据超过 Telegram 允许的文件大小（%d MB），无法在这里发送。请服务器管理员运行 branchbot export 导出。",
		EN: "The data is larger than Telegram lets a bot send (%d MB). Ask the server's administrator to run branchbot export.",
	},
	AuditActionKey(data.AuditBranchCreate):   {ZH: "创建支部", EN: "created the branch"},
	AuditActionKey(data.AuditInviteCreate):   {ZH: "生成邀请链接", EN: "made an invite link"},
	AuditActionKey(data.AuditRoleChange):     {ZH: "变更身份", EN: "changed a role"},
	AuditActionKey(data.AuditGroupCreate):    {ZH: "新建党小组", EN: "created group"},
	AuditActionKey(data.AuditGroupSet):       {ZH: "分配党小组", EN: "put a member in a group"},
	AuditActionKey(data.AuditChatBind):       {ZH: "绑定群聊", EN: "bound a group chat"},
	AuditActionKey(data.AuditMeetingCreate):  {ZH: "安排会议", EN: "scheduled meeting"},
	AuditActionKey(data.AuditMeetingMove):    {ZH: "改期会议", EN: "moved meeting"},
	AuditActionKey(data.AuditMeetingEdit):    {ZH: "修改会议", EN: "edited meeting"},
	AuditActionKey(data.AuditMeetingCancel):  {ZH: "取消会议", EN: "cancelled meeting"},
	AuditActionKey(data.AuditMeetingRestore): {ZH: "恢复会议", EN: "restored meeting"},
	AuditActionKey(data.AuditNoticeSend):     {ZH: "发送通知", EN: "sent notice"},
	AuditActionKey(data.AuditSettingsChange): {ZH: "修改设置", EN: "changed settings"},
	AuditActionKey(data.AuditLeaveApprove):   {ZH: "批准请假", EN: "approved leave for meeting"},
	AuditActionKey(data.AuditLeaveReject):    {ZH: "驳回请假", EN: "rejected leave for meeting"},
	AuditActionKey(data.AuditSeriesCreate):   {ZH: "创建例会", EN: "created series"},
	AuditActionKey(data.AuditSeriesStop):     {ZH: "停止例会", EN: "stopped series"},
	AuditActionKey(data.AuditExport):         {ZH: "导出数据", EN: "exported the data"},
	AuditActionKey(data.AuditHolidayChange):  {ZH: "修改节假日", EN: "changed the holidays"},
	AuditActionKey(data.AuditMinutesEdit):    {ZH: "编辑会议记录", EN: "edited the minutes of meeting"},
	AuditActionKey(data.AuditCheckInFor):     {ZH: "代签/补签", EN: "checked someone in at meeting"},
	AuditActionKey(data.AuditSurveyCreate):   {ZH: "发起问卷", EN: "started a survey"},
	AuditActionKey(data.AuditEvalOpen):       {ZH: "开始民主评议", EN: "opened an evaluation"},
	AuditActionKey(data.AuditEvalClose):      {ZH: "结束民主评议", EN: "closed an evaluation"},
	AuditActionKey(data.AuditBackup):         {ZH: "备份了全部数据", EN: "took a backup of all data"},
	MsgAuditOperator:                         {ZH: "服务器管理员", EN: "The server's operator"},
}
