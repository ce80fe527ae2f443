package data_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// damageMarker is a meeting title that finds the meeting's page in the file.
const damageMarker = "DAMAGE-MARKER-学习"

// storeWithMeeting writes a real store holding a branch and a meeting and
// returns its path, closed.
func storeWithMeeting(t *testing.T) string {
	t.Helper()
	path := storePath(t)
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	br := mustBranch(t, s, "第一支部", person(1, "secretary"))
	m := data.Meeting{BranchID: br.ID, Kind: data.KindAssembly, Title: damageMarker, Start: t0.Add(48 * time.Hour), Duration: time.Hour, CreatedBy: 1, CreatedAt: t0}
	if _, err := s.CreateMeeting(t.Context(), m, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// garblePages overwrites every 4 KiB page of the file at path that holds
// marker with deterministic garbage, and reports how many it overwrote.
func garblePages(t testing.TB, path, marker string) int {
	t.Helper()
	buf, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const page = 4096
	n := 0
	for off := 2 * page; off+page <= len(buf); off += page { // never the meta pages
		if !bytes.Contains(buf[off:off+page], []byte(marker)) {
			continue
		}
		junk := make([]byte, page)
		x := uint64(0x9E3779B97F4A7C15) + uint64(off)
		for i := range junk {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			junk[i] = byte(x)
		}
		if _, err := f.WriteAt(junk, int64(off)); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no page of %s holds %q", path, marker)
	}
	return n
}

// TestDamagedStoreRefusedAtOpen damages a real store the ways disks and
// careless copies do; Open refuses each with ErrDamaged, without a panic,
// and leaves the file as it found it.
func TestDamagedStoreRefusedAtOpen(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			if err := os.Truncate(path, fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage page", func(t *testing.T, path string) { garblePages(t, path, damageMarker) }},
		{"100 bytes left", func(t *testing.T, path string) {
			if err := os.Truncate(path, 100); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := storeWithMeeting(t)
			tc.damage(t, path)
			before, _ := os.ReadFile(path)
			s, err := data.Open(path, data.Options{LockTimeout: 200 * time.Millisecond})
			if err == nil {
				s.Close()
				t.Fatal("Open accepted a damaged store")
			}
			wantErrIs(t, "Open", err, data.ErrDamaged)
			if errors.Is(err, data.ErrNotAStore) {
				t.Errorf("a damaged store called not a store: %v", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("Open changed a damaged store")
			}
			t.Log(err)
		})
	}
}

// TestCheckLimitSkipsBigStores: over the limit, Open checks only the
// file's length and says so.
func TestCheckLimitSkipsBigStores(t *testing.T) {
	path := storeWithMeeting(t)
	s, err := data.Open(path, data.Options{CheckLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.CheckSkipped() == "" {
		t.Fatal("a store over the limit was checked in full, or the skip went unsaid")
	}
}
