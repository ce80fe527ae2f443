package data

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// keyWebhookSecret holds, in the meta bucket, the secret Telegram sends
// with every webhook call.
var keyWebhookSecret = []byte("webhook_secret")

// WebhookSecret returns the secret Telegram is to send with every webhook
// call: the one stored before, or else fresh, stored now. Keeping it across
// restarts means a call Telegram queued or retries with the old secret
// still passes after a restart.
func (s *Store) WebhookSecret(fresh string) (string, error) {
	if fresh == "" {
		return "", Errorf(EInvalid, "webhook secret: empty")
	}
	var secret string
	err := s.db.Update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if v := meta.Get(keyWebhookSecret); len(v) > 0 {
			secret = string(v)
			return nil
		}
		secret = fresh
		return meta.Put(keyWebhookSecret, []byte(fresh))
	})
	if err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	return secret, nil
}
