package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// File is one entry of a pack.
type File struct {
	// Name is the file's name as the caller knows it; Pack makes it safe.
	Name string
	Data []byte
	// Modified is shown by archive tools; the zero time shows as
	// 1980-01-01, the earliest a ZIP can say. Its location is kept: the
	// ZIP's own field holds a wall time without a zone (read as local by
	// Windows), and an extra field holds the instant for the tools that
	// read it.
	Modified time.Time
}

// Left is a file left out of the pack: even alone in an archive it
// exceeds the limit.
type Left struct {
	Name string // as given in File.Name
	Size int    // len(File.Data)
}

// Pack puts files into as few ZIP archives as possible, each at most limit
// bytes (the archive's full size, headers and central directory
// included), keeping the given order; a file that cannot fit in a part
// even alone is left out and listed. Names are made safe and unique: no
// directory traversal ("../", absolute paths, backslashes, control
// characters, NUL), at most 120 bytes (cut on a rune boundary, keeping
// the extension), duplicates get " (2)", " (3)" before the extension.
// Names are UTF-8 and marked so. The output is the same for the same
// input.
//
// Every name is unique across all the parts, so they can be unpacked into
// one folder. Each file is compressed on its own, in parallel, before it
// is placed: already-compressed data (photos, PDFs, Office files, ZIPs)
// is stored, the rest deflated unless that would not make it smaller.
// Parts stay below 4 GiB and 65535 entries, so no ZIP64 is needed.
func Pack(files []File, limit int64) (parts [][]byte, left []Left, err error) {
	if limit <= 0 {
		return nil, nil, fmt.Errorf("pack: limit %d is not a size", limit)
	}
	limit = min(limit, maxPart)
	entries, err := compressAll(files)
	if err != nil {
		return nil, nil, err
	}

	// Name, measure and place each file in order. A part is closed when
	// the next file would push it over the limit; as sizes add up, this
	// gives the fewest parts for the order.
	taken := map[string]bool{}
	var groups [][]*entry
	size := int64(0) // of the part being filled
	for i := range entries {
		e := &entries[i]
		e.name = uniqueName(cleanName(files[i].Name), taken)
		e.setHeader(files[i].Modified)
		cost := e.cost()
		if endLen+cost > limit || uint64(len(files[i].Data)) >= math.MaxUint32 {
			left = append(left, Left{Name: files[i].Name, Size: len(files[i].Data)})
			continue
		}
		taken[foldName(e.name)] = true
		n := len(groups)
		if n == 0 || size+cost > limit || len(groups[n-1]) == maxEntries {
			groups = append(groups, nil)
			n++
			size = endLen
		}
		groups[n-1] = append(groups[n-1], e)
		size += cost
	}

	for _, g := range groups {
		part, err := writePart(g)
		if err != nil {
			return nil, nil, err
		}
		if int64(len(part)) > limit {
			return nil, nil, fmt.Errorf("pack: a part came out %d bytes, over the %d-byte limit", len(part), limit)
		}
		parts = append(parts, part)
	}
	return parts, left, nil
}

// The ZIP layout Pack writes: per entry a local header and the data, then
// per entry a central directory header, then the end record. Both headers
// carry the same name and extra fields; there is no data descriptor, no
// comment and no ZIP64 record.
const (
	localHeaderLen   = 30
	centralHeaderLen = 46
	endLen           = 22
	// maxPart keeps every offset and size in a part below 0xFFFFFFFF and
	// maxEntries the entry count below 0xFFFF: past either, Go's writer
	// adds ZIP64 records.
	maxPart    = math.MaxUint32 - 1
	maxEntries = math.MaxUint16 - 1
	// flagUTF8 is general purpose bit 11: name and comment are UTF-8.
	flagUTF8 = 0x800
	// zipVersion20 is version 2.0, what Deflate needs to extract; the
	// creator byte 0 is MS-DOS, whose attributes (none here) Windows reads.
	zipVersion20 = 20
)

// entry is one file ready to be written: compressed, named, measured.
type entry struct {
	body   []byte // what goes in the archive: stored or deflated data
	method uint16
	crc    uint32
	size   int // uncompressed

	name             string
	extra            []byte
	modDate, modTime uint16
}

// cost is the entry's share of an archive: its local header and data,
// and its central directory header.
func (e *entry) cost() int64 {
	return int64(localHeaderLen+centralHeaderLen+2*(len(e.name)+len(e.extra))) + int64(len(e.body))
}

