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
