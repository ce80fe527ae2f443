package i18n

// Keys of the texts below: minutes' versions, settings' ranges, member
// numbers, holidays, themed days' monthly themes and the evaluation's
// close.
const (
	MsgMinutesUsageFull Key = "minutes.usage.full"
	MsgMinutesReplaced  Key = "minutes.replaced"
	MsgMinutesNone      Key = "minutes.none"
	MsgMinutesShow      Key = "minutes.show"
	MsgMinutesEarlier   Key = "minutes.earlier"
	MsgMinutesVersion   Key = "minutes.version"
)

// miscTexts are the texts of the smaller features' later additions.
var miscTexts = map[Key]Text{
	MsgMinutesUsageFull: {
		ZH: "用法：/minutes &lt;会议编号&gt; &lt;会议记录&gt; 保存记录（修改时保留旧版本）；/minutes &lt;会议编号&gt; 查看完整记录。\n例如：/minutes 12 传达学习了全会精神，讨论了……",
		EN: "Usage: /minutes &lt;meeting number&gt; &lt;minutes&gt; saves the minutes (an edit keeps the earlier version); /minutes &lt;meeting number&gt; shows them in full.\nExample: /minutes 12 Studied the plenum documents; discussed …",
	},
	MsgMinutesReplaced: {
		ZH: "会议 #%d 的记录已更新，替换了 %s 于 %s 保存的版本（旧版本已保留，共 %d 个较早版本；发送 /minutes %d 查看）。",
		EN: "Minutes of meeting #%d updated. They replace the version %s saved at %s, which is kept (%d earlier versions in all; send /minutes %d to see them).",
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
}
