package main

import (
	"errors"
	"fmt"
	"io"

	"branchbot/data"
)

// runRestore is `branchbot restore FILE`: the backup FILE (and FILE.keys)
// replace the store, which no bot may be running on. The old store stays
// as <db>.bak.
func runRestore(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseOps("branchbot restore", []string{"db"}, args, getenv, stderr)
	if err != nil {
		return configFailure(stderr, err)
	}
	src, err := cfg.oneFile("backup file to restore")
	if err != nil {
		return configFailure(stderr, err)
	}
	got, err := data.Restore(cfg.DB, src)
	if err != nil {
		fmt.Fprintln(stderr, "branchbot:", explainOffline(err, "restored"))
		return exitFailed
	}
	kept := "there was no store before"
	if got.Kept != "" {
		kept = "the old store is kept as " + got.Kept
		if got.KeptKeys != "" {
			kept += " and its key file as " + got.KeptKeys
		}
	}
	fmt.Fprintf(stdout, "restored %s into %s (schema %d); %s\n", src, cfg.DB, got.Schema, kept)
	if !got.Keys {
		fmt.Fprintf(stdout, "the backup had no key file (%s): answers cannot reach the authors of anonymous items that were open when it was taken\n", data.KeysPath(src))
	}
	return exitOK
}

// runCompact is `branchbot compact`: the store, which no bot may be
// running on, rewritten without its free pages.
func runCompact(args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseOps("branchbot compact", []string{"db"}, args, getenv, stderr)
	if err != nil {
		return configFailure(stderr, err)
	}
	if len(cfg.Args) > 0 {
		return configFailure(stderr, fmt.Errorf("unexpected argument %q (compact works on BRANCHBOT_DB, -db)", cfg.Args[0]))
	}
	before, after, err := data.Compact(cfg.DB)
	if err != nil {
		fmt.Fprintln(stderr, "branchbot:", explainOffline(err, "compacted"))
		return exitFailed
	}
	fmt.Fprintf(stdout, "compacted %s: %d → %d bytes\n", cfg.DB, before, after)
	return exitOK
}

// explainOffline adds to a refusal what to do about it; done says what
// would have happened to the store.
func explainOffline(err error, done string) error {
	switch {
	case errors.Is(err, data.ErrLocked):
		return fmt.Errorf("%w: a bot is running on this store; stop it first (nothing was %s)", err, done)
	case errors.Is(err, data.ErrSchemaNewer):
		return fmt.Errorf("%w: use a newer branchbot (nothing was %s)", err, done)
	case errors.Is(err, data.ErrNotAStore), errors.Is(err, data.ErrDamaged):
		return fmt.Errorf("%w (nothing was %s)", err, done)
	}
	return err
}
