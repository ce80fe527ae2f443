package telegram

import (
	"reflect"
	"testing"

	"github.com/go-telegram/bot/models"
)

func TestCommandsIn(t *testing.T) {
	cmd := func(off, n int) models.MessageEntity {
		return models.MessageEntity{Type: models.MessageEntityTypeBotCommand, Offset: off, Length: n}
	}
	for _, tc := range []struct {
		name     string
		text     string
		entities []models.MessageEntity
		want     []Invocation
	}{
		{"the summary's two commands, no entities", "/attendance 12 查看详情；会议记录已保存，/minutes 12 查看。", nil,
			[]Invocation{{Name: "attendance", Args: "12"}, {Name: "minutes", Args: "12"}}},
		{"entities after Chinese text count UTF-16 units", "📝 见 /minutes 7", []models.MessageEntity{cmd(5, 8)},
			[]Invocation{{Name: "minutes", Args: "7"}}},
		{"a bold entity does not hide the commands", "重要 /code 3", []models.MessageEntity{{Type: models.MessageEntityTypeBold, Offset: 0, Length: 1}},
			[]Invocation{{Name: "code", Args: "3"}}},
		{"a slash inside a word or a path is no command", "and/or http://a/b 1/2", nil, nil},
		{"punctuation after the number", "发送 /makeup 4。", nil, []Invocation{{Name: "makeup", Args: "4"}}},
		{"a broken entity is skipped", "/minutes 1", []models.MessageEntity{cmd(3, 40)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := commandsIn(tc.text, tc.entities); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("commandsIn(%q) = %+v, want %+v", tc.text, got, tc.want)
			}
		})
	}
}
