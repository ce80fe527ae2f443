package i18n

// Keys of the texts below: structured minutes (host, recorder, agenda,
// decisions) and the evidence attached to a meeting.
const (
	MsgMinutesUsageStructured Key = "minutes.usage.structured"
	MsgMinutesInvalid         Key = "minutes.invalid"
	MsgMinutesCancelled       Key = "minutes.cancelled"
	MsgMinutesHost            Key = "minutes.host"
	MsgMinutesRecorder        Key = "minutes.recorder"
	MsgMinutesAgenda          Key = "minutes.agenda"
	MsgMinutesDecisions       Key = "minutes.decisions"
	MsgMinutesItem            Key = "minutes.item"
	MsgMinutesNotes           Key = "minutes.notes"
	MsgMinutesAttendance      Key = "minutes.attendance"
	MsgMinutesAttachOpen      Key = "minutes.attach.open"
	MsgEvidenceHead           Key = "evidence.head"
	MsgEvidenceLine           Key = "evidence.line"
	MsgEvidenceNone           Key = "evidence.none"
	MsgEvidenceHint           Key = "evidence.hint"
	MsgEvidenceNoCaption      Key = "evidence.nocaption"
	MsgEvidenceAdded          Key = "evidence.added"
	MsgEvidenceDuplicate      Key = "evidence.duplicate"
	MsgEvidenceNotMember      Key = "evidence.notmember"
	MsgEvidenceRole           Key = "evidence.role"
	MsgEvidenceWhich          Key = "evidence.which"
	MsgEvidenceCancelled      Key = "evidence.cancelled"
)

var minutesTexts = map[Key]Text{
	MsgMinutesUsageStructured: {
		ZH: "用法：/minutes &lt;会议编号&gt; 后面每行一项：\n主持人=张三\n记录人=李四\n议题=传达学习全会精神（可写多行）\n决议=同意李某列为入党积极分子（可写多行）\n其余各行为记录正文。\n只修改写出的项，其余保持不变，旧版本都会保留。出席情况取自签到记录，不必填写。\n/minutes &lt;会议编号&gt; 查看记录和附件；/minutes &lt;会议编号&gt; attach 之后发送照片或文件作为附件。",
		EN: "Usage: /minutes &lt;meeting number&gt; followed by one item a line:\nhost=Zhang San\nrecorder=Li Si\nagenda=Study the plenum documents (several lines allowed)\ndecision=Li becomes an activist (several lines allowed)\nOther lines are the free record.\nOnly the items written change; every earlier version is kept. Attendance comes from the check-in records.\n/minutes &lt;meeting number&gt; shows the minutes and attachments; /minutes &lt;meeting number&gt; attach, then send photos or documents to attach them.",
	},
	MsgMinutesInvalid: {
		ZH: "会议记录最多 %d 个字，议题和决议各最多 %d 条，且不能为空。",
		EN: "Minutes may have at most %d characters and %d agenda items and decisions each, and cannot be empty.",
	},
	MsgMinutesCancelled: {
		ZH: "会议 #%d 已取消，它的记录不能再修改（已有内容保持不变）。",
		EN: "Meeting #%d was cancelled: its minutes can no longer be edited (what is stored stays as it is).",
	},
	MsgMinutesHost:      {ZH: "主持人：%s", EN: "Host: %s"},
	MsgMinutesRecorder:  {ZH: "记录人：%s", EN: "Recorder: %s"},
	MsgMinutesAgenda:    {ZH: "议题：", EN: "Agenda:"},
	MsgMinutesDecisions: {ZH: "决议：", EN: "Decisions:"},
	MsgMinutesItem:      {ZH: "%d. %s", EN: "%d. %s"},
	MsgMinutesNotes:     {ZH: "记录：", EN: "Record:"},
	MsgMinutesAttendance: {
		ZH: "出席（取自签到记录）：应到 %d，实到 %d（迟到 %d），请假 %d，缺席 %d",
		EN: "Attendance (from the check-in records): expected %d, present %d (late %d), on leave %d, absent %d",
	},
	MsgMinutesAttachOpen: {
		ZH: "📎 请在 %d 分钟内发送照片或文件（可多个），它们将附到会议 #%d“%s”。",
		EN: "📎 Send photos or documents within %d minutes (several are fine): they are attached to meeting #%d “%s”.",
	},
	MsgEvidenceHead: {ZH: "附件（%d 个）：", EN: "Attachments (%d):"},
	MsgEvidenceLine: {
		ZH: "%d. %s %s（%s，%s）",
		EN: "%d. %s %s (%s, %s)",
	},
	MsgEvidenceNone: {ZH: "附件：无", EN: "Attachments: none"},
	MsgEvidenceHint: {
		ZH: "回复本消息发送照片或文件，或发送 /minutes %d attach 后发送，即可添加附件。",
		EN: "Reply to this message with a photo or document, or send /minutes %d attach and then the files, to attach them.",
	},
	MsgEvidenceNoCaption: {ZH: "（无说明）", EN: "(no caption)"},
	MsgEvidenceAdded: {
		ZH: "📎 已附到会议 #%d“%s”（共 %d 个附件）。",
		EN: "📎 Attached to meeting #%d “%s” (attachments in all: %d).",
	},
	MsgEvidenceDuplicate: {
		ZH: "这个文件已经附在会议 #%d 上了。",
		EN: "This file is already attached to meeting #%d.",
	},
	MsgEvidenceNotMember: {
		ZH: "只有支部的支委和书记可以为会议添加附件，你还不是支部成员。",
		EN: "Only the branch committee and secretaries can attach files to a meeting, and you are not a member of the branch.",
	},
	MsgEvidenceRole: {
		ZH: "只有支委和书记可以为会议添加附件。",
		EN: "Only the branch committee and secretaries can attach files to a meeting.",
	},
	MsgEvidenceWhich: {
		ZH: "不知道这个文件属于哪次会议。请回复该会议的提醒、群内签到消息、会议小结或记录消息发送，或先发送 /minutes &lt;会议编号&gt; attach。",
		EN: "Which meeting is this file for? Send it in reply to the meeting's reminder, group post, summary or minutes, or send /minutes &lt;meeting number&gt; attach first.",
	},
	MsgEvidenceCancelled: {
		ZH: "会议 #%d 已取消，不能再添加附件。",
		EN: "Meeting #%d was cancelled: no more files can be attached to it.",
	},
}
