package i18n

// Keys of the attendance texts below.
const (
	MsgLocationNotLive   Key = "location.notlive"
	MsgLocationForwarded Key = "location.forwarded"
)

// attendanceTexts are the refusals of a shared location that cannot prove
// presence.
var attendanceTexts = map[Key]Text{
	MsgLocationNotLive: {
		ZH: "签到要用<b>实时位置</b>：请在会场点 📎 → 位置 → 共享实时位置。发送一次的定位点不能证明你在会场；也可以发送 /checkin 加签到码。",
		EN: "Check-in needs your <b>live location</b>: in the room, tap 📎 → Location → Share live location. A pin dropped once does not show you are there; or send /checkin with the code.",
	},
	MsgLocationForwarded: {
		ZH: "转发来的位置不能用于签到：请在会场共享你自己的实时位置，或发送 /checkin 加签到码。",
		EN: "A forwarded location does not count: share your own live location from the room, or send /checkin with the code.",
	},
}