// setHeader fills the header fields that depend on the name and the time.
// The extra fields are the ones Info-ZIP writes: the modification instant
// (0x5455, as Go's writer does) and the name again as Info-ZIP's Unicode
// path (0x7075), for readers that ignore bit 11 but know that field.
func (e *entry) setHeader(mod time.Time) {
	e.modDate, e.modTime = msDosTime(mod)
	var b []byte
	if !mod.IsZero() {
		b = binary.LittleEndian.AppendUint16(b, 0x5455)
		b = binary.LittleEndian.AppendUint16(b, 5)
		b = append(b, 1) // flags: modification time only
		b = binary.LittleEndian.AppendUint32(b, uint32(min(max(mod.Unix(), 0), math.MaxUint32)))
	}
	b = binary.LittleEndian.AppendUint16(b, 0x7075)
	b = binary.LittleEndian.AppendUint16(b, uint16(5+len(e.name)))
	b = append(b, 1) // version
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE([]byte(e.name)))
	b = append(b, e.name...)
	e.extra = b
}

// msDosTime is t's wall time in the two 16-bit fields of a ZIP header,
// two-second resolution, clamped to the years they can hold (1980-2107).
func msDosTime(t time.Time) (date, clock uint16) {
	if t.IsZero() || t.Year() < 1980 {
		return 1<<5 | 1, 0 // 1980-01-01 00:00
	}
	if t.Year() > 2107 {
		return 127<<9 | 12<<5 | 31, 23<<11 | 59<<5 | 29 // 2107-12-31 23:59:58
	}
	date = uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
	clock = uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2)
	return date, clock
}

// writePart writes entries as one archive of exactly the size their costs
// add up to.
func writePart(entries []*entry) ([]byte, error) {
	want := int64(endLen)
	for _, e := range entries {
		want += e.cost()
	}
	var buf bytes.Buffer
	buf.Grow(int(want))
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		// CreateRaw writes the header as given: the caller compressed the
		// data and knows its CRC and sizes, so no data descriptor follows.
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               e.name,
			Flags:              flagUTF8,
			Method:             e.method,
			CreatorVersion:     zipVersion20,
			ReaderVersion:      zipVersion20,
			ModifiedDate:       e.modDate,
			ModifiedTime:       e.modTime,
			CRC32:              e.crc,
			CompressedSize64:   uint64(len(e.body)),
			UncompressedSize64: uint64(e.size),
			Extra:              e.extra,
		})
		if err != nil {
			return nil, fmt.Errorf("pack %q: %w", e.name, err)
		}
		if _, err := w.Write(e.body); err != nil {
			return nil, fmt.Errorf("pack %q: %w", e.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("pack: %w", err)
	}
	if int64(buf.Len()) != want {
		// The placement above trusted the costs; a layout that differs
		// from them is a bug here, not a file to be sent.
		return nil, fmt.Errorf("pack: a part came out %d bytes, its entries add up to %d", buf.Len(), want)
	}
	return buf.Bytes(), nil
}

// compressAll compresses every file, as many at once as there are CPUs.
// Each file is compressed alone, so the result does not depend on which
// worker took it.
func compressAll(files []File) ([]entry, error) {
	entries := make([]entry, len(files))
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, min(runtime.GOMAXPROCS(0), len(files)))
	for w := range errs {
		wg.Go(func() {
			var fw *flate.Writer
			var buf bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(files) {
					return
				}
				f := &files[i]
				e := &entries[i]
				e.size, e.crc, e.method, e.body = len(f.Data), crc32.ChecksumIEEE(f.Data), zip.Store, f.Data
				if len(f.Data) == 0 || compressed(f.Name, f.Data) {
					continue
				}
				if fw == nil {
					var err error
					if fw, err = flate.NewWriter(&buf, flate.DefaultCompression); err != nil {
						errs[w] = fmt.Errorf("pack: %w", err)
						return
					}
				}
				buf.Reset()
				fw.Reset(&buf)
				if _, err := fw.Write(f.Data); err != nil {
					errs[w] = fmt.Errorf("pack %q: deflate: %w", f.Name, err)
					return
				}
				if err := fw.Close(); err != nil {
					errs[w] = fmt.Errorf("pack %q: deflate: %w", f.Name, err)
					return
				}
				if buf.Len() < len(f.Data) {
					e.method, e.body = zip.Deflate, bytes.Clone(buf.Bytes())
				}
			}
		})
	}
	wg.Wait()
	return entries, errors.Join(errs...)
}

// storedExts are extensions of formats that are compressed already:
// deflating them again costs time and saves next to nothing.
var storedExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".heic": true, ".heif": true,
	".zip": true, ".xlsx": true, ".docx": true, ".pptx": true, ".odt": true, ".ods": true, ".pdf": true,
	".gz": true, ".tgz": true, ".bz2": true, ".xz": true, ".zst": true, ".7z": true, ".rar": true,
	".mp4": true, ".mov": true, ".m4a": true, ".mp3": true, ".ogg": true, ".oga": true, ".opus": true, ".webm": true,
}

