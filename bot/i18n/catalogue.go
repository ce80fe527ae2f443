package i18n

// coreTexts holds the texts of the core features, Chinese and English side
// by side. Values from users are escaped by the caller before they are put
// in.
var coreTexts = map[Key]Text{
	MsgFlowInvalid: {
		ZH: "这次安排的会议信息有误（%s），请发送 /meeting 重新开始。",
		EN: "The meeting's details do not add up (%s); send /meeting to start again.",
	},
	MsgGreet: {
		ZH: "你好，%s！我是 <b>branchbot</b>，帮助支部安排“三会一课”和主题党日、发送提醒和通知、签到请假、收集意见建议。\n\n加入支部：请向支部书记索取邀请链接，点开即可加入。\n发送 /help 查看可用命令。",
		EN: "Hello, %s! I am <b>branchbot</b>: I keep a branch's meeting calendar, send reminders and notices, take check-ins and leave requests, and collect feedback.\n\nTo join a branch, ask its secretary for an invite link and open it.\nSend /help to see what you can do.",
	},
	MsgGreetMember: {
		ZH: "你好，%s！你是「%s」的%s。\n发送 /help 查看可用命令。",
		EN: "Hello, %s! You are a %[3]s of “%[2]s”.\nSend /help to see what you can do.",
	},
	MsgGreetGroup: {
		ZH: "你好！我是 branchbot。支部书记可以在本群发送 /bind，把本群绑定到支部，用于通知和会议消息。",
		EN: "Hello! I am branchbot. A secretary can send /bind here to link this group to the branch for notices and meeting posts.",
	},
	MsgJoined: {
		ZH: "欢迎加入「%s」！你的身份：%s。\n\n请保留与我的私聊：会议提醒和通知都会发到这里。发送 /help 查看可用命令。",
		EN: "Welcome to “%s”! Your role: %s.\n\nPlease keep this private chat: meeting reminders and notices arrive here. Send /help to see what you can do.",
	},
	MsgJoinedNotice: {
		ZH: "%s 已通过你的邀请链接加入「%s」，身份：%s。",
		EN: "%s joined “%s” with your invite link, as a %s.",
	},
	MsgInviteUnknown: {
		ZH: "这个邀请链接无效。请向支部书记索取新的链接。",
		EN: "This invite link is not valid. Please ask your secretary for a new one.",
	},
	MsgInviteUsed: {
		ZH: "这个邀请链接已经被使用过了（每个链接只能用一次）。请向支部书记索取新的链接。",
		EN: "This invite link has already been used (each link works once). Please ask your secretary for a new one.",
	},
	MsgInviteExpired: {
		ZH: "这个邀请链接已过期（有效期 7 天）。请向支部书记索取新的链接。",
		EN: "This invite link has expired (links last 7 days). Please ask your secretary for a new one.",
	},
	MsgAlreadyMember: {
		ZH: "你已经是「%s」的成员了，无需再次加入。",
		EN: "You are already a member of “%s”; no need to join again.",
	},
	MsgAlreadyElsewhere: {
		ZH: "你已经是「%s」的成员。一个账号只能加入一个支部；如需转入，请先联系原支部书记。",
		EN: "You are already a member of “%s”. An account belongs to one branch; to move, ask your current secretary first.",
	},
	MsgHelpHeader: {
		ZH: "你在「%s」的身份：%s。你可以使用：",
		EN: "Your role in “%s”: %s. You can use:",
	},
	MsgHelpGuest: {
		ZH: "你还没有加入支部。请向支部书记索取邀请链接。\n\n可用命令：",
		EN: "You have not joined a branch yet. Ask your secretary for an invite link.\n\nCommands:",
	},
	MsgHelpGroup: {
		ZH: "在群里可用的命令：",
		EN: "Commands in a group:",
	},
	MsgNeworgUsage: {
		ZH: "用法：/neworg &lt;支部名称&gt;\n例如：/neworg 第一党支部",
		EN: "Usage: /neworg &lt;branch name&gt;\nExample: /neworg First Branch",
	},
	MsgNeworgDone: {
		ZH: "已创建支部「%s」，你是书记。\n\n接下来：\n1. /invite 生成邀请链接，发给要加入的党员\n2. 把我拉进支部群，在群里发送 /bind\n3. /group add 第一党小组 —— 建立党小组",
		EN: "Branch “%s” created; you are its secretary.\n\nNext:\n1. /invite makes an invite link to send to each member\n2. Add me to the branch group chat and send /bind there\n3. /group add Group One creates a group",
	},
	MsgNeworgInBranch: {
		ZH: "你已经是「%s」的成员，不能再创建支部（一个账号只属于一个支部）。",
		EN: "You are already a member of “%s”, so you cannot create a branch (an account belongs to one branch).",
	},
	MsgInviteChoose: {
		ZH: "请选择被邀请人的身份：",
		EN: "Choose the role of the person you invite:",
	},
	MsgInviteLink: {
		ZH: "邀请链接（身份：%s；仅可使用一次；%s 前有效）：\n%s\n\n请把链接单独发给要加入的人。",
		EN: "Invite link (role: %s; works once; valid until %s):\n%s\n\nSend it privately to the person who should join.",
	},
	MsgInviteUsage: {
		ZH: "用法：/invite [身份]，身份可以是 党员、组长、支委、书记。\n例如：/invite 书记",
		EN: "Usage: /invite [role], where role is member, leader, committee or secretary.\nExample: /invite secretary",
	},
	MsgBindDone: {
		ZH: "本群已绑定到「%s」，支部通知和会议消息将发到这里。",
		EN: "This group is now linked to “%s”: notices and meeting posts will come here.",
	},
	MsgBindAgain: {
		ZH: "本群已经绑定到「%s」。",
		EN: "This group is already linked to “%s”.",
	},
	MsgBindElsewhere: {
		ZH: "本群已绑定到另一个支部，不能重复绑定。",
		EN: "This group is linked to another branch and cannot be linked again.",
	},
	MsgGroupUsage: {
		ZH: "用法：\n/group —— 查看党小组\n/group add &lt;名称&gt; —— 新建党小组\n/group set &lt;成员&gt; &lt;党小组&gt; —— 把成员分到党小组\n例如：/group add 第一党小组",
		EN: "Usage:\n/group: list groups\n/group add &lt;name&gt;: create a group\n/group set &lt;member&gt; &lt;group&gt;: put a member in a group\nExample: /group add Group One",
	},
	MsgGroupAdded: {
		ZH: "已建立党小组「%s」。用 /group set &lt;成员&gt; %s 分配成员。",
		EN: "Group “%s” created. Use /group set &lt;member&gt; %s to add members.",
	},
	MsgGroupExists: {
		ZH: "党小组「%s」已经存在。",
		EN: "Group “%s” already exists.",
	},
	MsgGroupUnknown: {
		ZH: "没有名为「%s」的党小组。发送 /group 查看现有党小组。",
		EN: "There is no group named “%s”. Send /group to list them.",
	},
	MsgGroupSet: {
		ZH: "已把 %s 分到「%s」。",
		EN: "%s is now in “%s”.",
	},
	MsgGroupList: {
		ZH: "党小组：\n%s",
		EN: "Groups:\n%s",
	},
	MsgGroupNone: {
		ZH: "还没有党小组。用 /group add &lt;名称&gt; 新建。",
		EN: "No groups yet. Create one with /group add &lt;name&gt;.",
	},
	MsgMembersHeader: {
		ZH: "「%s」共 %s：",
		EN: "“%s” has %s:",
	},
	MsgMembersLine: {
		ZH: "#%d %s · %s · %s",
		EN: "#%d %s · %s · %s",
	},
	MsgNoGroup: {
		ZH: "未分组",
		EN: "no group",
	},
	MsgRoleUsage: {
		ZH: "用法：/role &lt;成员&gt; &lt;身份&gt;，身份可以是 党员、组长、支委、书记。\n成员可以写名字、@用户名或 /members 里的编号（如 #3）。\n例如：/role 张三 支委",
		EN: "Usage: /role &lt;member&gt; &lt;role&gt;, where role is member, leader, committee or secretary.\nName the member by name, @username or the number /members shows (like #3).\nExample: /role Alice committee",
	},
	MsgRoleDone: {
		ZH: "%s 的身份已改为：%s。",
		EN: "%s is now a %s.",
	},
	MsgRoleUnknown: {
		ZH: "不认识身份“%s”。可用：党员、组长、支委、书记。",
		EN: "Unknown role “%s”. Use member, leader, committee or secretary.",
	},
	MsgRoleLast: {
		ZH: "%s 是支部唯一的书记，不能改为其他身份。请先任命另一位书记。",
		EN: "%s is the branch's only secretary and cannot take another role. Appoint another secretary first.",
	},
	MsgMemberUnknown: {
		ZH: "找不到成员“%s”。发送 /members 查看成员名单。",
		EN: "No member “%s”. Send /members to see the list.",
	},
	MsgMemberAmbiguous: {
		ZH: "有多位成员叫“%s”，请改用 @用户名 或 /members 里的编号（如 #3）。",
		EN: "Several members are called “%s”; use their @username or number from /members (like #3).",
	},
	MsgNameInvalid: {
		ZH: "名称不能为空，不能换行，最多 64 个字。",
		EN: "A name must not be empty, must be one line, and at most 64 characters.",
	},
	MsgRefusedRole: {
		ZH: "抱歉，只有%s可以使用 /%s。",
		EN: "Sorry, only a %s can use /%s.",
	},
	MsgRefusedOwner: {
		ZH: "抱歉，只有 branchbot 的管理员可以使用 /%s。请联系部署 branchbot 的同事。",
		EN: "Sorry, only branchbot's administrators may use /%s. Ask whoever runs branchbot.",
	},
	MsgNotMember: {
		ZH: "你还没有加入支部。请向支部书记索取邀请链接。",
		EN: "You have not joined a branch yet. Ask your secretary for an invite link.",
	},
	MsgPrivateOnly: {
		ZH: "请在与我的私聊中使用 /%s。",
		EN: "Please use /%s in a private chat with me.",
	},
	MsgGroupOnly: {
		ZH: "请在要绑定的群里发送 /%s。",
		EN: "Please send /%s in the group chat you want to link.",
	},
	MsgUnknownCommand: {
		ZH: "我不认识 /%s。发送 /help 查看可用命令。",
		EN: "I don't know /%s. Send /help to see what you can do.",
	},
	MsgPlainText: {
		ZH: "我只认识命令。发送 /help 查看可用命令。",
		EN: "I understand commands only. Send /help to see them.",
	},
	MsgInternal: {
		ZH: "抱歉，出了点问题，请稍后再试。",
		EN: "Sorry, something went wrong. Please try again later.",
	},
	MsgButtonStale: {
		ZH: "这个按钮已失效。",
		EN: "This button no longer works.",
	},
	MsgAddedToGroup: {
		ZH: "大家好，我是 branchbot。支部书记请在本群发送 /bind，把本群绑定到支部。",
		EN: "Hello everyone, I am branchbot. A secretary can send /bind here to link this group to the branch.",
	},
	MsgNoticeAsk: {
		ZH: "请发送通知内容（纯文本，可以多段）。发送 /cancel 放弃。",
		EN: "Send the text of the notice (plain text, several paragraphs are fine). Send /cancel to give up.",
	},
	MsgNoticeTooLong: {
		ZH: "通知最多 %d 个字，这条有 %d 个字。请精简后再发。",
		EN: "A notice may have at most %d characters; this one has %d. Please shorten it.",
	},
	MsgNoticePreview: {
		ZH: "<b>预览</b> —— 将私信发给 %s，并发到 %d 个绑定的群（共 %d 条消息）。每人会看到“收到”按钮。",
		EN: "<b>Preview</b>: this goes privately to %s; linked groups: %d; messages per copy: %d. Everyone gets a “Got it” button.",
	},
	MsgBtnSend: {
		ZH: "✅ 发送",
		EN: "✅ Send",
	},
	MsgBtnCancel: {
		ZH: "取消",
		EN: "Cancel",
	},
	MsgNothingToCancel: {
		ZH: "没有进行中的操作。",
		EN: "Nothing to cancel.",
	},
	MsgCancelled: {
		ZH: "已取消。",
		EN: "Cancelled.",
	},
	MsgNoticeSent: {
		ZH: "通知 #%d 已进入发送队列，共 %s。下方的状态消息会实时更新。",
		EN: "Notice #%d is on its way to %s. The status message below updates as they read it.",
	},
	MsgNoticeSentToast: {
		ZH: "已发送",
		EN: "Sent",
	},
	MsgNoticeHeader: {
		ZH: "📢 <b>通知 #%d</b> · %s",
		EN: "📢 <b>Notice #%d</b> · %s",
	},
	MsgNoticeFooter: {
		ZH: "请点击下方“收到”确认。",
		EN: "Please press “Got it” below to confirm.",
	},
	MsgFollowUp: {
		ZH: "⏰ <b>提醒</b>：你还没有确认收到通知 #%d（%s）：\n\n%s",
		EN: "⏰ <b>Reminder</b>: you have not yet confirmed notice #%d (%s):\n\n%s",
	},
	MsgBtnAck: {
		ZH: "✅ 收到",
		EN: "✅ Got it",
	},
	MsgBtnAcked: {
		ZH: "✔️ 已确认收到",
		EN: "✔️ Confirmed",
	},
	MsgBtnRemind: {
		ZH: "🔔 再次提醒",
		EN: "🔔 Remind again",
	},
	MsgBtnUnread: {
		ZH: "📋 未读名单",
		EN: "📋 Who hasn't read",
	},
	MsgReportAll: {
		ZH: "✅ 通知 #%d 已送达全部成员（%d/%d）。",
		EN: "✅ Notice #%d reached every member (%d/%d).",
	},
	MsgReportSome: {
		ZH: "通知 #%d 发送完成：送达 %d/%d 人。",
		EN: "Notice #%d is out: delivered to %d of %d.",
	},
	MsgReportUnreachable: {
		ZH: "无法送达：%s。\n他们屏蔽了机器人，或从未私聊过机器人。请他们打开 %s 并点击“开始”，然后在状态消息上按“再次提醒”，通知会重新发给他们。",
		EN: "Could not reach: %s.\nThey blocked the bot or never opened a chat with it. Ask them to open %s and press Start, then press “Remind again” on the status message to resend it.",
	},
	MsgReportFailed: {
		ZH: "发送失败（Telegram 拒收）：%s。详情见日志。",
		EN: "Failed (Telegram refused it): %s. See the log for details.",
	},
	MsgListSep: {
		ZH: "、",
		EN: ", ",
	},
	MsgStatus: {
		ZH: "📢 通知 #%d「%s」\n送达 %d/%d · 已读 %d/%d",
		EN: "📢 Notice #%d “%s”\nDelivered %d/%d · Read %d/%d",
	},
	MsgStatusPending: {
		ZH: "发送中 %d",
		EN: "Sending %d",
	},
	MsgStatusUnreachable: {
		ZH: "无法送达 %d（详见“未读名单”）",
		EN: "Unreachable %d (see “Who hasn't read”)",
	},
	MsgAckUnknown: {
		ZH: "这条通知不是发给你的，或已不存在。",
		EN: "This notice was not sent to you, or no longer exists.",
	},
	MsgAckAgain: {
		ZH: "你已在 %s 确认过。",
		EN: "You confirmed it at %s.",
	},
	MsgAckThanks: {
		ZH: "已确认收到，谢谢！",
		EN: "Confirmed, thank you!",
	},
	MsgQuietNow: {
		ZH: "现在是免打扰时段（%s），请在 %s 之后再提醒。",
		EN: "It is quiet time (%s); please remind after %s.",
	},
	MsgRemindTooSoon: {
		ZH: "每 %s 最多提醒一次，请在 %s 之后再试。",
		EN: "At most one reminder every %s; try again after %s.",
	},
	MsgRemindNobody: {
		ZH: "所有人都已确认收到，无需提醒。",
		EN: "Everyone has confirmed; nobody to remind.",
	},
	MsgRemindDone: {
		ZH: "已提醒 %s。",
		EN: "Reminded %s.",
	},
	MsgAcksUsage: {
		ZH: "用法：/acks &lt;通知编号&gt;\n例如：/acks 3。发送 /notices 查看编号。",
		EN: "Usage: /acks &lt;notice number&gt;\nExample: /acks 3. Send /notices to see the numbers.",
	},
	MsgNoticeUnknown: {
		ZH: "没有编号为 %d 的通知。发送 /notices 查看。",
		EN: "There is no notice #%d. Send /notices to see them.",
	},
	MsgAcksHeader: {
		ZH: "通知 #%d「%s」已读 %d/%d。",
		EN: "Notice #%d “%s”: read by %d of %d.",
	},
	MsgAcksUnread: {
		ZH: "未读（%d）：%s",
		EN: "Not read (%d): %s",
	},
	MsgAcksPending: {
		ZH: "发送中（%d）：%s",
		EN: "Still sending (%d): %s",
	},
	MsgAcksUnreachable: {
		ZH: "无法送达（%d）：%s —— 需先私聊机器人并点击“开始”。",
		EN: "Unreachable (%d): %s (they must open a chat with the bot and press Start).",
	},
	MsgAcksAll: {
		ZH: "所有人都已确认收到。",
		EN: "Everyone has confirmed.",
	},
	MsgNoticesNone: {
		ZH: "还没有通知。用 /notice 发送第一条。",
		EN: "No notices yet. Send the first with /notice.",
	},
	MsgNoticesHeader: {
		ZH: "最近的通知：",
		EN: "Recent notices:",
	},
	MsgNoticesLine: {
		ZH: "#%d · %s · 已读 %d/%d · %s",
		EN: "#%d · %s · read %d/%d · %s",
	},
	MsgNoticesHint: {
		ZH: "发送 /acks &lt;编号&gt; 查看谁还没读。",
		EN: "Send /acks &lt;number&gt; to see who hasn't read one.",
	},
	MsgSettingBad: {
		ZH: "无法识别设置“%s”。",
		EN: "Cannot use the setting “%s”.",
	},
	MsgSettingsUsage: {
		ZH: "用法：/settings followup=24h followups=2 quiet=22:00-07:30\nfollowup：通知发出多久后提醒未读的人（如 12h、1d；off 关闭）\nfollowups：最多自动提醒几次（0–2）\nquiet：免打扰时段（off 关闭）\nremind：会议默认提前多久提醒（如 1d,1h；off 关闭）\ncatchup：服务中断后多晚的提醒仍补发（如 6h）\ntz：时区（如 Asia/Shanghai）\ndigest：每周会议安排的发送时间（如 mon-08:30；off 关闭）",
		EN: "Usage: /settings followup=24h followups=2 quiet=22:00-07:30\nfollowup: how long after a notice to remind those who have not read it (e.g. 12h, 1d; off)\nfollowups: at most how many automatic reminders (0–2)\nquiet: quiet hours (off to disable)\nremind: default meeting reminders (e.g. 1d,1h; off)\ncatchup: how late a reminder may still go out after downtime (e.g. 6h)\ntz: time zone (e.g. Asia/Shanghai)\ndigest: when the weekly agenda goes out (e.g. mon-08:30; off)",
	},
	MsgSettingsSaved: {
		ZH: "已保存。",
		EN: "Saved.",
	},
	MsgSettingsShow: {
		ZH: "当前设置：\n· 未读提醒：%s\n· 免打扰：%s\n· 会议提醒：提前 %s\n· 补发时限：%s\n· 时区：%s\n· 每周安排：%s",
		EN: "Current settings:\n· Reminders for unread notices: %s\n· Quiet hours: %s\n· Meeting reminders: %s before\n· Catch-up after downtime: %s\n· Time zone: %s\n· Weekly agenda: %s",
	},
	MsgSettingsFollow: {
		ZH: "发出 %s 后，最多 %d 次",
		EN: "%s after sending, at most %d times",
	},
	MsgOff: {
		ZH: "关闭",
		EN: "off",
	},
	MsgHelpReceipts: {
		ZH: "说明：Telegram 不向机器人提供已读回执，成员点击通知下的“收到”按钮才算已读。",
		EN: "Note: Telegram gives bots no read receipts; a member has read a notice when they press its “Got it” button.",
	},
	MsgMeetingUsage: {
		ZH: "用法：/meeting &lt;类型&gt; &lt;日期&gt; &lt;HH:MM&gt; [dur=90m] [at=地点] [group=党小组] [remind=1d,2h,30m] &lt;标题&gt;\n类型：党员大会、支委会、党小组会、党课、主题党日、其他\n日期：2026-12-11、12月11日、明天、下周五 等\n例如：/meeting 党员大会 下周五 15:00 at=三楼会议室 remind=1d,1h 学习贯彻全会精神",
		EN: "Usage: /meeting &lt;kind&gt; &lt;day&gt; &lt;HH:MM&gt; [dur=90m] [at=place] [group=group] [remind=1d,2h,30m] &lt;title&gt;\nKinds: assembly, committee, group, lecture, themeday, other\nDays: 2026-12-11, 12/11, tomorrow, next fri and the like\nExample: /meeting assembly next fri 15:00 at=Room301 remind=1d,1h Study session",
	},
	MsgBadKind: {
		ZH: "不认识会议类型“%s”。",
		EN: "Unknown meeting kind “%s”.",
	},
	MsgBadDate: {
		ZH: "日期“%s”不对：要写成 YYYY-MM-DD，而且这一天要存在。",
		EN: "The date “%s” is wrong: write YYYY-MM-DD, and the day must exist.",
	},
	MsgBadTime: {
		ZH: "时间“%s”不对：要写成 HH:MM（00:00–23:59）。",
		EN: "The time “%s” is wrong: write HH:MM (00:00–23:59).",
	},
	MsgPast: {
		ZH: "%s 已经过去了，请选一个将来的时间。",
		EN: "%s is in the past; pick a time to come.",
	},
	MsgBadDuration: {
		ZH: "时长“%s”不对：例如 dur=90m 或 dur=2h（5 分钟到 12 小时）。",
		EN: "The length “%s” is wrong: e.g. dur=90m or dur=2h (5 minutes to 12 hours).",
	},
	MsgBadRemind: {
		ZH: "提醒“%s”不对：例如 remind=1d,2h,30m（最多 5 个，最早 30 天前），或 remind=off。",
		EN: "The reminders “%s” are wrong: e.g. remind=1d,2h,30m (at most 5, up to 30 days before), or remind=off.",
	},
	MsgBadOption: {
		ZH: "选项“%s”不对。",
		EN: "The option “%s” is wrong.",
	},
	MsgSeriesCheckInOption: {
		ZH: "周期会议不能带“%s”：签到码和签到位置请在每次会议上用 /meeting 设置。",
		EN: "A series cannot take “%s”: set check-in codes and places on each meeting with /meeting.",
	},
	MsgGroupNeeded: {
		ZH: "党小组会要写明是哪个党小组：group=&lt;名称&gt;。%s",
		EN: "A group meeting needs its group: group=&lt;name&gt;.%s",
	},
	MsgNoTitle: {
		ZH: "请写上会议标题。%s",
		EN: "Please give the meeting a title.%s",
	},
	MsgTitleLong: {
		ZH: "标题最多 200 个字，这个有 %s 个字。",
		EN: "A title may have at most 200 characters; this one has %s.",
	},
	MsgMeetingCreated: {
		ZH: "已安排会议 #%d：",
		EN: "Meeting #%d scheduled:",
	},
	MsgCardWhen: {
		ZH: "时间：%s（%s）",
		EN: "When: %s (%s)",
	},
	MsgCardWhere: {
		ZH: "地点：%s",
		EN: "Where: %s",
	},
	MsgCardWho: {
		ZH: "应到：%d 人",
		EN: "Expected: %d",
	},
	MsgCardRemind: {
		ZH: "提醒：%s",
		EN: "Reminders: %s",
	},
	MsgCardNoRemind: {
		ZH: "提醒：无",
		EN: "Reminders: none",
	},
	MsgCardCancelled: {
		ZH: "（已取消）",
		EN: "(cancelled)",
	},
	MsgMeetingUnknown: {
		ZH: "没有编号为 %d 的会议。发送 /meetings 查看。",
		EN: "There is no meeting #%d. Send /meetings to see them.",
	},
	MsgMeetingWasCancelled: {
		ZH: "会议 #%d 已经取消了。",
		EN: "Meeting #%d was already cancelled.",
	},
	MsgMeetingsNone: {
		ZH: "未来 30 天没有安排会议。",
		EN: "No meetings in the next 30 days.",
	},
	MsgMeetingsHeader: {
		ZH: "未来 30 天的会议：",
		EN: "Meetings in the next 30 days:",
	},
	MsgMeetingCancelledNote: {
		ZH: "❌ 会议取消：%s（原定 %s）。",
		EN: "❌ Meeting cancelled: %s (was %s).",
	},
	MsgMoveUsage: {
		ZH: "用法：/move &lt;会议编号&gt; &lt;日期&gt; &lt;HH:MM&gt;\n例如：/move 12 明天 09:30",
		EN: "Usage: /move &lt;meeting number&gt; &lt;day&gt; &lt;HH:MM&gt;\nExample: /move 12 tomorrow 09:30",
	},
	MsgMeetingMovedNote: {
		ZH: "🔁 会议改期：%s\n原定 %s，改为 %s。",
		EN: "🔁 Meeting moved: %s\nfrom %s to %s.",
	},
	MsgMeetingMoveDone: {
		ZH: "已改期会议 #%d，正在通知 %d 人，提醒已重新安排：",
		EN: "Meeting #%d moved; telling %d attendees; reminders re-planned:",
	},
	MsgReminderHead: {
		ZH: "⏰ <b>会议提醒</b>：%s（%s）",
		EN: "⏰ <b>Meeting reminder</b>: %s (%s)",
	},
	MsgReminderLate: {
		ZH: "（服务曾中断，这条提醒晚发了 %s）",
		EN: "(the service was down; this reminder is %s late)",
	},
	MsgBtnLeave: {
		ZH: "🙋 请假",
		EN: "🙋 Ask for leave",
	},
	MsgMissedHead: {
		ZH: "⚠️ 服务中断期间有 %d 条会议提醒没能按时发出（已超过补发时限或会议已开始）：",
		EN: "⚠️ While the service was down, %d meeting reminders could not go out in time (past the catch-up window or the meeting had begun):",
	},
	MsgMissedLine: {
		ZH: "· 原定 %s 提醒：%s（会议 %s）",
		EN: "· due %s: %s (meeting %s)",
	},
	MsgLeaveNote: {
		ZH: "🙋 %s 请假：%s（会议 #%d）\n理由：%s",
		EN: "🙋 %s asks for leave from %s (meeting #%d)\nReason: %s",
	},
	MsgLeaveNotYours: {
		ZH: "这次会议不需要你参加。",
		EN: "This meeting is not one you attend.",
	},
	MsgLeaveAgain: {
		ZH: "你已经请过假了（%s）。",
		EN: "You already asked for leave (%s).",
	},
	MsgLeaveDone: {
		ZH: "已提交请假，等待书记批准；结果会通知你。",
		EN: "Leave requested; the secretary decides and you will be told.",
	},
	MsgSeriesUsage: {
		ZH: "用法：/series &lt;类型&gt; &lt;规则&gt; &lt;HH:MM&gt; [选项] &lt;标题&gt;\n规则：weekly:mon、monthly:1、monthly:first-fri、monthly:last-fri、quarterly:first-mon，或带引号的 cron 规则（自带时间，不写 HH:MM），如 \"0 15 * * 5\"\n例如：/series 支委会 monthly:first-mon 15:00 支委会例会\n/series stop &lt;编号&gt; 停止；/series 查看",
		EN: "Usage: /series &lt;kind&gt; &lt;rule&gt; &lt;HH:MM&gt; [options] &lt;title&gt;\nRules: weekly:mon, monthly:1, monthly:first-fri, monthly:last-fri, quarterly:first-mon, or a cron spec in quotes (it has its own time; no HH:MM), like \"0 15 * * 5\"\nExample: /series committee monthly:first-mon 15:00 Committee meeting\n/series stop &lt;number&gt; stops one; /series lists them",
	},
	MsgSeriesUnknown: {
		ZH: "没有编号为 %d 的周期会议。",
		EN: "There is no series #%d.",
	},
	MsgSeriesStopped: {
		ZH: "周期会议 #%d 已停止，不再安排新的会议。",
		EN: "Series #%d stopped; no new meetings will be planned.",
	},
	MsgSeriesCreated: {
		ZH: "已创建周期会议 #%d：%s（%s）。已安排：\n%s",
		EN: "Series #%d created: %s (%s). Planned:\n%s",
	},
	MsgSeriesNone: {
		ZH: "还没有周期会议。",
		EN: "No series yet.",
	},
	MsgSeriesHeader: {
		ZH: "周期会议：",
		EN: "Series:",
	},
	MsgRuleOwnTime: {
		ZH: "cron 规则自带时间，不要再写 HH:MM。",
		EN: "A cron spec has its own time; leave out HH:MM.",
	},
	MsgRuleNeedsTime: {
		ZH: "请在规则后写上时间 HH:MM。",
		EN: "Please give the time HH:MM after the rule.",
	},
	MsgDigestHead: {
		ZH: "🗓 <b>本周会议</b> · %s",
		EN: "🗓 <b>This week</b> · %s",
	},
	MsgDigestFoot: {
		ZH: "不想收到每周安排？发送 /mute（会议提醒照常发送）。",
		EN: "Rather not get the weekly agenda? Send /mute (meeting reminders still come).",
	},
	MsgMuted: {
		ZH: "好的，不再给你发送每周安排和通知的追加提醒。会议提醒照常发送。发送 /unmute 恢复。",
		EN: "Done: no more weekly agenda or notice follow-ups for you. Meeting reminders still come. Send /unmute to undo.",
	},
	MsgUnmuted: {
		ZH: "已恢复每周安排和通知的追加提醒。",
		EN: "Weekly agenda and notice follow-ups are back on.",
	},
	MsgThemeDayUsage: {
		ZH: "用法：/themeday &lt;规则&gt; &lt;HH:MM&gt; &lt;主题&gt;\n例如：/themeday monthly:first-fri 09:00 学习党章党规\n当天早上 8 点（活动在 8 点前则前一晚 8 点）给每位党员发通知。/themeday off 停止。",
		EN: "Usage: /themeday &lt;rule&gt; &lt;HH:MM&gt; &lt;theme&gt;\nExample: /themeday monthly:first-fri 09:00 Study the Party constitution\nEvery member hears about it at 08:00 that morning (20:00 the evening before if it starts earlier). /themeday off ends it.",
	},
	MsgThemeDayNone: {
		ZH: "还没有设置主题党日。",
		EN: "No themed day is set.",
	},
	MsgThemeDayShow: {
		ZH: "主题党日：%s %02d:%02d，主题：%s。",
		EN: "Themed day: %s at %02d:%02d, theme: %s.",
	},
	MsgThemeDayReplaced: {
		ZH: "原来的主题党日（周期会议 #%d）已停止；已安排的仍保留。",
		EN: "The previous themed day (series #%d) is stopped; meetings already planned stay.",
	},
	MsgThemeDayHead: {
		ZH: "🚩 <b>主题党日</b>：%s",
		EN: "🚩 <b>Themed day</b>: %s",
	},
	MsgFlowKind: {
		ZH: "安排会议：选择会议类型（也可以直接发 /meeting 加参数，见 /help）。",
		EN: "Schedule a meeting: choose its kind (or type /meeting with arguments; see /help).",
	},
	MsgFlowGroup: {
		ZH: "哪个党小组？",
		EN: "Which group?",
	},
	MsgFlowDate: {
		ZH: "选择日期，或直接输入 YYYY-MM-DD：",
		EN: "Choose the date, or type YYYY-MM-DD:",
	},
	MsgFlowTime: {
		ZH: "选择时间，或直接输入 HH:MM：",
		EN: "Choose the time, or type HH:MM:",
	},
	MsgFlowTitle: {
		ZH: "请输入会议标题（最多 200 字）：",
		EN: "Type the meeting's title (at most 200 characters):",
	},
	MsgFlowConfirm: {
		ZH: "请确认：",
		EN: "Please confirm:",
	},
	MsgFlowUseButtons: {
		ZH: "请点上面的按钮，或发送 /cancel 放弃。",
		EN: "Please use the buttons above, or send /cancel to give up.",
	},
	MsgHolidayUsage: {
		ZH: "用法：\n/holiday —— 查看\n/holiday add 2026-10-01..2026-10-08 [名称] —— 放假\n/holiday workday 2026-09-28 [名称] —— 调休上班\n/holiday del 2026-10-01 —— 删除\n/holiday import 后每行一条：日期或范围 off|work [名称]\n周期会议默认跳过节假日（weekly/monthly），可在 /series 加 holiday=move 顺延到下一个工作日，或 holiday=keep。",
		EN: "Usage:\n/holiday: list\n/holiday add 2026-10-01..2026-10-08 [name]: days off\n/holiday workday 2026-09-28 [name]: a swapped working day (调休)\n/holiday del 2026-10-01: remove\n/holiday import, then one line each: date or range off|work [name]\nWeekly and monthly series skip holidays by default; add holiday=move to /series to hold it on the next working day, or holiday=keep.",
	},
	MsgHolidaySaved: {
		ZH: "已保存 %d 天。已经安排的会议不受影响；新安排的周期会议会按新日历处理。",
		EN: "Saved %d days. Meetings already planned stay; series plan by the new calendar from now on.",
	},
	MsgHolidayNoEntry: {
		ZH: "支部日历里没有 %s。",
		EN: "The branch calendar has no entry for %s.",
	},
	MsgHolidayImportBad: {
		ZH: "第 %d 行看不懂：%s",
		EN: "Cannot read line %d: %s",
	},
	MsgHolidayBranch: {
		ZH: "支部自己的日历：",
		EN: "The branch's own entries:",
	},
	MsgHolidayNone: {
		ZH: "（无）",
		EN: "(none)",
	},
	MsgHolidayAhead: {
		ZH: "未来 90 天的法定节假日和调休（国务院安排）：",
		EN: "Official holidays and swapped working days in the next 90 days:",
	},
	MsgHolidayOff: {
		ZH: "放假",
		EN: "off",
	},
	MsgHolidayWork: {
		ZH: "上班",
		EN: "working day",
	},
	MsgBtnCheckIn: {
		ZH: "✅ 签到",
		EN: "✅ Check in",
	},
	MsgCheckInDone: {
		ZH: "已签到 %s",
		EN: "Checked in at %s",
	},
	MsgCheckInLate: {
		ZH: "已签到 %s（迟到）",
		EN: "Checked in at %s (late)",
	},
	MsgCheckInAgain: {
		ZH: "你已于 %s 签到",
		EN: "You checked in at %s already",
	},
	MsgCheckInNotOpen: {
		ZH: "签到还没开始，%s 开放。",
		EN: "Check-in is not open yet; it opens at %s.",
	},
	MsgCheckInClosed: {
		ZH: "签到已结束。如有需要，请联系书记补签。",
		EN: "Check-in has closed. Ask the secretary if you need it corrected.",
	},
	MsgCheckInNoMeeting: {
		ZH: "这次会议不存在或已取消。",
		EN: "This meeting does not exist or was cancelled.",
	},
	MsgCheckInNone: {
		ZH: "现在没有你可以签到的会议。签到在会议开始前开放（默认提前 30 分钟），到会议结束为止。",
		EN: "No meeting is open for your check-in now. Check-in opens before the start (30 minutes by default) and closes at the end.",
	},
	MsgCheckInWhich: {
		ZH: "有几场会议可以签到，请选择：",
		EN: "Several meetings are open for check-in; pick one:",
	},
	MsgCheckInUsage: {
		ZH: "用法：/checkin，或 /checkin &lt;会议编号&gt;\n例如：/checkin 12",
		EN: "Usage: /checkin, or /checkin &lt;meeting number&gt;\nExample: /checkin 12",
	},
	MsgAttendanceUsage: {
		ZH: "用法：/attendance &lt;会议编号&gt;\n例如：/attendance 12",
		EN: "Usage: /attendance &lt;meeting number&gt;\nExample: /attendance 12",
	},
	MsgRollExpected: {
		ZH: "应到：%d 人",
		EN: "Expected: %d",
	},
	MsgRollPresent: {
		ZH: "实到（%d）：%s",
		EN: "Present (%d): %s",
	},
	MsgRollLate: {
		ZH: "迟到（%d）：%s",
		EN: "Late (%d): %s",
	},
	MsgRollLeave: {
		ZH: "请假（%d）：%s",
		EN: "On leave (%d): %s",
	},
	MsgRollAbsent: {
		ZH: "缺席（%d）：%s",
		EN: "Absent (%d): %s",
	},
	MsgLeaveAsk: {
		ZH: "请假：%s\n请输入请假理由（发送 /cancel 放弃）：",
		EN: "Leave from %s\nType your reason (send /cancel to give up):",
	},
	MsgLeaveAskToast: {
		ZH: "请在对话中输入请假理由",
		EN: "Type your reason in the chat",
	},
	MsgLeaveUsage: {
		ZH: "用法：/leave &lt;会议编号&gt; &lt;理由&gt;\n例如：/leave 12 出差",
		EN: "Usage: /leave &lt;meeting number&gt; &lt;reason&gt;\nExample: /leave 12 business trip",
	},
	MsgLeaveTooLate: {
		ZH: "会议已经开始，不能再请假了。请联系书记说明情况。",
		EN: "The meeting has started; leave can no longer be asked. Please tell the secretary.",
	},
	MsgLeaveCheckedIn: {
		ZH: "你已经签到了，无需请假。",
		EN: "You have checked in; no leave needed.",
	},
	MsgLeaveApproved: {
		ZH: "✅ 你对“%s”的请假已批准。请记得会后补学。",
		EN: "✅ Your leave from “%s” is approved. Remember the make-up study afterwards.",
	},
	MsgLeaveRejected: {
		ZH: "❌ 你对“%s”的请假未获批准，请按时参加。",
		EN: "❌ Your leave from “%s” was not approved; please attend.",
	},
	MsgLeaveDecidedAlready: {
		ZH: "这条请假已经处理过了。",
		EN: "This request has been decided already.",
	},
	MsgBtnApprove: {
		ZH: "批准",
		EN: "Approve",
	},
	MsgBtnReject: {
		ZH: "驳回",
		EN: "Reject",
	},
	MsgRollPending: {
		ZH: "（待批）",
		EN: " (pending)",
	},
	MsgSummary: {
		ZH: "📋 会议结束：%s（%s）\n应到 %d · 实到 %d（迟到 %d）· 请假 %d · 缺席 %d",
		EN: "📋 Meeting over: %s (%s)\nExpected %d · present %d (late %d) · leave %d · absent %d",
	},
	MsgSummaryAbsent: {
		ZH: "缺席：%s（已提醒补学）",
		EN: "Absent: %s (asked to do the make-up study)",
	},
	MsgSummaryNext: {
		ZH: "/attendance %d 查看详情；/minutes %d &lt;内容&gt; 记录会议。",
		EN: "/attendance %d for details; /minutes %d &lt;text&gt; to record the minutes.",
	},
	MsgMakeUpPrompt: {
		ZH: "📚 你缺席了“%s”（%s）。请学习会议内容完成补学，然后发送 /makeup %d 记录。",
		EN: "📚 You missed “%s” (%s). Please do the make-up study of its content, then send /makeup %d to record it.",
	},
	MsgMakeUpUsage: {
		ZH: "用法：/makeup &lt;会议编号&gt; [说明]\n例如：/makeup 12 已学习会议材料",
		EN: "Usage: /makeup &lt;meeting number&gt; [note]\nExample: /makeup 12 read the materials",
	},
	MsgMakeUpNotNeeded: {
		ZH: "这次会议你不需要补学（已签到、不在参会范围，或会议还没结束）。",
		EN: "You need no make-up for this meeting (you checked in, were not expected, or it has not ended).",
	},
	MsgMakeUpAgain: {
		ZH: "你已经记录过补学了。",
		EN: "Your make-up study is recorded already.",
	},
	MsgMakeUpDone: {
		ZH: "已记录你对“%s”的补学，谢谢。",
		EN: "Make-up study of “%s” recorded, thank you.",
	},
	MsgMinutesSaved: {
		ZH: "会议 #%d 的记录已保存。",
		EN: "Minutes of meeting #%d saved.",
	},
	MsgMeNone: {
		ZH: "%d 年第 %d 季度还没有需要你参加且已结束的会议。",
		EN: "No meetings you were expected at have ended yet in %d Q%d.",
	},
	MsgMeHead: {
		ZH: "你在 %d 年第 %d 季度的出勤：",
		EN: "Your attendance in %d Q%d:",
	},
	MsgMeLine: {
		ZH: "%s：应到 %d · 实到 %d（迟到 %d）· 请假 %d · 缺席 %d · 补学 %d",
		EN: "%s: expected %d · present %d (late %d) · leave %d · absent %d · made up %d",
	},
	MsgMePrivate: {
		ZH: "只有你自己能看到这份记录。",
		EN: "Only you see this record.",
	},
	MsgRollMadeUp: {
		ZH: "已补学（%d）：%s",
		EN: "Made up (%d): %s",
	},
	MsgRollMinutes: {
		ZH: "会议记录：%s",
		EN: "Minutes: %s",
	},
	MsgCorrectionReason: {
		ZH: "会议已结束，补签需要写明理由：/checkin &lt;会议编号&gt; &lt;成员&gt; &lt;理由&gt;\n例如：/checkin 12 张三 忘记签到，现场确认在场",
		EN: "The meeting is over: a correction needs a reason: /checkin &lt;meeting&gt; &lt;member&gt; &lt;reason&gt;\nExample: /checkin 12 Alice forgot to check in, seen in the room",
	},
	MsgProxyAlready: {
		ZH: "%s 已经签到了。",
		EN: "%s has checked in already.",
	},
	MsgProxyDone: {
		ZH: "已为 %s 签到%s。",
		EN: "Checked %s in%s.",
	},
	MsgMarkProxy: {
		ZH: "（代签）",
		EN: " (by proxy)",
	},
	MsgMarkCorrection: {
		ZH: "（补签：%s）",
		EN: " (corrected: %s)",
	},
	MsgPostHead: {
		ZH: "📣 <b>会议即将开始</b>：%s\n%s",
		EN: "📣 <b>Meeting starting</b>: %s\n%s",
	},
	MsgPostCount: {
		ZH: "签到 %d/%d",
		EN: "Checked in %d/%d",
	},
	MsgPostClosed: {
		ZH: "签到结束：实到 %d/%d",
		EN: "Check-in closed: %d of %d present",
	},
	MsgBtnAttend: {
		ZH: "👍 参加",
		EN: "👍 I'll attend",
	},
	MsgAttendDone: {
		ZH: "好的，已记下你会参加。",
		EN: "Noted: you will attend.",
	},
	MsgAttendAgain: {
		ZH: "已经记下你会参加了。",
		EN: "Already noted: you will attend.",
	},
	MsgAttendTooLate: {
		ZH: "会议已经开始了，请直接签到。",
		EN: "The meeting has started; please check in.",
	},
	MsgQuorumWarn: {
		ZH: "⚠️ 明天的%s（%s）目前只有 %d/%d 人确认参加，未过半数。支部党员大会须有半数以上党员到会，请提前动员。",
		EN: "⚠️ Only %[3]d of %[4]d have said they will attend %[1]s (%[2]s) tomorrow, not a majority. A branch assembly needs more than half present; please rally members.",
	},
	MsgCodeNeeded: {
		ZH: "这次会议需要签到码：请发送 /checkin &lt;签到码&gt;（签到码在会场出示）。",
		EN: "This meeting needs its code: send /checkin &lt;code&gt; (the code is shown in the room).",
	},
	MsgCodeWrong: {
		ZH: "签到码不对，请再看一下会场出示的签到码。",
		EN: "That code is wrong; please look at the code shown in the room again.",
	},
	MsgCodeLocked: {
		ZH: "签到码错误次数过多，请 %s 后再试，或请书记代签。",
		EN: "Too many wrong codes; try again in %s, or ask the secretary to check you in.",
	},
	MsgCardCode: {
		ZH: "签到码：<b>%s</b>（会场出示，成员发送 /checkin %[1]s 签到）",
		EN: "Check-in code: <b>%s</b> (show it in the room; members send /checkin %[1]s)",
	},
	MsgCardRotate: {
		ZH: "签到码每 30 秒更换：在会场发送 /code %d 显示。",
		EN: "The check-in code changes every 30 s: send /code %d in the room to show it.",
	},
	MsgCodeUsage: {
		ZH: "用法：/code &lt;会议编号&gt;（在会场大屏或群里显示签到码）",
		EN: "Usage: /code &lt;meeting number&gt; (shows the check-in code on the room's screen or in the group)",
	},
	MsgCodeNone: {
		ZH: "会议 #%d 没有签到码。创建会议时加 code=on 或 code=rotate。",
		EN: "Meeting #%d has no check-in code. Add code=on or code=rotate when creating it.",
	},
	MsgCodeStatic: {
		ZH: "%s 签到码：<b>%s</b>",
		EN: "%s check-in code: <b>%s</b>",
	},
	MsgCodeLive: {
		ZH: "🔢 %s\n签到码：<b>%s</b>\n（每 %d 秒更换，发送 /checkin 加签到码签到）",
		EN: "🔢 %s\nCheck-in code: <b>%s</b>\n(changes every %d s; send /checkin and the code)",
	},
	MsgCodeOver: {
		ZH: "🔢 %s：签到已结束。",
		EN: "🔢 %s: check-in has closed.",
	},
	MsgLocationFar: {
		ZH: "你分享的位置不在会场范围内。请到会场后再分享，或发送 /checkin 加签到码。",
		EN: "The location you shared is not at the meeting's place. Share it from the room, or send /checkin with the code.",
	},
	MsgLocationNone: {
		ZH: "现在没有可以用位置签到的会议。",
		EN: "No meeting open now takes a shared location for check-in.",
	},
	MsgRollNotYet: {
		ZH: "未签到（%d）：%s",
		EN: "Not checked in yet (%d): %s",
	},
	MsgFbChooseCategory: {
		ZH: "意见建议：请选择类别（发送 /cancel 放弃）。",
		EN: "Feedback: choose a category (send /cancel to give up).",
	},
	MsgFbChooseAnon: {
		ZH: "匿名还是署名？匿名时书记看不到你是谁，但仍能回复你（除非支部设为严格匿名）。",
		EN: "Anonymous or named? Anonymous: the secretary cannot see who you are, but can still answer you (unless the branch chose strict anonymity).",
	},
	MsgFbAnon: {
		ZH: "匿名",
		EN: "anonymous",
	},
	MsgFbNamed: {
		ZH: "署名",
		EN: "named",
	},
	MsgFbAskText: {
		ZH: "请输入内容（最多 4000 字）：",
		EN: "Type your message (at most 4000 characters):",
	},
	MsgFbPreview: {
		ZH: "请确认：\n类别：%s · %s\n\n%s",
		EN: "Please confirm:\nCategory: %s · %s\n\n%s",
	},
	MsgFbTooLong: {
		ZH: "内容不能为空，最多 %d 字。",
		EN: "The text must not be empty and at most %d characters.",
	},
	MsgFbUsage: {
		ZH: "用法：/feedback [匿名] &lt;内容&gt;，或只发 /feedback 按步骤填写。\n例如：/feedback 匿名 建议把学习时间调到周五下午",
		EN: "Usage: /feedback [anon] &lt;text&gt;, or just /feedback for step by step.\nExample: /feedback anon Move study sessions to Friday afternoons",
	},
	MsgFbThanks: {
		ZH: "已%[2]s提交（#%[1]d），书记会看到并回复你。发送 /followup 编号 内容 可以补充。",
		EN: "Submitted (#%[1]d, %[2]s); the secretary will see it and answer you. Send /followup with its number to add to it.",
	},
	MsgFbThanksStrict: {
		ZH: "已匿名提交（#%d）。支部设为严格匿名：不会保存你的任何信息，因此也无法回复你。",
		EN: "Submitted anonymously (#%d). The branch uses strict anonymity: nothing about you is kept, so no answer can reach you.",
	},
	MsgFbNote: {
		ZH: "📮 意见建议 #%d · %s · %s\n\n%s\n\n回复：/reply %d 内容；处理完毕：/done %d",
		EN: "📮 Feedback #%d · %s · %s\n\n%s\n\nAnswer: /reply %d text; close: /done %d",
	},
	MsgFbFollowNote: {
		ZH: "📮 意见建议 #%d 的补充（%s）：\n\n%s\n\n回复：/reply %d 内容",
		EN: "📮 Addition to feedback #%d (%s):\n\n%s\n\nAnswer: /reply %d text",
	},
	MsgFbNone: {
		ZH: "没有待处理的意见建议。",
		EN: "No open feedback.",
	},
	MsgFbListHead: {
		ZH: "待处理的意见建议：",
		EN: "Open feedback:",
	},
	MsgFbReplyUsage: {
		ZH: "用法：/reply &lt;编号&gt; &lt;回复&gt;；/done &lt;编号&gt; [回复] 关闭。\n例如：/reply 3 已安排在下月支委会讨论",
		EN: "Usage: /reply &lt;number&gt; &lt;answer&gt;; /done &lt;number&gt; [answer] closes it.\nExample: /reply 3 On next month's committee agenda",
	},
	MsgFbAnswer: {
		ZH: "💬 你的意见建议 #%d（%s）有了回复：\n\n%s",
		EN: "💬 Your feedback #%d (%s) has an answer:\n\n%s",
	},
	MsgFbClosedTail: {
		ZH: "（此条已处理完毕）",
		EN: "(This item is now closed.)",
	},
	MsgFbFollowHint: {
		ZH: "如需补充，发送 /followup %d 内容。",
		EN: "To add something, send /followup %d text.",
	},
	MsgFbClosedNote: {
		ZH: "✅ 你的意见建议 #%d（%s）已处理完毕。",
		EN: "✅ Your feedback #%d (%s) is closed.",
	},
	MsgFbUnknown: {
		ZH: "没有编号为 %d 的意见建议。",
		EN: "There is no feedback #%d.",
	},
	MsgFbIsClosed: {
		ZH: "意见建议 #%d 已经关闭了。",
		EN: "Feedback #%d is closed.",
	},
	MsgFbDone: {
		ZH: "意见建议 #%d 已关闭，已告知提出人（如可联系）。",
		EN: "Feedback #%d closed; its author is told (if they can be reached).",
	},
	MsgFbReplied: {
		ZH: "回复已转给 #%d 的提出人。",
		EN: "Your answer went to the author of #%d.",
	},
	MsgFbNoWayBack: {
		ZH: "回复已记录；#%d 是严格匿名提交的，无法转给提出人。",
		EN: "Answer recorded; #%d was sent under strict anonymity, so it cannot reach its author.",
	},
	MsgFbFollowUsage: {
		ZH: "用法：/followup &lt;编号&gt; &lt;补充内容&gt;\n例如：/followup 3 补充一点情况",
		EN: "Usage: /followup &lt;number&gt; &lt;text&gt;\nExample: /followup 3 One more detail",
	},
	MsgFbNotYours: {
		ZH: "#%d 不是你提交的，或无法确认（严格匿名时无法补充）。",
		EN: "#%d is not yours, or cannot be confirmed as yours (not possible under strict anonymity).",
	},
	MsgFbFollowed: {
		ZH: "已补充到 #%d。",
		EN: "Added to #%d.",
	},
	MsgEvalAlready: {
		ZH: "已有一轮民主评议在进行中。发送 /evaluate close 结束。",
		EN: "An evaluation round is already open. Send /evaluate close to end it.",
	},
	MsgEvalOpened: {
		ZH: "民主评议已开始，评议卡已私信发给 %s。投票匿名，结束前任何人都看不到结果；发送 /evaluate close 结束并统计。",
		EN: "The evaluation has started; ballot cards went privately to %s. Votes are anonymous and nobody sees results before it closes; send /evaluate close to end and count.",
	},
	MsgEvalNone: {
		ZH: "现在没有进行中的民主评议。",
		EN: "No evaluation round is open.",
	},
	MsgEvalRunning: {
		ZH: "民主评议进行中（结束前不显示任何结果）。发送 /evaluate close 结束并统计。",
		EN: "An evaluation round is open (no results are shown before it closes). Send /evaluate close to end and count.",
	},
	MsgEvalUsage: {
		ZH: "用法：/evaluate open 开始民主评议；/evaluate close 结束并统计。",
		EN: "Usage: /evaluate open starts a democratic evaluation; /evaluate close ends it and counts.",
	},
	MsgEvalTally: {
		ZH: "%s：优秀 %d · 合格 %d · 基本合格 %d · 不合格 %d",
		EN: "%s: excellent %d · qualified %d · basically qualified %d · not qualified %d",
	},
	MsgEvalNothing: {
		ZH: "没有需要你评价的党员。",
		EN: "There is nobody for you to rate.",
	},
	MsgEvalNotYet: {
		ZH: "未评价",
		EN: "not rated yet",
	},
	MsgEvalCard: {
		ZH: "第 %d/%d 位：<b>%s</b>\n你的评价：%s\n（已评 %d/%d）",
		EN: "%d of %d: <b>%s</b>\nYour rating: %s\n(rated %d of %d)",
	},
	MsgEvalNotVoter: {
		ZH: "你不在这轮民主评议中。",
		EN: "You are not part of this evaluation round.",
	},
	MsgEvalRecorded: {
		ZH: "已记录",
		EN: "Recorded",
	},
	MsgSurveyUsage: {
		ZH: "用法：\n/survey &lt;标题&gt; [匿名] [until=YYYY-MM-DD [HH:MM]]\n单选：问题｜选项｜选项\n多选：问题｜选项｜选项\n评分：问题（1–5 分）\n填空：问题\n（每题一行；截止默认一周后 18:00）\n/survey results &lt;编号&gt; 查看结果；/survey close &lt;编号&gt; 提前结束",
		EN: "Usage:\n/survey &lt;title&gt; [anon] [until=YYYY-MM-DD [HH:MM]]\nsingle: question | option | option\nmulti: question | option | option\nscale: question (1–5)\ntext: question\n(one question a line; the deadline defaults to a week ahead, 18:00)\n/survey results &lt;number&gt;; /survey close &lt;number&gt; ends it early",
	},
	MsgSurveyBadLine: {
		ZH: "看不懂这一行：%s",
		EN: "Cannot read this line: %s",
	},
	MsgSurveyInvalid: {
		ZH: "问卷要有标题和 1–30 道题，选择题 2–10 个选项，题目最多 300 字、选项最多 40 字。%s",
		EN: "A survey needs a title and 1–30 questions; choice questions 2–10 options; questions at most 300 characters, options 40.%s",
	},
	MsgSurveyIntro: {
		ZH: "📋 <b>问卷：%s</b>\n截止 %s · %s",
		EN: "📋 <b>Survey: %s</b>\nDeadline %s · %s",
	},
	MsgSurveyCreated: {
		ZH: "问卷 #%d 已发给 %d 人，截止 %s。截止前一天会提醒未完成的人；发送 /survey results %d 查看结果。",
		EN: "Survey #%d went to %d members; deadline %s. Those who have not finished are reminded a day before; send /survey results %d for the results.",
	},
	MsgSurveyThanks: {
		ZH: "✅ 问卷“%s”已完成，谢谢参与！",
		EN: "✅ Survey “%s” done, thank you!",
	},
	MsgSurveyQuestion: {
		ZH: "第 %d/%d 题：%s",
		EN: "Question %d of %d: %s",
	},
	MsgSurveyNext: {
		ZH: "下一题 ▶",
		EN: "Next ▶",
	},
	MsgSurveyType: {
		ZH: "请直接发送你的回答。",
		EN: "Send your answer as a message.",
	},
	MsgSurveyAnswerText: {
		ZH: "✍️ 回答",
		EN: "✍️ Answer",
	},
	MsgSurveyClosedToast: {
		ZH: "这份问卷已经截止。",
		EN: "This survey has closed.",
	},
	MsgSurveyUnknown: {
		ZH: "没有编号为 %d 的问卷。",
		EN: "There is no survey #%d.",
	},
	MsgSurveyResults: {
		ZH: "📊 问卷“%s”结果（%d/%d 人完成）：",
		EN: "📊 Results of “%s” (%d of %d finished):",
	},
	MsgSurveyAverage: {
		ZH: "   平均 %.1f 分（%d 人）",
		EN: "   average %.1f (%d answers)",
	},
	MsgSurveyTexts: {
		ZH: "   文字回答 %d 条，见附件",
		EN: "   %d written answers, see the file",
	},
	MsgSurveyCSV: {
		ZH: "%s：全部回答",
		EN: "%s: all answers",
	},
	MsgSurveyCSVMember: {
		ZH: "成员",
		EN: "member",
	},
	MsgSurveyRemind: {
		ZH: "⏰ 问卷“%s”明天截止，你还没有填完。",
		EN: "⏰ The survey “%s” closes tomorrow and you have not finished it.",
	},
	MsgLeaveOwn: {
		ZH: "不能批准自己的请假，请由另一位书记处理。",
		EN: "You cannot decide your own leave; another secretary must.",
	},
	MsgMoveStarted: {
		ZH: "会议 #%d 已经开始，不能改期。",
		EN: "Meeting #%d has started and cannot be moved.",
	},
	MsgBadRule: {
		ZH: "规则“%s”不对。",
		EN: "The rule “%s” is wrong.",
	},
	"cmd.acks": {
		ZH: "查看谁还没读某条通知",
		EN: "Who hasn't read a notice",
	},
	"cmd.attendance": {
		ZH: "会议出勤情况",
		EN: "Who came to a meeting",
	},
	"cmd.bind": {
		ZH: "把本群绑定到支部",
		EN: "Link this group to the branch",
	},
	"cmd.cancel": {
		ZH: "取消当前操作",
		EN: "Cancel what you are doing",
	},
	"cmd.checkin": {
		ZH: "会议签到",
		EN: "Check in to a meeting",
	},
	"cmd.code": {
		ZH: "显示会议签到码",
		EN: "Show a meeting's check-in code",
	},
	"cmd.done": {
		ZH: "关闭意见建议",
		EN: "Close feedback",
	},
	"cmd.evaluate": {
		ZH: "民主评议",
		EN: "Democratic evaluation",
	},
	"cmd.feedback": {
		ZH: "提意见建议（可匿名）",
		EN: "Send feedback (may be anonymous)",
	},
	"cmd.feedbacks": {
		ZH: "待处理的意见建议",
		EN: "Open feedback",
	},
	"cmd.followup": {
		ZH: "补充自己的意见建议",
		EN: "Add to your feedback",
	},
	"cmd.group": {
		ZH: "党小组：查看、新建、分配",
		EN: "Groups: list, create, assign",
	},
	"cmd.help": {
		ZH: "可用命令",
		EN: "What you can do",
	},
	"cmd.holiday": {
		ZH: "节假日与调休",
		EN: "Holidays and swapped working days",
	},
	"cmd.invite": {
		ZH: "生成邀请链接",
		EN: "Make an invite link",
	},
	"cmd.leave": {
		ZH: "请假",
		EN: "Ask for leave",
	},
	"cmd.makeup": {
		ZH: "记录补学",
		EN: "Record make-up study",
	},
	"cmd.me": {
		ZH: "我的出勤",
		EN: "My attendance",
	},
	"cmd.meeting": {
		ZH: "安排会议 / 查看会议",
		EN: "Schedule or show a meeting",
	},
	"cmd.meetings": {
		ZH: "未来 30 天的会议",
		EN: "Meetings in the next 30 days",
	},
	"cmd.members": {
		ZH: "成员名单",
		EN: "Member list",
	},
	"cmd.minutes": {
		ZH: "记录会议",
		EN: "Record the minutes",
	},
	"cmd.move": {
		ZH: "会议改期",
		EN: "Move a meeting",
	},
	"cmd.mute": {
		ZH: "不接收每周安排等可选消息",
		EN: "Stop optional messages (weekly agenda)",
	},
	"cmd.neworg": {
		ZH: "创建支部（管理员）",
		EN: "Create a branch (administrators)",
	},
	"cmd.notice": {
		ZH: "发送通知（带“收到”回执）",
		EN: "Send a notice with read receipts",
	},
	"cmd.notices": {
		ZH: "最近的通知和已读情况",
		EN: "Recent notices and read rates",
	},
	"cmd.reply": {
		ZH: "回复意见建议",
		EN: "Answer feedback",
	},
	"cmd.role": {
		ZH: "设置成员身份",
		EN: "Set a member's role",
	},
	"cmd.series": {
		ZH: "周期会议（三会一课）",
		EN: "Recurring meetings",
	},
	"cmd.settings": {
		ZH: "支部设置：提醒、免打扰",
		EN: "Branch settings: reminders, quiet hours",
	},
	"cmd.start": {
		ZH: "开始使用 / 加入支部",
		EN: "Start / join a branch",
	},
	"cmd.survey": {
		ZH: "问卷调查",
		EN: "Surveys",
	},
	"cmd.themeday": {
		ZH: "设置每月主题党日",
		EN: "Set the monthly themed day",
	},
	"cmd.unmute": {
		ZH: "恢复可选消息",
		EN: "Resume optional messages",
	},
	"fb.cat.advice": {
		ZH: "意见建议",
		EN: "suggestion",
	},
	"fb.cat.other": {
		ZH: "其他",
		EN: "other",
	},
	"fb.cat.thinking": {
		ZH: "思想动态",
		EN: "thoughts",
	},
	"fb.cat.trouble": {
		ZH: "工作困难",
		EN: "difficulty at work",
	},
	"kind.assembly": {
		ZH: "支部党员大会",
		EN: "branch assembly",
	},
	"kind.committee": {
		ZH: "支委会",
		EN: "committee meeting",
	},
	"kind.group": {
		ZH: "党小组会",
		EN: "group meeting",
	},
	"kind.lecture": {
		ZH: "党课",
		EN: "Party lecture",
	},
	"kind.other": {
		ZH: "其他",
		EN: "other",
	},
	"kind.themeday": {
		ZH: "主题党日",
		EN: "themed day",
	},
	"leave.approved": {
		ZH: "已批准",
		EN: "approved",
	},
	"leave.pending": {
		ZH: "待批",
		EN: "pending",
	},
	"leave.rejected": {
		ZH: "已驳回",
		EN: "rejected",
	},
	"rating.basic": {
		ZH: "基本合格",
		EN: "basically qualified",
	},
	"rating.excellent": {
		ZH: "优秀",
		EN: "excellent",
	},
	"rating.qualified": {
		ZH: "合格",
		EN: "qualified",
	},
	"rating.unqualified": {
		ZH: "不合格",
		EN: "not qualified",
	},
	"role.committee": {
		ZH: "支委",
		EN: "committee member",
	},
	"role.leader": {
		ZH: "党小组长",
		EN: "group leader",
	},
	"role.member": {
		ZH: "党员",
		EN: "member",
	},
	"role.owner": {
		ZH: "管理员",
		EN: "administrator",
	},
	"role.secretary": {
		ZH: "书记",
		EN: "secretary",
	},
	"rule.day": {
		ZH: "“%s”：每月的日期请用 1–28，或 monthly:last 表示月末。",
		EN: "“%s”: use days 1–28 of the month, or monthly:last for the month's end.",
	},
	"rule.dowdom": {
		ZH: "“%s”：cron 同时限定日期和星期时会两者任一满足；“每月第一个周一”请用 monthly:first-mon。",
		EN: "“%s”: when cron restricts both day of month and weekday it matches either; for “first Monday” use monthly:first-mon.",
	},
	"rule.fields": {
		ZH: "cron 规则“%s”要有 5 个字段（分 时 日 月 周），不支持秒和年。",
		EN: "The cron spec “%s” needs 5 fields (minute hour day month weekday); no seconds or years.",
	},
	"rule.never": {
		ZH: "规则“%s”永远不会触发。",
		EN: "The rule “%s” never fires.",
	},
	"rule.often": {
		ZH: "规则“%s”太频繁：周期会议最多每天一次。",
		EN: "The rule “%s” fires too often: a series meets at most once a day.",
	},
	"rule.syntax": {
		ZH: "规则“%s”看不懂。",
		EN: "I cannot read the rule “%s”.",
	},
	"wd.fri": {
		ZH: "周五",
		EN: "Fri",
	},
	"wd.mon": {
		ZH: "周一",
		EN: "Mon",
	},
	"wd.sat": {
		ZH: "周六",
		EN: "Sat",
	},
	"wd.sun": {
		ZH: "周日",
		EN: "Sun",
	},
	"wd.thu": {
		ZH: "周四",
		EN: "Thu",
	},
	"wd.tue": {
		ZH: "周二",
		EN: "Tue",
	},
	"wd.wed": {
		ZH: "周三",
		EN: "Wed",
	},
}
