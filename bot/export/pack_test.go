package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"branchbot/bot/export"
)

var shanghai = time.FixedZone("CST", 8*3600)

// entry is a file as read back from a part.
type entry struct {
	name     string
	data     []byte
	method   uint16
	flags    uint16
	extra    []byte
	modified time.Time
	cost     int64 // its share of the part: both headers and the data
}

// unpack opens every part with archive/zip and returns its entries, part
// by part, failing the test if a part is not a well-formed ZIP or its
// entries do not add up to its size.
func unpack(t testing.TB, parts [][]byte) [][]entry {
	t.Helper()
	var out [][]entry
	for i, p := range parts {
		zr, err := zip.NewReader(bytes.NewReader(p), int64(len(p)))
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		var es []entry
		total := int64(22)
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("part %d, %q: %v", i, f.Name, err)
			}
			data, err := io.ReadAll(rc) // checks the CRC too
			rc.Close()
			if err != nil {
				t.Fatalf("part %d, %q: %v", i, f.Name, err)
			}
			e := entry{name: f.Name, data: data, method: f.Method, flags: f.Flags, extra: f.Extra, modified: f.Modified,
				cost: int64(30+46+2*(len(f.Name)+len(f.Extra))) + int64(f.CompressedSize64)}
			total += e.cost
			es = append(es, e)
		}
		if total != int64(len(p)) {
			t.Errorf("part %d is %d bytes, its entries add up to %d", i, len(p), total)
		}
		out = append(out, es)
	}
	return out
}

func flat(parts [][]entry) []entry {
	var out []entry
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func mustPack(t testing.TB, files []export.File, limit int64) ([][]byte, []export.Left) {
	t.Helper()
	parts, left, err := export.Pack(files, limit)
	if err != nil {
		t.Fatal(err)
	}
	return parts, left
}

// random is n bytes that do not compress, drawn from r.
func random(r *rand.Rand, n int) []byte {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], r.Uint64())
	b := make([]byte, n)
	_, _ = rand.NewChaCha8(seed).Read(b)
	return b
}

// text is n bytes of something like a CSV export: it deflates well.
func text(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	for b.Len() < n {
		fmt.Fprintf(&b, "%d,张三%d,已签到,2026-03-%02d 19:%02d\n", r.IntN(1000), r.IntN(50), 1+r.IntN(28), r.IntN(60))
	}
	return b.Bytes()[:n]
}

func TestPackOnePart(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	mod := time.Date(2026, 3, 31, 21, 30, 10, 0, shanghai)
	files := []export.File{
		{Name: "2026-Q1 报告.xlsx", Data: append([]byte("PK\x03\x04"), random(r, 5000)...), Modified: mod},
		{Name: "出勤.png", Data: append([]byte("\x89PNG\r\n\x1a\n"), random(r, 3000)...), Modified: mod},
		{Name: "签到表.jpg", Data: random(r, 4000), Modified: mod},                       // stored by its name
		{Name: "photo_1", Data: append([]byte{0xFF, 0xD8, 0xFF}, random(r, 4000)...)}, // by its bytes
		{Name: "名单.csv", Data: text(r, 20000), Modified: mod},
		{Name: "noise.bin", Data: random(r, 2000), Modified: mod}, // deflate would not shrink it
		{Name: "empty.txt", Data: nil, Modified: mod},
	}
	parts, left := mustPack(t, files, 50<<20)
	if len(parts) != 1 || len(left) != 0 {
		t.Fatalf("%d parts, left %v; want 1 part", len(parts), left)
	}
	got := flat(unpack(t, parts))
	if len(got) != len(files) {
		t.Fatalf("%d entries, want %d", len(got), len(files))
	}
	wantMethod := []uint16{zip.Store, zip.Store, zip.Store, zip.Store, zip.Deflate, zip.Store, zip.Store}
	for i, f := range files {
		e := got[i]
		if e.name != f.Name || !bytes.Equal(e.data, f.Data) {
			t.Errorf("entry %d = %q (%d bytes); want %q (%d bytes)", i, e.name, len(e.data), f.Name, len(f.Data))
		}
		if e.method != wantMethod[i] {
			t.Errorf("%q: method %d, want %d", e.name, e.method, wantMethod[i])
		}
		if e.flags&0x800 == 0 {
			t.Errorf("%q: the UTF-8 flag is not set", e.name)
		}
		if !f.Modified.IsZero() && !e.modified.Equal(f.Modified) {
			t.Errorf("%q: modified %v, want %v", e.name, e.modified, f.Modified)
		}
	}
	if got[3].modified.Year() != 1980 {
		t.Errorf("a file without a time shows %v; want 1980-01-01", got[3].modified)
	}
	if c := got[4].cost; c > int64(len(files[4].Data))/2 {
		t.Errorf("the CSV takes %d bytes; deflate should halve it", c)
	}
}