// compressedMagic are the first bytes of compressed formats, for files
// whose name does not say what they are.
var compressedMagic = [][]byte{
	{0xFF, 0xD8, 0xFF},           // JPEG
	[]byte("\x89PNG\r\n\x1a\n"),  // PNG
	[]byte("GIF8"),               // GIF
	[]byte("PK\x03\x04"),         // ZIP, and Office files
	[]byte("%PDF-"),              // PDF
	{0x1F, 0x8B},                 // gzip
	[]byte("7z\xBC\xAF\x27\x1C"), // 7-Zip
	[]byte("Rar!\x1A\x07"),       // RAR
	{0x28, 0xB5, 0x2F, 0xFD},     // zstd
	[]byte("OggS"),               // Ogg (voice notes)
}

// compressed reports whether data is in a compressed format, by its
// name's extension or its first bytes.
func compressed(name string, data []byte) bool {
	if storedExts[strings.ToLower(path.Ext(name))] {
		return true
	}
	for _, m := range compressedMagic {
		if bytes.HasPrefix(data, m) {
			return true
		}
	}
	// RIFF....WEBP, and ISO media (MP4, MOV, HEIC): "ftyp" at offset 4.
	return len(data) >= 12 && (string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" || string(data[4:8]) == "ftyp")
}

const (
	// maxNameBytes bounds a name in the archive: well within every file
	// system's 255, with room for the folder people unpack into.
	maxNameBytes = 120
	// maxExtBytes: a longer "extension" is part of the name, not kept
	// whole when the name is cut.
	maxExtBytes = 16
	// unnamed is the name of a file whose name had nothing usable.
	unnamed = "file"
)

// cleanName makes name a safe file name: a plain name, never a path (only
// what follows the last slash or backslash is kept), valid UTF-8 in NFC
// (as Windows writes names), without control or bidirectional-override
// characters or characters Windows forbids in names, not ending in a dot
// or a space, not a Windows device name, at most maxNameBytes long.
func cleanName(name string) string {
	name = norm.NFC.String(strings.ToValidUTF8(name, "_"))
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) ||
			r == '\u2028' || r == '\u2029' || strings.ContainsRune(`<>:"|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = trimName(name)
	if name == "" {
		return unnamed
	}
	if reservedName(name) {
		name = "_" + name
	}
	stem, ext := splitExt(name)
	// Cutting may leave a dot or a space at the end; a long run of dots
	// may leave nothing.
	if name = trimName(cutUTF8(stem, maxNameBytes-len(ext)) + ext); name == "" {
		return unnamed
	}
	return name
}

// trimName drops what Windows drops or hides at a name's ends: leading
// and trailing spaces, and trailing dots. A name of dots alone (".",
// "..") becomes empty.
func trimName(s string) string {
	return strings.TrimRight(strings.TrimLeft(s, " "), " .")
}

// splitExt splits name before its extension: the last dot's part, unless
// the dot starts the name or the part is too long to be an extension.
func splitExt(name string) (stem, ext string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 || len(name)-i > maxExtBytes {
		return name, ""
	}
	return name[:i], name[i:]
}

// cutUTF8 returns s cut to at most n bytes, on a rune boundary.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// reservedName reports whether Windows takes name for a device: CON, PRN,
// AUX, NUL, COM0-9, LPT0-9 (also with superscript digits), whatever the
// case and whatever follows a dot.
func reservedName(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) < 4 || (base[:3] != "COM" && base[:3] != "LPT") {
		return false
	}
	switch base[3:] {
	case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
		return true
	}
	return false
}

// uniqueName returns name, or name with " (2)", " (3)"... before its
// extension, whichever is not taken yet. Names are compared as Windows
// and macOS compare them: case-insensitively.
func uniqueName(name string, taken map[string]bool) string {
	if !taken[foldName(name)] {
		return name
	}
	stem, ext := splitExt(name)
	for n := 2; ; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		cand := cutUTF8(stem, maxNameBytes-len(ext)-len(suffix)) + suffix + ext
		if !taken[foldName(cand)] {
			return cand
		}
	}
}

// foldName is the key two names collide under on a case-insensitive file
// system. Upper case first, as NTFS compares names ("ſ" is "S" there),
// then lower, so that every letter of a case orbit ("K", "k", the Kelvin
// sign) meets the same key.
func foldName(name string) string { return strings.ToLower(strings.ToUpper(name)) }
