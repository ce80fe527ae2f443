package i18n

// Texts of the per-member send limits.
const (
	MsgSendLimited    Key = "limit.refused"
	MsgSendLimitsShow Key = "limit.show"
)

var anonymityTexts = map[Key]Text{
	MsgSendLimited: {
		ZH: "你发得有些频繁了，为免打扰他人，请在 %s 之后再试。内容没有发出，请届时重新发送。",
		EN: "That is a lot in a short time; so as not to flood others, please try again after %s. Nothing was sent: send it again then.",
	},
	MsgSendLimitsShow: {
		ZH: "每人发送上限：每分钟 %d 条，每天 %d 条（perminute=…，perday=…）",
		EN: "Per-member sending limit: %d a minute, %d a day (perminute=…, perday=…)",
	},
}
