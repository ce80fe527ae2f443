package i18n

// Keys of the survey and evaluation texts that say what anonymity costs
// and what text is refused.
const (
	MsgSurveyNotUTF8           Key = "survey.not_utf8"
	MsgSurveyAnswerNotUTF8     Key = "survey.answer_not_utf8"
	MsgSurveyResultsAfterClose Key = "survey.results_after_close"
	MsgEvalStartSelf           Key = "eval.start_self"
	MsgEvalSelf                Key = "eval.self"
	MsgEvalCounted             Key = "eval.counted"
	MsgEvalSetAside            Key = "eval.set_aside"
	MsgEvalWithheld            Key = "eval.withheld"
	MsgSettingsEval            Key = "settings.eval"
	MsgSettingsEvalUsage       Key = "settings.eval_usage"
)

// surveyTexts holds the survey and evaluation texts above, Chinese and
// English side by side. Values from users are escaped by the caller.
var surveyTexts = map[Key]Text{
	MsgSurveyNotUTF8: {
		ZH: "问卷里有无法识别的字符（不是有效的 UTF-8 文字），无法发给成员。请删掉乱码后重新发送。",
		EN: "The survey contains characters that cannot be read (not valid UTF-8 text), so it cannot be sent to members. Remove the garbled part and send it again.",
	},
	MsgSurveyAnswerNotUTF8: {
		ZH: "你的回答里有无法识别的字符（不是有效的 UTF-8 文字），没有保存。请重新输入。",
		EN: "Your answer contains characters that cannot be read (not valid UTF-8 text) and was not saved. Please type it again.",
	},
	MsgSurveyResultsAfterClose: {
		ZH: "问卷 #%d 是匿名问卷，结果在截止后（或发送 /survey close %d 提前结束后）才显示。原因：如果进行中随时都能查看，在某人答题前后各看一次，两次结果之差就是这个人的回答。",
		EN: "Survey #%d is anonymous, so its results are shown only after it closes (at the deadline, or when you send /survey close %d). Why: if live results could be viewed at any time, looking once before and once after someone answers would show their answer as the difference.",
	},
	MsgEvalStartSelf: {
		ZH: "🗳 <b>民主评议</b>：请对每位党员作出评价，包括你自己（自评）。匿名投票，结束前可以修改。只有评完所有人（含自评）的票才计入结果。",
		EN: "🗳 <b>Democratic evaluation</b>: please rate each member, yourself included (self-assessment). Voting is anonymous; you can change a vote until it closes. Only a ballot that rates everyone, yourself included, is counted.",
	},
	MsgEvalSelf: {
		ZH: "%s（自评）",
		EN: "%s (yourself)",
	},
	MsgEvalCounted: {
		ZH: "民主评议结果（%d/%d 人交了完整的评议票，每人的票数都等于这个数，看不出谁投了票；只保存各人得票数）：",
		EN: "Evaluation results (%d of %d members handed in a complete ballot; every member's total equals that number, so it shows nobody's vote; only each member's counts are kept):",
	},
	MsgEvalSetAside: {
		ZH: "另有 %d 张没有评完所有人的票，未计入。",
		EN: "%d more ballots did not rate everyone and were not counted.",
	},
	MsgEvalWithheld: {
		ZH: "民主评议已结束：只有 %d 人交了完整的评议票，少于本支部设定的 %d 人。票数这么少时，各人的结果能推出是谁评了什么，所以不公布，也不保存。",
		EN: "The evaluation has closed: only %d members handed in a complete ballot, fewer than this branch's threshold of %d. With so few ballots each member's results would show who gave which grade, so they are neither published nor kept.",
	},
	MsgSettingsEval: {
		ZH: "· 民主评议公布各人结果至少需要：%d 张完整评议票",
		EN: "· Evaluation results published from: %d complete ballots",
	},
	MsgSettingsEvalUsage: {
		ZH: "evalmin：民主评议至少收到几张完整评议票才公布各人结果（%d–%d）",
		EN: "evalmin: how many complete ballots an evaluation needs before each member's results are published (%d–%d)",
	},
}
