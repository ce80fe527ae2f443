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
	MsgFbNotYoursRelay  Key = "fb.notyours.relay"
	MsgRoleYours        Key = "role.yours"
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
	MsgFbNotYoursRelay: {
		ZH: "无法补充意见建议 #%d：它已经处理完毕（关闭），或不是你提交的。如需补充，请用 /feedback 提交新的意见建议。",
		EN: "Cannot add to feedback #%d: it is closed, or it is not yours. To say more, send new feedback with /feedback.",
	},
	MsgRoleYours: {
		ZH: "%s 已把你的身份改为：%s。发送 /help 查看你现在可用的命令。",
		EN: "%s made you a %s. Send /help to see what you can do now.",
	},
}
