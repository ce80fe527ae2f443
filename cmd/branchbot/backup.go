package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"

	"branchbot/data"
)

// runBackup is `branchbot backup FILE`: a copy of the store in FILE and
// of its key file in FILE.keys. With no bot on the store it reads the file
// itself; while a bot runs (the file is locked) it asks that bot through
// the admin address. Either way the copy is checked as a store before it
// is put in place, and one line on stdout says which way it went.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseOps("branchbot backup", []string{"db", "admin-listen"}, args, getenv, stderr)
	if err != nil {
		return configFailure(stderr, err)
	}
	dest, err := cfg.oneFile("file to write the backup to")
	if err != nil {
		return configFailure(stderr, err)
	}
	line, err := backup(ctx, cfg, dest)
	if err != nil {
		fmt.Fprintln(stderr, "branchbot: backup:", err)
		return exitFailed
	}
	fmt.Fprintln(stdout, line)
	return exitOK
}

// copySource is one way of reading the store and its key file.
type copySource struct {
	how   string
	store func(w io.Writer) error
	// keys copies the key file; false when there is none.
	keys func(w io.Writer) (bool, error)
}

func backup(ctx context.Context, cfg opsConfig, dest string) (string, error) {
	if _, err := os.Stat(cfg.DB); err != nil {
		return "", fmt.Errorf("no store to back up: %w (BRANCHBOT_DB)", err)
	}
	// A copy renamed over the store itself would leave a running bot
	// writing to a file nobody opens again.
	if sameFile(dest, cfg.DB) || sameFile(data.KeysPath(dest), data.KeysPath(cfg.DB)) {
		return "", fmt.Errorf("%s is the store itself: write the backup elsewhere", dest)
	}
	src := directSource(cfg.DB)
	tmp, err := data.WriteBeside(dest, src.store)
	if errors.Is(err, data.ErrLocked) {
		if cfg.AdminListen == "" {
			return "", fmt.Errorf("%s is in use by a running bot, and BRANCHBOT_ADMIN_LISTEN (-admin-listen) is not set: "+
				"a running bot's store can only be copied through its admin address. Start the bot with BRANCHBOT_ADMIN_LISTEN "+
				"(e.g. 127.0.0.1:9090) and give the same here, or stop the bot and run this again", cfg.DB)
		}
		if src, err = adminSource(ctx, cfg.AdminListen); err != nil {
			return "", err
		}
		tmp, err = data.WriteBeside(dest, src.store)
	}
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp) // gone already once renamed
	schema, err := data.VerifyFile(tmp)
	if err != nil {
		return "", fmt.Errorf("the copy does not check, %s was not written: %w", dest, err)
	}
	// The key file is copied after the store: it then holds every key the
	// copy's sealed chats were sealed with, but for a key wiped in between
	// (its item closed meanwhile, so its relay was ending anyway).
	var hasKeys bool
	tmpKeys, err := data.WriteBeside(data.KeysPath(dest), func(w io.Writer) error {
		var err error
		hasKeys, err = src.keys(w)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("key file: %w", err)
	}
	defer os.Remove(tmpKeys)
	size, err := fileSize(tmp)
	if err != nil {
		return "", err
	}
	if err := data.CommitBeside(tmp, dest); err != nil {
		return "", err
	}
	keysNote := "no key file (no anonymous item was ever open)"
	if hasKeys {
		if err := data.CommitBeside(tmpKeys, data.KeysPath(dest)); err != nil {
			return "", err
		}
		keysNote = "key file " + data.KeysPath(dest)
	} else if err := os.Remove(data.KeysPath(dest)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		// An older backup's key file beside dest would pair with this
		// store by its name alone.
		return "", fmt.Errorf("remove the older %s: %w", data.KeysPath(dest), err)
	}
	return fmt.Sprintf("backup of %s written to %s (%d bytes, schema %d, checked) and %s, %s", cfg.DB, dest, size, schema, keysNote, src.how), nil
}

// directSource reads the store file itself: no bot is running on it.
func directSource(db string) copySource {
	return copySource{
		how: "read from the file directly (no bot running on it)",
		store: func(w io.Writer) error {
			_, err := data.BackupFile(db, w)
			return err
		},
		keys: func(w io.Writer) (bool, error) {
			f, err := os.Open(data.KeysPath(db))
			if errors.Is(err, fs.ErrNotExist) {
				return false, nil
			}
			if err != nil {
				return false, err
			}
			defer f.Close()
			_, err = io.Copy(w, f)
			return true, err
		},
	}
}

// adminSource asks the running bot at its admin address.
func adminSource(ctx context.Context, addr string) (copySource, error) {
	store, err := adminURL(addr, "/backup", nil)
	if err != nil {
		return copySource{}, err
	}
	keys, _ := adminURL(addr, "/backup", url.Values{"part": {"keys"}})
	return copySource{
		how:   "taken from the running bot through its admin address " + addr,
		store: func(w io.Writer) error { return fetch(ctx, http.DefaultClient, store, w) },
		keys: func(w io.Writer) (bool, error) {
			if err := fetch(ctx, http.DefaultClient, keys, w); err != nil {
				if notFound(err) {
					return false, nil // no key file: no anonymous item was ever open
				}
				return false, err
			}
			return true, nil
		},
	}, nil
}

func fileSize(path string) (int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// sameFile reports whether a and b name one existing file.
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}
