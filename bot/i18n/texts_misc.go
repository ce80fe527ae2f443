package i18n

// Keys of the texts below: minutes' versions, settings' ranges, member
// numbers, holidays, themed days' monthly themes and the evaluation's
// close.
const (
	MsgMinutesReplaced    Key = "minutes.replaced"
	MsgMinutesNone        Key = "minutes.none"
	MsgMinutesShow        Key = "minutes.show"
	MsgMinutesEarlier     Key = "minutes.earlier"
	MsgMinutesVersion     Key = "minutes.version"
	MsgFbNotYoursRelay    Key = "fb.notyours.relay"
	MsgRoleYours          Key = "role.yours"
	MsgSettingsMore       Key = "settings.more"
	MsgAnonRelay          Key = "settings.anon.relay"
	MsgAnonStrict         Key = "settings.anon.strict"
	MsgSettingsUsageMore  Key = "settings.usage.more"
	MsgSettingOutOfRange  Key = "setting.outofrange"
	MsgHolidayDeleted     Key = "holiday.deleted"
	MsgHolidayThemeDay    Key = "holiday.themeday"
	MsgPostEnded          Key = "post.ended"
	MsgSummaryNextMinuted Key = "summary.next.minuted"
	MsgPostCancelled      Key = "post.cancelled"
	MsgNoticeDraftSent    Key = "notice.draft.sent"
	MsgEvalRoundStale     Key = "eval.round.stale"
	MsgEvalCloseAsk       Key = "eval.close.ask"
	MsgBtnEvalClose       Key = "eval.btn.close"
	MsgBtnEvalRemind      Key = "eval.btn.remind"
	MsgEvalReminder       Key = "eval.reminder"
	MsgEvalReminded       Key = "eval.reminded"
	MsgEvalAllDone        Key = "eval.alldone"
	MsgThemeMonthUsage    Key = "themeday.month.usage"
	MsgThemeMonthPast     Key = "themeday.month.past"
	MsgThemeMonthSet      Key = "themeday.month.set"
	MsgThemeMonthList     Key = "themeday.month.list"
)

// SettingRangeKey is the key of the text that names the values a setting
// allows ("0–2" for followups), for a refusal to name them.
func SettingRangeKey(setting string) Key { return Key("setting.range." + setting) }

