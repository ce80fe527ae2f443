package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Restored says what Restore did.
type Restored struct {
	Schema uint64 // the restored store's schema version
	// Kept is where the replaced store was kept ("" if there was none);
	// KeptKeys likewise for its key file.
	Kept, KeptKeys string
	// Keys is whether the backup came with a key file.
	Keys bool
}

// Restore replaces the store at target with the backup at src (and its
// key file, KeysPath(src), when there is one). It refuses, changing
// nothing, when a bot runs on target (ErrLocked), or src is not a
// branchbot store (ErrNotAStore), is damaged (ErrDamaged) or comes from a
// newer branchbot (ErrSchemaNewer). The old store is kept as target+".bak"
// and its key file as KeysPath(target)+".bak"; the new files are copied
// beside target, synced and renamed over it, so a crash leaves the old
// store or the new one, never half of either.
func Restore(target, src string) (Restored, error) {
	var out Restored
	schema, err := VerifyFile(src)
	if err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	out.Schema = schema
	// Hold the target's lock until the new file is in place, so no bot
	// starts on the old one meanwhile. A target that is damaged (the
	// usual reason to restore) cannot be opened: it is replaced anyway.
	if db, err := openRaw(target, false); err == nil {
		defer db.Close()
	} else if errors.Is(err, ErrLocked) {
		return out, fmt.Errorf("restore: %w", err)
	} else if !errors.Is(err, ErrDamaged) && !errors.Is(err, fs.ErrNotExist) {
		return out, fmt.Errorf("restore: %w", err)
	}

	tmp, err := copyBeside(target, src)
	if err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp) // gone already once renamed
	srcKeys, targetKeys := KeysPath(src), KeysPath(target)
	var tmpKeys string
	if _, err := os.Stat(srcKeys); err == nil {
		if tmpKeys, err = copyBeside(targetKeys, srcKeys); err != nil {
			return out, fmt.Errorf("restore: %w", err)
		}
		defer os.Remove(tmpKeys)
		out.Keys = true
	}

	if out.Kept, err = keepAside(target); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	if out.KeptKeys, err = keepAside(targetKeys); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	// The old key file's keys open nothing in the restored store: it goes
	// (kept as .bak above) when the backup brought none.
	if tmpKeys != "" {
		err = os.Rename(tmpKeys, targetKeys)
	} else if out.KeptKeys != "" {
		err = os.Remove(targetKeys)
	}
	if err != nil {
		// Renames in one directory fail together or not at all, nearly
		// always; if this one did, say plainly what state the files are in.
		return out, fmt.Errorf("the store was replaced, but its key file was not (%s holds the old one): "+
			"anonymous authors' answers may not reach them; put the backup's key file there by hand: %w", out.KeptKeys, err)
	}
	if err := syncDir(filepath.Dir(target)); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	return out, nil
}

// keepAside makes path+".bak" a second name of the file at path,
// replacing an older .bak; "" when there is no file. A hard link keeps
// path itself in place for the atomic rename that replaces it; a file
// system without links gets a copy.
func keepAside(path string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	bak := path + ".bak"
	if err := os.Remove(bak); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("replace %s: %w", bak, err)
	}
	if err := os.Link(path, bak); err == nil {
		return bak, nil
	}
	tmp, err := copyBeside(bak, path)
	if err != nil {
		return "", fmt.Errorf("keep %s: %w", path, err)
	}
	if err := os.Rename(tmp, bak); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("keep %s: %w", path, err)
	}
	return bak, nil
}
