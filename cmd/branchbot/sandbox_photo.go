package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strconv"
	"strings"
)

// photoUsage is how /photo is written.
const photoUsage = "write /photo [#N|^] [caption], as in /photo #12 签到表 (^: the newest message here)"

// photo sends a small picture as the current user, in reply to the bot's
// message #N (or, for ^, its newest message in this chat) if one is named, as a member files a photo of the sign-in
// sheet under the meeting's post in Telegram.
func (sb *sandbox) photo(ctx context.Context, arg string) {
	var to *shownMsg
	if ref, rest, _ := strings.Cut(arg, " "); ref == "^" || strings.HasPrefix(ref, "#") {
		n, err := strconv.Atoi(strings.TrimPrefix(ref, "#"))
		sb.mu.Lock()
		if ref == "^" {
			n, err = sb.newestIn(sb.chat().ID), nil
		}
		if err == nil && n >= 1 && n <= len(sb.shown) {
			m := sb.shown[n-1]
			to = &m
		}
		sb.mu.Unlock()
		if to == nil {
			sb.printf("(no message %s: %s)\n", ref, photoUsage)
			return
		}
		if to.chat.ID != sb.chat().ID {
			sb.printf("(message %s is in another chat: %s first)\n", ref, sb.goTo(to.chat.ID))
			return
		}
		arg = strings.TrimSpace(rest)
	}
	pic := samplePhoto()
	u := sb.users[sb.me]
	if to != nil {
		sb.await(ctx, sb.srv.ReplyWithPhoto(u, to.Message, pic, arg))
		return
	}
	sb.await(ctx, sb.srv.SendPhoto(u, sb.chat(), pic, arg))
}

// samplePhoto is a small grey JPEG: what the bot keeps of a photo is its
// Telegram ids, and a pack downloads these bytes back.
func samplePhoto() []byte {
	img := image.NewGray(image.Rect(0, 0, 64, 48))
	for i := range img.Pix {
		img.Pix[i] = uint8(96 + i%64)
	}
	img.Set(0, 0, color.Gray{Y: 0})
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}

// newestIn is the number of the bot's newest message in chatID, 0 if none.
func (sb *sandbox) newestIn(chatID int64) int {
	for n := len(sb.shown); n >= 1; n-- {
		if sb.shown[n-1].chat.ID == chatID {
			return n
		}
	}
	return 0
}
