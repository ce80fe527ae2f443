package i18n

// Keys of the report's texts: /report and its files, /overview.
const (
	MsgReportHead       Key = "report.head"
	MsgReportBody       Key = "report.body"
	MsgReportEmpty      Key = "report.empty"
	MsgReportFiles      Key = "report.files"
	MsgReportUsage      Key = "report.usage"
	MsgReportFuture     Key = "report.future"
	MsgReportCaption    Key = "report.caption"
	MsgReportCSVCaption Key = "report.csv.caption"
	MsgReportFileName   Key = "report.filename"

	// Sheet names and their headers: one text a sheet, columns split by
	// "|", so both languages keep the same columns side by side.
	MsgSheetMeetings       Key = "sheet.meetings"
	MsgSheetMeetingsCols   Key = "sheet.meetings.cols"
	MsgSheetMatrix         Key = "sheet.matrix"
	MsgSheetMatrixCols     Key = "sheet.matrix.cols"
	MsgSheetCompliance     Key = "sheet.compliance"
	MsgSheetComplianceCols Key = "sheet.compliance.cols"
	MsgSheetNotices        Key = "sheet.notices"
	MsgSheetNoticesCols    Key = "sheet.notices.cols"
	MsgSheetSurveys        Key = "sheet.surveys"
	MsgSheetSurveysCols    Key = "sheet.surveys.cols"
	MsgSheetFeedback       Key = "sheet.feedback"
	MsgSheetFeedbackCols   Key = "sheet.feedback.cols"
	MsgSheetFeedbackRows   Key = "sheet.feedback.rows"
	MsgSheetOverview       Key = "sheet.overview"
	MsgSheetOverviewCols   Key = "sheet.overview.cols"

	// The marks of the attendance matrix.
	MsgCellPresent      Key = "cell.present"
	MsgCellLate         Key = "cell.late"
	MsgCellProxy        Key = "cell.proxy"
	MsgCellRetro        Key = "cell.retro"
	MsgCellLeave        Key = "cell.leave"
	MsgCellLeavePending Key = "cell.leave.pending"
	MsgCellAbsent       Key = "cell.absent"
	MsgCellMadeUp       Key = "cell.madeup"
	MsgCellNotExpected  Key = "cell.notexpected"
	MsgCellReason       Key = "cell.reason"
	MsgCellTotal        Key = "cell.total"

	MsgSlotHeld   Key = "slot.held"
	MsgSlotMissed Key = "slot.missed"
	MsgSlotOpen   Key = "slot.open"
	MsgYes        Key = "word.yes"
	MsgNo         Key = "word.no"

	MsgChartTitle  Key = "chart.title"
	MsgChartYLabel Key = "chart.ylabel"
	MsgChartEmpty  Key = "chart.empty"
	MsgChartName   Key = "chart.filename"

	MsgPackHead          Key = "pack.head"
	MsgPackPart          Key = "pack.part"
	MsgPackCaption       Key = "pack.caption"
	MsgPackFileName      Key = "pack.filename"
	MsgPackMissingHead   Key = "pack.missing.head"
	MsgPackMissingFile   Key = "pack.missing.file"
	MsgPackGone          Key = "pack.gone"
	MsgPackTooBigToFetch Key = "pack.toobig.fetch"
	MsgPackTooBigToSend  Key = "pack.toobig.send"
	MsgPackFailed        Key = "pack.failed"

	MsgOverviewHead  Key = "overview.head"
	MsgOverviewLine  Key = "overview.line"
	MsgOverviewNone  Key = "overview.none"
	MsgOverviewFoot  Key = "overview.foot"
	MsgOverviewUsage Key = "overview.usage"
	MsgOverviewFile  Key = "overview.filename"
)