// miscTexts are the texts of the smaller features' later additions.
var miscTexts = map[Key]Text{
	MsgMinutesReplaced: {
		ZH: "会议 #%d 的记录已更新，替换了 %s 于 %s 保存的版本（旧版本已保留，共 %d 个较早版本；发送 /minutes %d 查看）。",
		EN: "Minutes of meeting #%d updated. They replace the version %s saved at %s, which is kept (earlier versions kept: %d; send /minutes %d to see them).",
	},
	MsgMinutesNone: {
		ZH: "会议 #%d 还没有记录。发送 /minutes %d &lt;内容&gt; 保存。",
		EN: "Meeting #%d has no minutes yet. Send /minutes %d &lt;text&gt; to save them.",
	},
	MsgMinutesShow: {
		ZH: "📝 会议 #%d“%s”的记录（%s，%s）：\n\n%s",
		EN: "📝 Minutes of meeting #%d “%s” (%s, %s):\n\n%s",
	},
	MsgMinutesEarlier: {
		ZH: "较早版本（%d 个，新的在前）：",
		EN: "Earlier versions (%d, newest first):",
	},
	MsgMinutesVersion: {
		ZH: "— 第 %d 版（%s，%s）：\n%s",
		EN: "— Version %d (%s, %s):\n%s",
	},
	MsgFbNotYoursRelay: {
		ZH: "无法补充意见建议 #%d：它已经处理完毕（关闭），或不是你提交的。如需补充，请用 /feedback 提交新的意见建议。",
		EN: "Cannot add to feedback #%d: it is closed, or it is not yours. To say more, send new feedback with /feedback.",
	},
	MsgRoleYours: {
		ZH: "%s 已把你的身份改为：%s。发送 /help 查看你现在可用的命令。",
		EN: "%s made you a %s. Send /help to see what you can do now.",
	},
	MsgSettingsMore: {
		ZH: "· 签到：开会前 %s 开放，开始 %s 后算迟到\n· 匿名意见：%s",
		EN: "· Check-in: opens %s before the start; late from %s after it\n· Anonymous feedback: %s",
	},
	MsgAnonRelay: {
		ZH: "relay（书记的回复可转给匿名作者，处理完毕后不再保留）",
		EN: "relay (answers can reach an anonymous author until the item is closed)",
	},
	MsgAnonStrict: {
		ZH: "strict（不保留任何回复途径）",
		EN: "strict (no way back to an anonymous author is kept)",
	},
	MsgSettingsUsageMore: {
		ZH: "checkin：开会前多久开放签到（0–24h，如 30m）\nlate：开始多久后签到算迟到（0–24h，如 10m）\nanonymity：匿名意见（relay 或 strict）\nperminute、perday：每人每分钟、每天最多让机器人发给他人的消息数（1–%d、1–%d）",
		EN: "checkin: how long before the start check-in opens (0–24h, e.g. 30m)\nlate: how long after the start a check-in is late (0–24h, e.g. 10m)\nanonymity: anonymous feedback (relay or strict)\nperminute, perday: how many messages one member may make the bot send others a minute and a day (1–%d, 1–%d)",
	},
	MsgSettingOutOfRange: {
		ZH: "%s 可以是：%s。",
		EN: "%s can be %s.",
	},
	"setting.range.followup": {
		ZH: "10m 到 30d 之间的时长（如 12h、1d），或 off",
		EN: "a duration from 10m to 30d (e.g. 12h, 1d), or off",
	},
	"setting.range.followups": {
		ZH: "0–%d",
		EN: "0–%d",
	},
	"setting.range.quiet": {
		ZH: "起止时间（如 22:00-07:30），或 off",
		EN: "a span of the day (e.g. 22:00-07:30), or off",
	},
	"setting.range.remind": {
		ZH: "至多 %d 个提前量，每个不超过 30 天，用逗号分隔（如 1d,1h），或 off",
		EN: "up to %d offsets of at most 30 days, separated by commas (e.g. 1d,1h), or off",
	},
	"setting.range.catchup": {
		ZH: "0 到 7d 之间的时长（如 6h），或 off",
		EN: "a duration from 0 to 7d (e.g. 6h), or off",
	},
	"setting.range.tz": {
		ZH: "IANA 时区名（如 Asia/Shanghai）",
		EN: "an IANA time zone name (e.g. Asia/Shanghai)",
	},
	"setting.range.digest": {
		ZH: "星期几-时间（如 mon-08:30），或 off",
		EN: "a weekday and a time (e.g. mon-08:30), or off",
	},
	"setting.range.checkin": {
		ZH: "0 到 24h 之间的时长（如 30m）",
		EN: "a duration from 0 to 24h (e.g. 30m)",
	},
	"setting.range.late": {
		ZH: "0 到 24h 之间的时长（如 10m）",
		EN: "a duration from 0 to 24h (e.g. 10m)",
	},
	"setting.range.evalmin": {
		ZH: "%d–%d",
		EN: "%d–%d",
	},
	"setting.range.perminute": {
		ZH: "1–%d，且不超过 perday",
		EN: "1–%d, and no more than perday",
	},
	"setting.range.perday": {
		ZH: "1–%d，且不少于 perminute",
		EN: "1–%d, and no fewer than perminute",
	},
	"setting.range.anonymity": {
		ZH: "relay 或 strict",
		EN: "relay or strict",
	},
	MsgHolidayDeleted: {
		ZH: "已从支部日历删除 %s。已经安排的会议不受影响；新安排的周期会议会按新日历处理。",
		EN: "Deleted %s from the branch calendar. Meetings already planned stay; series plan by the new calendar from now on.",
	},
	MsgHolidayThemeDay: {
		ZH: "⚠️ 主题党日在这些休息日：%s。需要的话请用 /themeday 或 /move 调整。",
		EN: "⚠️ The themed day falls on these days off: %s. Use /themeday or /move to change it if needed.",
	},
	MsgPostEnded: {
		ZH: "🏁 <b>会议已结束</b>：%s\n%s",
		EN: "🏁 <b>Meeting over</b>: %s\n%s",
	},
	MsgSummaryNextMinuted: {
		ZH: "/attendance %d 查看详情；会议记录已保存，/minutes %d 查看。",
		EN: "/attendance %d for details; the minutes are saved, /minutes %d shows them.",
	},
	MsgPostCancelled: {
		ZH: "🚫 <b>会议已取消</b>：%s\n%s",
		EN: "🚫 <b>Meeting cancelled</b>: %s\n%s",
	},
	MsgNoticeDraftSent: {
		ZH: "已失效：这份预览已作为通知 #%d 发出，无需再操作。",
		EN: "No longer valid: this preview went out as notice #%d; nothing to do.",
	},
	MsgEvalRoundStale: {
		ZH: "已失效：这轮民主评议已经结束，评议票不能再更改。",
		EN: "No longer valid: this evaluation round has closed, and ballots cannot change.",
	},
	MsgEvalCloseAsk: {
		ZH: "结束本轮民主评议并统计？\n已交完整评议票：%d/%d 人（公布各人结果至少需要 %d 张）。\n结束后评议票不能再更改，也不能重新打开。",
		EN: "Close this evaluation round and count it?\nComplete ballots: %d of %d (each member's results are published from %d).\nOnce closed, ballots cannot change and the round cannot reopen.",
	},
	MsgBtnEvalClose: {
		ZH: "✅ 确认结束",
		EN: "✅ Close and count",
	},
	MsgBtnEvalRemind: {
		ZH: "🔔 提醒未评完的人",
		EN: "🔔 Remind those not done",
	},
	MsgEvalReminder: {
		ZH: "🔔 民主评议还在进行，你还有 %s未评。评议匿名，结束前可以修改。",
		EN: "🔔 The evaluation is still open, and you have %s left to rate. Votes are anonymous and can change until it closes.",
	},
	MsgEvalReminded: {
		ZH: "已私信提醒 %s（不显示是谁）",
		EN: "Reminded %s privately (who is not shown)",
	},
	MsgEvalAllDone: {
		ZH: "已记录。你已评完全部 %s，结束前仍可修改。",
		EN: "Recorded. You have rated all %s; you can still change a grade until the round closes.",
	},
	MsgThemeMonthUsage: {
		ZH: "用法：/themeday theme &lt;年-月&gt; &lt;主题&gt;，为某个月的主题党日提前定主题。\n例如：/themeday theme 2027-01 学习新修订的党章",
		EN: "Usage: /themeday theme &lt;year-month&gt; &lt;theme&gt; sets one month's themed-day theme ahead.\nExample: /themeday theme 2027-01 Study the revised constitution",
	},
	MsgThemeMonthPast: {
		ZH: "%s 已经过去了，请设置本月或以后的月份。",
		EN: "%s is over; set this month or a later one.",
	},
	MsgThemeMonthSet: {
		ZH: "%s 的主题党日主题定为：%s。已安排的 %d 次活动已改用这个主题；之后安排的会在当月开始时改用。",
		EN: "The themed day of %s will be on: %s. Planned days changed now: %d; any planned later take it when the month begins.",
	},
	MsgThemeMonthList: {
		ZH: "各月主题：",
		EN: "Monthly themes:",
	},
}