// TestPackPartsStayWithinTheLimit: many random files, a small limit: every
// part is at most the limit, no part could have taken the next part's
// first file, and the files come out in order, whole.
func TestPackPartsStayWithinTheLimit(t *testing.T) {
	const limit = 64 << 10
	var nParts, nLeft int
	defer func() {
		if nParts < 20 || nLeft == 0 {
			t.Errorf("%d parts and %d files left in all: the test does not split or leave out", nParts, nLeft)
		}
	}()
	for seed := range uint64(10) {
		r := rand.New(rand.NewPCG(seed, 7))
		var files []export.File
		for i := range 40 + r.IntN(40) {
			n := r.IntN(70 << 10)
			if r.IntN(10) == 0 {
				n = r.IntN(300)
			}
			var data []byte
			switch r.IntN(3) {
			case 0:
				data = random(r, n)
			case 1:
				data = text(r, n)
			default:
				data = append([]byte{0xFF, 0xD8, 0xFF}, random(r, n)...)
			}
			name := fmt.Sprintf("%03d-%s", i, strings.Repeat("材", r.IntN(38))) // at most 118 bytes: kept whole
			files = append(files, export.File{Name: name, Data: data, Modified: time.Unix(1.77e9+int64(i), 0)})
		}
		parts, left := mustPack(t, files, limit)
		nParts, nLeft = nParts+len(parts), nLeft+len(left)
		byPart := unpack(t, parts)
		for i, p := range parts {
			if len(p) > limit {
				t.Fatalf("seed %d: part %d is %d bytes, over %d", seed, i, len(p), limit)
			}
			if i+1 < len(parts) && int64(len(p))+byPart[i+1][0].cost <= limit {
				t.Errorf("seed %d: part %d (%d bytes) had room for %q (%d bytes)", seed, i, len(p), byPart[i+1][0].name, byPart[i+1][0].cost)
			}
		}
		got, l := flat(byPart), 0
		for _, f := range files {
			if l < len(left) && left[l].Name == f.Name {
				if left[l].Size != len(f.Data) || len(f.Data) < limit-1000 {
					t.Errorf("seed %d: left %+v (%d bytes of data)", seed, left[l], len(f.Data))
				}
				l++
				continue
			}
			if len(got) == 0 || got[0].name != f.Name || !bytes.Equal(got[0].data, f.Data) {
				t.Fatalf("seed %d: %q is missing or out of order", seed, f.Name)
			}
			got = got[1:]
		}
		if l != len(left) || len(got) != 0 {
			t.Errorf("seed %d: %d left and %d entries not matched to the input", seed, len(left)-l, len(got))
		}
	}
}

