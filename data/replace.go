package data

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Files are replaced the way a crash cannot tear: the new content is
// written beside the old file, synced, and renamed over it.

// copyBeside copies src into a new temporary file in dst's directory
// (mode 0600, synced) and returns its name, for a rename over dst.
func copyBeside(dst, src string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	return WriteBeside(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// WriteBeside creates a temporary file (mode 0600) in dst's directory,
// fills it with write, syncs it and returns its name, for an atomic
// rename over dst. On error nothing is left behind.
func WriteBeside(dst string, write func(w io.Writer) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("temporary file beside %s: %w", dst, err)
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", err
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(fmt.Errorf("chmod %s: %w", name, err))
	}
	if err := keepOwner(f, dst); err != nil {
		return fail(err)
	}
	if err := write(f); err != nil {
		return fail(fmt.Errorf("write %s: %w", name, err))
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("sync %s: %w", name, err))
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("close %s: %w", name, err)
	}
	return name, nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// CommitBeside renames the temporary file tmp over dst and syncs the
// directory: the last step of WriteBeside's atomic replace.
func CommitBeside(tmp, dst string) error {
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rename over %s: %w", dst, err)
	}
	return syncDir(filepath.Dir(dst))
}
