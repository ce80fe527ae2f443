package i18n

// Keys of the ledger's texts: the cadence of required meetings, its
// check (/compliance) and its warnings.
const (
	MsgComplianceHead      Key = "compliance.head"
	MsgComplianceHeld      Key = "compliance.held"
	MsgComplianceMissed    Key = "compliance.missed"
	MsgCompliancePlanned   Key = "compliance.planned"
	MsgComplianceUnplanned Key = "compliance.unplanned"
	MsgComplianceNone      Key = "compliance.none"
	// MsgComplianceBeforeBranch: the period ended before the branch began.
	MsgComplianceBeforeBranch Key = "compliance.beforebranch"
	MsgComplianceFoot         Key = "compliance.foot"
	MsgComplianceBad          Key = "compliance.bad"
	MsgComplianceFuture       Key = "compliance.future"
	MsgCadenceWarnHead        Key = "cadence.warn.head"
	MsgCadenceWarnLine        Key = "cadence.warn.line"
	MsgCadenceWarnLast        Key = "cadence.warn.last"
	MsgCadenceWarnFoot        Key = "cadence.warn.foot"
	// MsgCadenceSettingsNoWarn is the cadence line when warnings are off.
	MsgCadenceSettingsNoWarn Key = "cadence.settings.nowarn"
	MsgCadenceSettings       Key = "cadence.settings"
	MsgCadenceUsage          Key = "cadence.usage"
)

// ledgerTexts are the ledger's texts.
var ledgerTexts = map[Key]Text{
	"cmd.compliance": {
		ZH: "三会一课等规定会议的落实情况",
		EN: "Whether the required meetings were held",
	},
	MsgComplianceHead: {
		ZH: "📋 %s 规定会议落实情况（%s）",
		EN: "📋 Required meetings, %s (%s)",
	},
	MsgComplianceHeld: {
		ZH: "已召开 %s",
		EN: "held %s",
	},
	MsgComplianceMissed: {
		ZH: "未召开",
		EN: "not held",
	},
	MsgCompliancePlanned: {
		ZH: "已安排 %s",
		EN: "scheduled %s",
	},
	MsgComplianceUnplanned: {
		ZH: "尚未安排（截至 %s）",
		EN: "not scheduled yet (due by %s)",
	},
	MsgComplianceBeforeBranch: {
		ZH: "本支部 %s 才在 branchbot 创建，这一期没有记录。",
		EN: "This branch was created in branchbot on %s: there is nothing on record for this period.",
	},
	MsgComplianceNone: {
		ZH: "本支部没有规定的会议节奏。书记可用 /settings cadence=… 设置。",
		EN: "This branch has no required meetings. A secretary can set them with /settings cadence=…",
	},
	MsgComplianceFoot: {
		ZH: "✔ 已召开 · ✗ 未召开 · ⏳ 期限未到。只计已结束、未取消的会议。",
		EN: "✔ held · ✗ missed · ⏳ still due. Only meetings that ended and were not cancelled count.",
	},
	MsgComplianceBad: {
		ZH: "“%s”不是有效的期间。用法：/compliance [2026-Q1|2026-03|2026]，不写则为本季度。",
		EN: "“%s” is not a valid period. Usage: /compliance [2026-Q1|2026-03|2026]; without one, this quarter.",
	},
	MsgComplianceFuture: {
		ZH: "%s 还没有开始，没有可检查的会议。",
		EN: "%s has not begun: there are no meetings to check yet.",
	},
	MsgCadenceWarnHead: {
		ZH: "⚠️ 以下规定会议尚未安排：",
		EN: "⚠️ These required meetings are not scheduled yet:",
	},
	MsgCadenceWarnLine: {
		ZH: "%s：还剩 %d 天（截至 %s）",
		EN: "%s: %d days left (due by %s)",
	},
	MsgCadenceWarnLast: {
		ZH: "%s：只剩最后 %d 天（截至 %s）",
		EN: "%s: only %d days left, the last week (due by %s)",
	},
	MsgCadenceWarnFoot: {
		ZH: "用 /meeting 安排会议；/compliance 查看本季度落实情况。",
		EN: "Schedule it with /meeting; /compliance shows this quarter.",
	},
	MsgCadenceSettings: {
		ZH: "规定会议：%s；未安排提醒：期末前 %s 及最后一周",
		EN: "Required meetings: %s; warning when not scheduled: %s before the period ends, and in its last week",
	},
	MsgCadenceSettingsNoWarn: {
		ZH: "规定会议：%s；未安排提醒：关闭",
		EN: "Required meetings: %s; warning when not scheduled: off",
	},
	"cadence.monthly":   {ZH: "每月", EN: "monthly"},
	"cadence.quarterly": {ZH: "每季度", EN: "quarterly"},
	MsgCadenceUsage: {
		ZH: "cadence=committee:monthly,lecture:quarterly,group:off（类型:monthly|quarterly|off；cadence=default 恢复默认）；cadencewarn=14d|off（1d–28d）",
		EN: "cadence=committee:monthly,lecture:quarterly,group:off (kind:monthly|quarterly|off; cadence=default restores the usual rule); cadencewarn=14d|off (1d–28d)",
	},
	"setting.range.cadence": {
		ZH: "类型:monthly|quarterly|off，用逗号分隔（类型：assembly、committee、group、lecture、themeday、other），或 default",
		EN: "kind:monthly|quarterly|off, separated by commas (kinds: assembly, committee, group, lecture, themeday, other), or default",
	},
	"setting.range.cadencewarn": {
		ZH: "1d–28d 或 off",
		EN: "1d–28d or off",
	},
}
