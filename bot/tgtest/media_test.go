package tgtest_test

import (
	"testing"

	tgbot "github.com/go-telegram/bot"
)

func TestSendPhotoAndReplyWithFiles(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice.ID, Text: "Meeting #3: /minutes 3"}); err != nil {
		t.Fatal(err)
	}
	post := srv.LastMessage(alice.ID)
	srv.SendPhoto(alice, alice.PrivateChat(), []byte("jpeg"), "sign-in sheet")
	srv.ReplyWithPhoto(alice, post, []byte("jpeg 2"), "the room")
	srv.ReplyWithDocument(alice, post, "minutes.pdf", []byte("%PDF"), "")
	ups := getUpdates(ctx, t, srv, nil)
	if len(ups) != 3 {
		t.Fatalf("%d updates, want 3", len(ups))
	}
	p := ups[0].Message
	if len(p.Photo) == 0 || p.Photo[0].FileID == "" || p.Photo[0].FileUniqueID == "" || p.Caption != "sign-in sheet" || p.ReplyToMessage != nil {
		t.Errorf("photo = %+v", p)
	}
	r := ups[1].Message
	if len(r.Photo) == 0 || r.Photo[0].FileUniqueID == p.Photo[0].FileUniqueID || r.ReplyToMessage == nil ||
		r.ReplyToMessage.ID != int(post.ID) || r.ReplyToMessage.From == nil || !r.ReplyToMessage.From.IsBot {
		t.Errorf("reply with photo = %+v", r)
	}
	d := ups[2].Message
	if d.Document == nil || d.Document.FileName != "minutes.pdf" || d.ReplyToMessage == nil || d.ReplyToMessage.ID != int(post.ID) {
		t.Errorf("reply with document = %+v", d)
	}
	f, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: r.Photo[0].FileID})
	if err != nil || f.FilePath == "" {
		t.Errorf("getFile of the photo = %+v, %v", f, err)
	}
	noViolations(t, srv)
}
