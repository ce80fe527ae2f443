package bot

import (
	"errors"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// userErrors are the store's refusals that read the same wherever they
// happen: a handler returns the error and the router shows this text in
// the user's language. Refusals whose words depend on the command (or
// need the name of what was refused) are answered by the handler.
var userErrors = []struct {
	err error
	key i18n.Key
}{
	{data.ErrInviteUnknown, i18n.MsgInviteUnknown},
	{data.ErrInviteUsed, i18n.MsgInviteUsed},
	{data.ErrInviteExpired, i18n.MsgInviteExpired},
	{data.ErrChatBoundElse, i18n.MsgBindElsewhere},
	{data.ErrDraftGone, i18n.MsgButtonStale},
	// Whether a notice exists is not told to someone it was not sent to:
	// "not yours" and "gone" read the same.
	{data.ErrNotRecipient, i18n.MsgAckUnknown},
	{data.ErrNoticeUnknown, i18n.MsgAckUnknown},
	{data.ErrCheckedInLeft, i18n.MsgLeaveCheckedIn},
	{data.ErrOwnLeave, i18n.MsgLeaveOwn},
}

// userError names the text for an error a user can act on.
func userError(err error) (i18n.Key, bool) {
	for _, ue := range userErrors {
		if errors.Is(err, ue.err) {
			return ue.key, true
		}
	}
	return "", false
}
