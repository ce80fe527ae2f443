//go:build unix

package data

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A file written to replace another keeps the other's owner, so a restore
// run as root leaves the service's store to the service.
func TestWriteBesideKeepsTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root can give a file away")
	}
	dst := filepath.Join(t.TempDir(), "b.db")
	if err := os.WriteFile(dst, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(dst, 4242, 4343); err != nil {
		t.Fatal(err)
	}
	name, err := WriteBeside(dst, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err })
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != 4242 || st.Gid != 4343 || fi.Mode().Perm() != 0o600 {
		t.Errorf("replacement owned by %d:%d, mode %v; want 4242:4343, 0600", st.Uid, st.Gid, fi.Mode().Perm())
	}
}