// reportTexts are the report's texts.
var reportTexts = map[Key]Text{
	"cmd.report": {
		ZH: "导出台账：会议、出勤、规定会议、通知、问卷（XLSX 与图表）",
		EN: "Export the ledger: meetings, attendance, cadence, notices, surveys (XLSX and chart)",
	},
	"cmd.overview": {
		ZH: "各支部规定会议与出勤一览",
		EN: "Every branch's cadence and attendance at a glance",
	},
	MsgReportHead: {
		ZH: "📒 <b>%s 台账</b>（%s）",
		EN: "📒 <b>Ledger %s</b> (%s)",
	},
	MsgReportBody: {
		ZH: "已召开会议：%d 次，出勤率 %s（实到 %d / 应到 %d）\n规定会议：已召开 %d，未召开 %d，待召开 %d\n通知 %d 条 · 问卷 %d 份 · 意见 %d 条 · 附件 %d 个",
		EN: "Meetings held: %d, attendance %s (%d present of %d expected)\nRequired meetings: %d held, %d not held, %d still due\n%d notices · %d surveys · %d feedback items · %d attachments",
	},
	MsgReportEmpty: {
		ZH: "本期还没有已召开的会议，台账为空表。",
		EN: "No meeting has been held in this period yet: the ledger's sheets are empty.",
	},
	MsgReportFiles: {
		ZH: "表格与图表随后发送。含照片和文件的材料包：/report pack %s",
		EN: "The workbook and the chart follow. With photos and files as well: /report pack %s",
	},
	MsgReportUsage: {
		ZH: "看不懂“%s”。用法：/report [期间]，期间如 2026-Q1、2026-03 或 2026，不写为本季度；/report csv [期间] 只要会议表（CSV）；/report pack [期间] 要含照片的材料包。",
		EN: "I can't read “%s”. Usage: /report [period], a period like 2026-Q1, 2026-03 or 2026 (this quarter if left out); /report csv [period] for the meetings sheet as CSV; /report pack [period] for the evidence pack with photos.",
	},
	MsgReportFuture: {
		ZH: "%s 还没有开始，没有台账可导出。",
		EN: "%s has not begun yet: there is no ledger to export.",
	},
	MsgReportCaption: {
		ZH: "%s 台账（%s）",
		EN: "Ledger %s (%s)",
	},
	MsgReportCSVCaption: {
		ZH: "%s 会议表（%s，CSV，可用 Excel 打开）",
		EN: "Meetings %s (%s, CSV, opens in Excel)",
	},
	MsgReportFileName: {
		ZH: "台账-%s",
		EN: "ledger-%s",
	},
	MsgSheetMeetings: {ZH: "会议", EN: "Meetings"},
	MsgSheetMeetingsCols: {
		ZH: "编号|日期|时间|类型|标题|地点|小组|主持人|记录人|应到|实到|迟到|请假|请假事由|缺席|补学|出勤率|议题|决议|纪要|附件",
		EN: "No.|Date|Time|Kind|Title|Place|Group|Host|Recorder|Expected|Present|Late|Leave|Leave reasons|Absent|Made up|Attendance|Agenda|Decisions|Minutes|Attachments",
	},
	MsgSheetMatrix:     {ZH: "出勤明细", EN: "Attendance"},
	MsgSheetMatrixCols: {ZH: "成员|角色", EN: "Member|Role"},
	MsgSheetCompliance: {ZH: "规定会议", EN: "Cadence"},
	MsgSheetComplianceCols: {
		ZH: "类型|小组|周期|情况|召开日期|会议编号",
		EN: "Kind|Group|Period|State|Held on|Meeting no.",
	},
	MsgSheetNotices: {ZH: "通知", EN: "Notices"},
	MsgSheetNoticesCols: {
		ZH: "编号|日期|内容|应收|已送达|已读|阅读率",
		EN: "No.|Date|Text|Recipients|Delivered|Read|Read rate",
	},
	MsgSheetSurveys: {ZH: "问卷", EN: "Surveys"},
	MsgSheetSurveysCols: {
		ZH: "编号|截止|标题|匿名|邀请|完成|完成率",
		EN: "No.|Deadline|Title|Anonymous|Invited|Answered|Answer rate",
	},
	MsgSheetFeedback:     {ZH: "意见", EN: "Feedback"},
	MsgSheetFeedbackCols: {ZH: "项目|数量", EN: "Item|Count"},
	MsgSheetFeedbackRows: {
		ZH: "收到|其中匿名|已回复|未办结",
		EN: "Received|of which anonymous|Answered|Still open",
	},
	MsgSheetOverview: {ZH: "各支部", EN: "Branches"},
	MsgSheetOverviewCols: {
		ZH: "支部|成员|已召开会议|应到|实到|出勤率|规定会议已召开|未召开|待召开",
		EN: "Branch|Members|Meetings held|Expected|Present|Attendance|Required held|Not held|Still due",
	},
	MsgCellPresent:      {ZH: "✔", EN: "✔"},
	MsgCellLate:         {ZH: "迟到", EN: "late"},
	MsgCellProxy:        {ZH: "代签", EN: "by proxy"},
	MsgCellRetro:        {ZH: "补签", EN: "corrected"},
	MsgCellLeave:        {ZH: "请假", EN: "leave"},
	MsgCellLeavePending: {ZH: "请假（待批）", EN: "leave (pending)"},
	MsgCellAbsent:       {ZH: "缺席", EN: "absent"},
	MsgCellMadeUp:       {ZH: "补学", EN: "made up"},
	MsgCellNotExpected:  {ZH: "—", EN: "—"},
	MsgCellReason:       {ZH: "%s：%s", EN: "%s: %s"},
	MsgCellTotal:        {ZH: "出勤", EN: "Present"},
	MsgSlotHeld:         {ZH: "已召开", EN: "held"},
	MsgSlotMissed:       {ZH: "未召开", EN: "not held"},
	MsgSlotOpen:         {ZH: "待召开", EN: "still due"},
	MsgYes:              {ZH: "是", EN: "yes"},
	MsgNo:               {ZH: "否", EN: "no"},
	MsgChartTitle: {
		ZH: "出勤率 · %s",
		EN: "Attendance · %s",
	},
	MsgChartYLabel: {ZH: "出勤率（%）", EN: "Attendance (%)"},
	MsgChartEmpty:  {ZH: "本期没有已召开的会议", EN: "No meeting held in this period"},
	MsgChartName:   {ZH: "出勤率-%s", EN: "attendance-%s"},
	MsgPackHead: {
		ZH: "📦 <b>%s 材料包</b>（%s）：台账表格、出勤率图和 %d 个附件，共 %d 个压缩文件。",
		EN: "📦 <b>Evidence pack %s</b> (%s): the ledger workbook, the attendance chart and attachments (%d), in ZIP files (%d).",
	},
	MsgPackPart: {
		ZH: "（第 %d/%d 部分）",
		EN: "(part %d of %d)",
	},
	MsgPackCaption: {
		ZH: "%s 材料包（%s）",
		EN: "Evidence pack %s (%s)",
	},
	MsgPackFileName: {
		ZH: "材料包-%s",
		EN: "evidence-%s",
	},
	MsgPackMissingHead: {
		ZH: "以下附件没有放进材料包：",
		EN: "These attachments are not in the pack:",
	},
	MsgPackMissingFile: {
		ZH: "缺少的附件",
		EN: "missing attachments",
	},
	MsgPackGone: {
		ZH: "Telegram 已不再提供这个文件，请重新上传",
		EN: "Telegram no longer serves this file; upload it again",
	},
	MsgPackTooBigToFetch: {
		ZH: "文件超过 20 MB，机器人无法从 Telegram 取回",
		EN: "over 20 MB, more than a bot may fetch from Telegram",
	},
	MsgPackTooBigToSend: {
		ZH: "单个文件超过 50 MB，无法随材料包发送",
		EN: "over 50 MB alone, more than a bot may send",
	},
	MsgPackFailed: {
		ZH: "暂时无法下载，请稍后重试",
		EN: "could not be fetched just now; try again later",
	},
	MsgOverviewHead: {
		ZH: "🗂 <b>各支部一览</b>（%s）",
		EN: "🗂 <b>All branches</b> (%s)",
	},
	MsgOverviewLine: {
		ZH: "%s：规定会议 %d/%d，出勤率 %s，会议 %d 次",
		EN: "%s: required meetings %d/%d, attendance %s, %d meetings",
	},
	MsgOverviewNone: {
		ZH: "还没有任何支部。",
		EN: "There is no branch yet.",
	},
	MsgOverviewFoot: {
		ZH: "规定会议为“已召开/应召开（不含尚未到期的）”。表格：/overview xlsx %s",
		EN: "Required meetings are held / due (not counting those still to come). As a workbook: /overview xlsx %s",
	},
	MsgOverviewUsage: {
		ZH: "看不懂“%s”。用法：/overview [期间]，期间如 2026-Q1、2026-03 或 2026；/overview xlsx [期间] 要表格。",
		EN: "I can't read “%s”. Usage: /overview [period], a period like 2026-Q1, 2026-03 or 2026; /overview xlsx [period] for a workbook.",
	},
	MsgOverviewFile: {
		ZH: "各支部一览-%s",
		EN: "branches-%s",
	},
}
