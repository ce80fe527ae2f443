package tgtest_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"branchbot/bot/tgtest"
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

// download fetches a file the way a bot does: getFile, then a GET of the
// download link. It returns the HTTP status of the GET.
func download(ctx context.Context, b *tgbot.Bot, fileID string) (int, []byte, error) {
	f, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		return 0, nil, err
	}
	return get(ctx, b.FileDownloadLink(f))
}

func get(ctx context.Context, link string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

func TestForgetFile(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	srv.SendDocument(alice, alice.PrivateChat(), "minutes.pdf", []byte("%PDF-1.7 minutes"), "")
	srv.SendPhoto(alice, alice.PrivateChat(), []byte("jpeg"), "")
	ups := getUpdates(ctx, t, srv, nil)
	doc, photo := ups[0].Message.Document.FileID, ups[1].Message.Photo[0].FileID

	f, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: doc})
	if err != nil {
		t.Fatal(err)
	}
	link := b.FileDownloadLink(f)
	if code, body, err := get(ctx, link); err != nil || code != http.StatusOK || string(body) != "%PDF-1.7 minutes" {
		t.Fatalf("download before forgetting = %d %q, %v", code, body, err)
	}

	srv.ForgetFile(doc)
	srv.ForgetFile("never issued") // ignored
	_, err = b.GetFile(ctx, &tgbot.GetFileParams{FileID: doc})
	if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), "wrong file_id or the file is temporarily unavailable") {
		t.Errorf("getFile of a forgotten file: %v", err)
	}
	if code, _, err := get(ctx, link); err != nil || code != http.StatusNotFound {
		t.Errorf("old download link of a forgotten file = %d, %v; want 404", code, err)
	}
	if _, err := b.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: alice.ID, Document: &models.InputFileString{Data: doc}}); !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Errorf("resending a forgotten file: %v", err)
	}
	// An id the server never issued reads as invalid, not as unavailable.
	_, err = b.GetFile(ctx, &tgbot.GetFileParams{FileID: "AgADnever"})
	if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), "invalid file_id") {
		t.Errorf("getFile of an unknown id: %v", err)
	}
	// Other files are untouched.
	if code, body, err := download(ctx, b, photo); err != nil || code != http.StatusOK || string(body) != "jpeg" {
		t.Errorf("the photo after forgetting the document = %d %q, %v", code, body, err)
	}
	noViolations(t, srv)
}

func TestDownloadLimit(t *testing.T) {
	srv, b := newServer(t, tgtest.WithDownloadLimit(1000))
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	srv.SendDocument(alice, alice.PrivateChat(), "at-limit.bin", bytes.Repeat([]byte("x"), 1000), "")
	srv.SendDocument(alice, alice.PrivateChat(), "over.bin", bytes.Repeat([]byte("x"), 1001), "")
	ups := getUpdates(ctx, t, srv, nil)

	if code, body, err := download(ctx, b, ups[0].Message.Document.FileID); err != nil || code != http.StatusOK || len(body) != 1000 {
		t.Errorf("a file at the limit = %d, %d bytes, %v", code, len(body), err)
	}
	_, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: ups[1].Message.Document.FileID})
	if !errors.Is(err, tgbot.ErrorBadRequest) || !strings.Contains(err.Error(), "Bad Request: file is too big") {
		t.Errorf("getFile over the limit: %v", err)
	}
	noViolations(t, srv)
}

func TestDownloadLimitDefaultIsTelegrams(t *testing.T) {
	srv, b := newServer(t)
	ctx := ctxT(t)
	alice := srv.NewUser("Alice", "en")
	// Telegram's figure, written out: the test must not take it from the
	// constant it checks.
	const telegramLimit = 20 << 20
	srv.SendDocument(alice, alice.PrivateChat(), "video.mp4", make([]byte, telegramLimit+1), "")
	srv.SendDocument(alice, alice.PrivateChat(), "fits.mp4", make([]byte, telegramLimit), "")
	ups := getUpdates(ctx, t, srv, nil)
	if _, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: ups[0].Message.Document.FileID}); !errors.Is(err, tgbot.ErrorBadRequest) {
		t.Errorf("getFile of a file over 20 MB: %v", err)
	}
	if _, err := b.GetFile(ctx, &tgbot.GetFileParams{FileID: ups[1].Message.Document.FileID}); err != nil {
		t.Errorf("getFile of a file of exactly 20 MB: %v", err)
	}
}
