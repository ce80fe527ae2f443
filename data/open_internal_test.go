package data

import (
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// An open that waited for the lock while a restore renamed another file
// over the path must end up on the file at the path, not the old one: it
// would write to a file nobody opens again.
func TestOpenFollowsAFileReplacedWhileWaiting(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "b.db"), filepath.Join(dir, "restored.db")
	for file, mark := range map[string]string{path: "old", other: "restored"} {
		db, err := bolt.Open(file, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("mark"))
			if err != nil {
				return err
			}
			return b.Put([]byte("mark"), []byte(mark))
		}); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	renamed := false
	opts := &bolt.Options{OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, mode)
		if err == nil && !renamed {
			// The restore's rename lands while this open holds the old file.
			renamed = true
			if err := os.Rename(other, path); err != nil {
				t.Fatal(err)
			}
		}
		return f, err
	}}
	db, err := openBolt(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got string
	db.View(func(tx *bolt.Tx) error {
		got = string(tx.Bucket([]byte("mark")).Get([]byte("mark")))
		return nil
	})
	if !renamed || got != "restored" {
		t.Fatalf("opened the %q file (renamed: %v); want the restored one at the path", got, renamed)
	}
}