func TestPackLeavesOutWhatCannotFitAlone(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	const limit = 64 << 10
	files := []export.File{
		{Name: "a.txt", Data: []byte("a")},
		{Name: "video.mp4", Data: random(r, 100<<10)},
		{Name: "big.csv", Data: bytes.Repeat(text(r, 2000), 100)}, // fits once deflated
		{Name: "exact.jpg", Data: random(r, limit-22-76-2*(len("exact.jpg")+9+len("exact.jpg")))},
		{Name: "one-over.jpg", Data: random(r, limit-22-76-2*(len("one-over.jpg")+9+len("one-over.jpg"))+1)},
		{Name: "b.txt", Data: []byte("b")},
	}
	parts, left := mustPack(t, files, limit)
	want := []export.Left{{Name: "video.mp4", Size: 100 << 10}, {Name: "one-over.jpg", Size: len(files[4].Data)}}
	if fmt.Sprint(left) != fmt.Sprint(want) {
		t.Errorf("left = %+v; want %+v", left, want)
	}
	var names []string
	for _, p := range unpack(t, parts) {
		var in []string
		for _, e := range p {
			in = append(in, e.name)
		}
		names = append(names, strings.Join(in, ","))
	}
	if got := strings.Join(names, " | "); got != "a.txt,big.csv | exact.jpg | b.txt" {
		t.Errorf("parts = %s", got)
	}
	for i, p := range parts {
		if len(p) > limit {
			t.Errorf("part %d is %d bytes", i, len(p))
		}
	}
	if len(parts[1]) != limit {
		t.Errorf("the part holding exact.jpg is %d bytes; want exactly %d", len(parts[1]), limit)
	}
}

func TestPackNothing(t *testing.T) {
	parts, left, err := export.Pack(nil, 50<<20)
	if parts != nil || left != nil || err != nil {
		t.Errorf("Pack(nil) = %d parts, %v, %v", len(parts), left, err)
	}
	parts, left, err = export.Pack([]export.File{{Name: "a", Data: []byte("a")}}, 50)
	if len(parts) != 0 || len(left) != 1 || err != nil {
		t.Errorf("Pack with a limit no file fits = %d parts, %v, %v", len(parts), left, err)
	}
	if _, _, err := export.Pack(nil, 0); err == nil {
		t.Error("a limit of 0 was accepted")
	}
}

func TestPackNames(t *testing.T) {
	long := strings.Repeat("会议照片", 30) // 360 bytes
	tests := []struct{ in, want string }{
		{"minutes.pdf", "minutes.pdf"},
		{"../../etc/passwd", "passwd"},
		{"/etc/cron.d/x", "x"},
		{`C:\Users\bob\Desktop\纪要.docx`, "纪要.docx"},
		{`..\..\boot.ini`, "boot.ini"},
		{"dir/", "file"},
		{"", "file"},
		{".", "file"},
		{"..", "file"},
		{"   ", "file"},
		{"a\x00b.txt", "a_b.txt"},
		{"line\nbreak\r.txt", "line_break_.txt"},
		{"tab\there\x7f.txt", "tab_here_.txt"},
		{"\u202Egnp.exe", "_gnp.exe"},
		{"what?*<>|\":.txt", "what_______.txt"},
		{"  name. . .", "name"},
		{".hidden", ".hidden"},
		{"CON", "_CON"},
		{"con.txt", "_con.txt"},
		{"LPT9.tar.gz", "_LPT9.tar.gz"},
		{"COM10.txt", "COM10.txt"},
		{"console.txt", "console.txt"},
		{"bad\xffutf8.txt", "bad_utf8.txt"},
		{"cafe\u0301.txt", "caf\u00e9.txt"}, // NFD as macOS writes it, NFC out
		{long + ".jpg", string([]rune(long)[:38]) + ".jpg"},
		{"a." + strings.Repeat("x", 200), "a." + strings.Repeat("x", 118)},
		{strings.Repeat(".", 200) + "x", strings.Repeat(".", 119) + "x"},
		{strings.Repeat(".", 200) + strings.Repeat("x", 20), "file"},
	}
	var files []export.File
	for _, tc := range tests {
		files = append(files, export.File{Name: tc.in, Data: []byte(tc.in)})
	}
	parts, _ := mustPack(t, files, 50<<20)
	got := flat(unpack(t, parts))
	// "file" comes several times: the later ones are numbered.
	seen := map[string]int{}
	for i, tc := range tests {
		want := tc.want
		if seen[want]++; seen[want] > 1 {
			want = fmt.Sprintf("%s (%d)", want, seen[want])
		}
		if got[i].name != want {
			t.Errorf("%q became %q; want %q", tc.in, got[i].name, want)
		}
		checkSafe(t, got[i].name)
		if string(got[i].data) != tc.in {
			t.Errorf("%q: the data moved", tc.in)
		}
	}
}

