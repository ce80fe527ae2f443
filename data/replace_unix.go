//go:build unix

package data

import (
	"fmt"
	"os"
	"syscall"
)

// keepOwner gives f the owner of the file at dst, which f is to replace:
// a restore run as root must not leave the service's store to root (a
// DynamicUser unit could not open it). Only root may give a file away;
// anyone else replacing another's file is refused here rather than leave
// a store its service cannot read.
func keepOwner(f *os.File, dst string) error {
	old, err := os.Stat(dst)
	if err != nil {
		return nil // nothing replaced: the new file is its maker's
	}
	st, ok := old.Sys().(*syscall.Stat_t)
	if !ok || int(st.Uid) == os.Geteuid() {
		return nil
	}
	if err := f.Chown(int(st.Uid), int(st.Gid)); err != nil {
		return fmt.Errorf("give %s to the owner of %s (uid %d): %w", f.Name(), dst, st.Uid, err)
	}
	return nil
}
