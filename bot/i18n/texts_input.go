package i18n

// Keys of the texts about what people type: dates, quoted option values.
const (
	MsgBadDay    Key = "input.badday"
	MsgOpenQuote Key = "input.openquote"
)

// inputTexts explain what the parsers could not read, with the forms
// they do read.
var inputTexts = map[Key]Text{
	MsgBadDay: {
		ZH: "日期“%s”不对：可以写 2026-12-11、12月11日、12/11、今天、明天、后天、周五、下周五，而且这一天要存在。",
		EN: "The date “%s” is wrong: write 2026-12-11, 12/11, today, tomorrow, fri or next fri, and the day must exist.",
	},
	MsgOpenQuote: {
		ZH: "选项 %s= 的引号没有结束：请把值放在一对引号里，例如 at=“会议室 B”。",
		EN: "The quote after %s= is not closed: put the value between a pair of quotes, e.g. at=\"Room B\".",
	},
}
