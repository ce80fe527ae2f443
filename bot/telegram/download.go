package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// MaxDownload is the largest file a bot may download: getFile refuses
// larger ones ("bots can download files of up to 20MB in size"; the Bot
// API server's limit is 20 << 20 bytes).
const MaxDownload = 20 << 20

// ErrFileGone: Telegram does not serve the file: getFile refused its
// file_id, or the download link answered 404. Mostly the file is gone for
// good, but Telegram words the refusal "wrong file_id or the file is
// temporarily unavailable" also when a fetch on its side failed, so a
// try some minutes later may still succeed.
var ErrFileGone = errors.New("telegram no longer serves the file")

// ErrFileTooBig: the file is over MaxDownload, so a bot cannot download
// it.
var ErrFileTooBig = errors.New("the file is too big for a bot to download")

// downloadAttempts bounds how often getFile is tried when Telegram asks
// the bot to wait (429): each wait is honoured, then the call repeats.
const downloadAttempts = 3

// DownloadFile fetches a file a user sent, by its file_id: getFile, then
// the download link, with the transport's HTTP client. It fails with
// ErrFileGone or ErrFileTooBig (check with errors.Is) or another error
// with context; no error carries the bot token, which is in the link.
// getFile takes a token of the global rate like every call, and a 429
// pauses all sending for its retry_after before getFile is tried again.
func (t *Transport) DownloadFile(ctx context.Context, fileID string) ([]byte, error) {
	if fileID == "" {
		return nil, errors.New("download file: no file_id")
	}
	f, err := t.getFile(ctx, fileID)
	if err != nil {
		return nil, err
	}
	if f.FileSize > MaxDownload {
		return nil, fmt.Errorf("get file: %w (%d bytes)", ErrFileTooBig, f.FileSize)
	}
	if f.FilePath == "" {
		// The Bot API documents file_path as optional; without it there
		// is nothing to fetch.
		return nil, fmt.Errorf("get file: %w (no file_path)", ErrFileGone)
	}
	return t.fetch(ctx, t.tg.FileDownloadLink(f))
}

// getFile asks for a file's size and path, honouring flood waits.
func (t *Transport) getFile(ctx context.Context, fileID string) (*models.File, error) {
	for attempt := 1; ; attempt++ {
		if err := t.sender.waitGlobal(ctx); err != nil {
			return nil, fmt.Errorf("get file: %w", err)
		}
		f, err := t.tg.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
		if err == nil {
			return f, nil
		}
		if _, flooded := t.floodWait(err); flooded && attempt < downloadAttempts {
			continue // waitGlobal waits out the pause floodWait set
		}
		return nil, fmt.Errorf("get file: %w", getFileError(t.redact(err)))
	}
}

// getFileError reads getFile's refusal. Telegram says why only in the
// description of a 400, so this is the one place that knows the wording:
// "file is too big" is ErrFileTooBig; every other 400 ("invalid file_id",
// "wrong file_id or the file is temporarily unavailable", "wrong remote
// file identifier specified") means the id gives no file, ErrFileGone.
func getFileError(err error) error {
	if !errors.Is(err, tgbot.ErrorBadRequest) {
		return err
	}
	if strings.Contains(err.Error(), "file is too big") {
		return fmt.Errorf("%w: %w", ErrFileTooBig, err)
	}
	return fmt.Errorf("%w: %w", ErrFileGone, err)
}

// fetch GETs a download link (it holds the token: never in an error or a
// log) and reads at most MaxDownload bytes of it:
// the size getFile reported is the server's word, the body is read as if
// it might lie.
func (t *Transport) fetch(ctx context.Context, link string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, fmt.Errorf("download file: %w", t.redact(err))
	}
	resp, err := t.cfg.HTTPClient.Do(req)
	if err != nil {
		// Go's error quotes the URL, token and all.
		return nil, fmt.Errorf("download file: %w", t.redact(err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fmt.Errorf("download file: %w (HTTP 404)", ErrFileGone)
	case resp.StatusCode != http.StatusOK:
		// The body of an error page is not ours to log.
		return nil, fmt.Errorf("download file: HTTP %d", resp.StatusCode)
	case resp.ContentLength > MaxDownload:
		return nil, fmt.Errorf("download file: %w (%d bytes announced)", ErrFileTooBig, resp.ContentLength)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxDownload+1))
	if err != nil {
		return nil, fmt.Errorf("download file: read: %w", t.redact(err))
	}
	if len(body) > MaxDownload {
		return nil, fmt.Errorf("download file: %w (more than %d bytes sent)", ErrFileTooBig, MaxDownload)
	}
	return body, nil
}