func TestPackDuplicateNames(t *testing.T) {
	long := strings.Repeat("长", 38) + ".jpg" // 118 bytes
	in := []string{"a.jpg", "a.jpg", "A.JPG", "a (2).jpg", "a.jpg", "b", "b", "../b", long, long}
	want := []string{"a.jpg", "a (2).jpg", "A (3).JPG", "a (2) (2).jpg", "a (4).jpg", "b", "b (2)", "b (3)", long, strings.Repeat("长", 37) + " (2).jpg"}
	var files []export.File
	for i, n := range in {
		files = append(files, export.File{Name: n, Data: []byte{byte(i)}})
	}
	parts, _ := mustPack(t, files, 50<<20)
	got := flat(unpack(t, parts))
	for i := range want {
		if got[i].name != want[i] || got[i].data[0] != byte(i) {
			t.Errorf("entry %d = %q; want %q", i, got[i].name, want[i])
		}
		checkSafe(t, got[i].name)
	}
}

// TestPackChineseNames: the names are stored as UTF-8, flagged so (bit 11,
// which macOS's Archive Utility and 7-Zip read), and repeated in Info-ZIP's
// Unicode path field, so a Chinese name reads right without guessing the
// code page.
func TestPackChineseNames(t *testing.T) {
	names := []string{"2026年第一季度支部报告.xlsx", "签到表（3月12日）.jpg", "会议纪要 终稿.docx", "照片_001.JPG", "ascii.txt"}
	var files []export.File
	for _, n := range names {
		files = append(files, export.File{Name: n, Data: []byte(n)})
	}
	parts, _ := mustPack(t, files, 50<<20)
	for i, e := range flat(unpack(t, parts)) {
		if e.name != names[i] || string(e.data) != names[i] {
			t.Errorf("entry %d = %q", i, e.name)
		}
		if e.flags&0x800 == 0 {
			t.Errorf("%q: no UTF-8 flag", e.name)
		}
		if up := unicodePath(e.extra); up != e.name {
			t.Errorf("%q: Unicode path field = %q", e.name, up)
		}
	}
	// The raw bytes of the local header: flag and name as written.
	p := parts[0]
	if binary.LittleEndian.Uint32(p) != 0x04034b50 || binary.LittleEndian.Uint16(p[6:])&0x800 == 0 {
		t.Errorf("first local header: % x", p[:8])
	}
	n := int(binary.LittleEndian.Uint16(p[26:]))
	if string(p[30:30+n]) != names[0] {
		t.Errorf("first name as written: %q", p[30:30+n])
	}
}

// unicodePath returns the name in an Info-ZIP Unicode path field (0x7075)
// of extra, checking its CRC against the name it repeats.
func unicodePath(extra []byte) string {
	for len(extra) >= 4 {
		id, n := binary.LittleEndian.Uint16(extra), int(binary.LittleEndian.Uint16(extra[2:]))
		if len(extra) < 4+n {
			return ""
		}
		if body := extra[4 : 4+n]; id == 0x7075 && n >= 5 && body[0] == 1 {
			return string(body[5:])
		}
		extra = extra[4+n:]
	}
	return ""
}

func TestPackIsDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	var files []export.File
	for i := range 30 {
		files = append(files, export.File{Name: fmt.Sprintf("%d.txt", i%7), Data: text(r, r.IntN(30000)), Modified: time.Date(2026, 1, 1+i, 9, 0, 0, 0, shanghai)})
	}
	first, _ := mustPack(t, files, 100<<10)
	for range 5 {
		again, _ := mustPack(t, files, 100<<10)
		if len(again) != len(first) {
			t.Fatalf("%d parts, then %d", len(first), len(again))
		}
		for i := range first {
			if !bytes.Equal(first[i], again[i]) {
				t.Fatalf("part %d differs between two runs", i)
			}
		}
	}
}

// checkSafe fails the test unless name can be unpacked anywhere as a plain
// file name: a local path of one element, no control characters, nothing
// Windows refuses or changes.
func checkSafe(t testing.TB, name string) {
	t.Helper()
	bad := func(why string) { t.Errorf("unsafe name %q: %s", name, why) }
	switch {
	case name == "" || name == "." || name == "..":
		bad("empty or a dot name")
	case len(name) > 120:
		bad("longer than 120 bytes")
	case !utf8.ValidString(name):
		bad("not UTF-8")
	case !norm.NFC.IsNormalString(name):
		bad("not NFC")
	case strings.ContainsAny(name, `/\<>:"|?*`):
		bad("a separator or a character Windows forbids")
	case !filepath.IsLocal(name):
		bad("not a local path")
	case strings.HasPrefix(name, " ") || strings.HasSuffix(name, " ") || strings.HasSuffix(name, "."):
		bad("starts with a space or ends with a space or a dot")
	}
	for _, r := range name {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u2028' || r == '\u2029' {
			bad(fmt.Sprintf("control character %U", r))
		}
	}
	base, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(strings.TrimRight(base, " ")) {
	case "CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9":
		bad("a Windows device name")
	}
}

func FuzzPackNames(f *testing.F) {
	for _, s := range []string{"../../etc/passwd", `C:\x\纪要.docx`, "a\x00b", "CON.txt", ". .", "cafe\u0301", strings.Repeat("长", 60) + ".jpg", "\u202Egnp.exe", "\xff\xfe"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		parts, left, err := export.Pack([]export.File{{Name: a, Data: []byte("a")}, {Name: b, Data: []byte("b")}}, 1<<20)
		if err != nil || len(parts) != 1 || len(left) != 0 {
			t.Fatalf("Pack(%q, %q) = %d parts, %v, %v", a, b, len(parts), left, err)
		}
		got := flat(unpack(t, parts))
		if len(got) != 2 || string(got[0].data) != "a" || string(got[1].data) != "b" {
			t.Fatalf("entries %+v", got)
		}
		for _, e := range got {
			checkSafe(t, e.name)
		}
		if strings.EqualFold(got[0].name, got[1].name) {
			t.Errorf("%q and %q collide", got[0].name, got[1].name)
		}
	})
}

// BenchmarkPack40x1MB packs what a quarter's report might carry: 40 files
// of 1 MB each, into parts of Telegram's 50 MB upload limit.
func BenchmarkPack40x1MB(b *testing.B) {
	r := rand.New(rand.NewPCG(4, 4))
	for _, kind := range []string{"photos", "text", "mixed"} {
		var files []export.File
		for i := range 40 {
			name, data := fmt.Sprintf("照片%02d.jpg", i), append([]byte{0xFF, 0xD8, 0xFF}, random(r, 1<<20-3)...)
			if kind == "text" || kind == "mixed" && i%2 == 1 {
				name, data = fmt.Sprintf("名单%02d.csv", i), text(r, 1<<20)
			}
			files = append(files, export.File{Name: name, Data: data, Modified: time.Date(2026, 3, 12, 19, 0, 0, 0, shanghai)})
		}
		b.Run(kind, func(b *testing.B) {
			b.SetBytes(40 << 20)
			for b.Loop() {
				if _, _, err := export.Pack(files, 50_000_000); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
