package tgtest

// SendPhoto makes from send a photo to chat and queues the update; the
// bot can fetch it with getFile. It returns the update_id.
func (s *Server) SendPhoto(from *User, chat *Chat, data []byte, caption string) int64 {
	return s.sendUserMessage(from, chat.ID, s.userFile("photo", "photo.jpg", data, caption), 0)
}

// ReplyWithPhoto makes from send a photo as a reply to message to (in
// to's chat), as a member files a picture under a bot's message. It
// returns the update_id.
func (s *Server) ReplyWithPhoto(from *User, to *Message, data []byte, caption string) int64 {
	return s.sendUserMessage(from, to.ChatID, s.userFile("photo", "photo.jpg", data, caption), to.ID)
}

// ReplyWithDocument makes from send a file as a reply to message to. It
// returns the update_id.
func (s *Server) ReplyWithDocument(from *User, to *Message, name string, data []byte, caption string) int64 {
	return s.sendUserMessage(from, to.ChatID, s.userFile("document", name, data, caption), to.ID)
}

// userFile is a media message of kind ("photo" or "document") carrying a
// new file.
func (s *Server) userFile(kind, name string, data []byte, caption string) *Message {
	dir := "documents"
	if kind == "photo" {
		dir = "photos"
	}
	s.mu.Lock()
	f := s.newFileLocked(name, "", data, dir)
	s.mu.Unlock()
	return &Message{Kind: kind, Caption: caption, Plain: caption, File: f}
}

// MaxDownloadSize is the largest file the Bot API lets a bot download:
// getFile answers "Bad Request: file is too big" for anything larger
// (https://core.telegram.org/bots/api#getfile: "bots can download files
// of up to 20MB in size"; the Bot API server's limit is 20 << 20 bytes).
const MaxDownloadSize = 20 << 20

// WithDownloadLimit makes getFile refuse files larger than n bytes, as the
// real API refuses those over MaxDownloadSize (the default), so a test can
// meet the refusal with a small file. n <= 0 keeps the default.
func WithDownloadLimit(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.downloadLimit = n
		}
	}
}

// ForgetFile makes the server stop serving a file, as Telegram does with
// a file it no longer keeps: getFile of its file_id answers 400 "Bad
// Request: wrong file_id or the file is temporarily unavailable", its old
// download path answers 404, and sending it again by file_id is refused.
// Messages that carried it keep their File. An unknown id is ignored.
func (s *Server) ForgetFile(fileID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[fileID]
	if f == nil {
		return
	}
	delete(s.files, fileID)
	delete(s.byPath, f.path)
	s.forgotten[fileID] = true
}
