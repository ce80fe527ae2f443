#!/bin/sh
# subset.sh regenerates chartsans.ttf, the font bot/chart embeds.
#
# Needs Debian's fonts-droid-fallback and fonts-roboto-unhinted (both
# Apache-2.0, TrueType outlines) and a Python 3 with fonttools:
#     apt-get install -y fonts-droid-fallback fonts-roboto-unhinted python3-fonttools
# Set DROID or ROBOTO to use other copies of the fonts, PYTHON to pick the
# interpreter.
#
# Droid Sans Fallback draws hanzi but has no Latin letters, digits or ASCII
# punctuation at all (only the space), so the Latin part comes from Roboto,
# Droid's successor: the two are subset, Droid is scaled from 256 to Roboto's
# 2048 units per em (an exact ×8) and both are merged into one face. Roboto
# wins where both have a glyph.
#
# Keeps the glyphs, where either font has one, of:
#   - printable ASCII (U+0020-007E) and Latin-1 letters and signs (U+00A0-00FF);
#   - general punctuation (U+2000-206F), CJK symbols and punctuation
#     (U+3000-303F) and full-width forms (U+FF00-FFEF);
#   - the 3755 level-1 hanzi of GB2312 (rows 0xB0-0xD7), the common ones a
#     branch's or a meeting's name is written with;
#   - every non-ASCII rune of the message catalogue (bot/i18n/*.go), so all
#     the bot's own words render.
# Drops hinting, vertical metrics and OpenType layout tables (ligatures,
# kerning), none of which the chart's text rendering uses, to keep it small.
#
# Run from anywhere: sh bot/chart/font/subset.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
DROID=${DROID:-/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf}
ROBOTO=${ROBOTO:-/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf}

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import fontTools' 2>/dev/null; then
	PYTHON=/usr/bin/python3 # where Debian's python3-fonttools lives
fi
"$PYTHON" -c 'import fontTools' || {
	echo "subset.sh: no Python with fontTools; apt-get install python3-fonttools" >&2
	exit 1
}
for f in "$DROID" "$ROBOTO"; do
	[ -f "$f" ] || {
		echo "subset.sh: $f missing; apt-get install fonts-droid-fallback fonts-roboto-unhinted" >&2
		exit 1
	}
done

"$PYTHON" - "$DROID" "$ROBOTO" "$here/../../i18n" "$here/chartsans.ttf" <<'PY'
import glob, os, sys, tempfile
from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

droid_path, roboto_path, i18n, out = sys.argv[1:]

want = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
want |= set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
for hi in range(0xB0, 0xD8):
    for lo in range(0xA1, 0xFF):
        try:
            want.update(map(ord, bytes([hi, lo]).decode("gb2312")))
        except UnicodeDecodeError:
            pass  # the unassigned tail of row 0xD7
for path in sorted(glob.glob(os.path.join(i18n, "*.go"))):
    with open(path, encoding="utf-8") as f:
        want.update(ord(c) for c in f.read() if ord(c) > 0x7E)


def cut(font, cps):
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "gasp", "kern"]
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    opts.notdef_outline = True
    s = subset.Subsetter(opts)
    s.populate(unicodes=sorted(cps))
    s.subset(font)
    return font


roboto = TTFont(roboto_path)
latin = want & set(roboto.getBestCmap())
cut(roboto, latin)
droid = TTFont(droid_path)
cut(droid, want - latin)
scale_upem(droid, roboto["head"].unitsPerEm)

with tempfile.TemporaryDirectory() as tmp:
    paths = []
    for name, font in (("roboto", roboto), ("droid", droid)):
        paths.append(os.path.join(tmp, name + ".ttf"))
        font.save(paths[-1])
    merged = Merger().merge(paths)

# Line metrics that hold both: Droid's hanzi reach higher and lower.
for a, b in ((merged["hhea"], droid["hhea"]), (merged["OS/2"], droid["OS/2"])):
    for attr in ("ascent", "sTypoAscender", "usWinAscent", "usWinDescent"):
        if hasattr(a, attr):
            setattr(a, attr, max(getattr(a, attr), getattr(b, attr)))
    for attr in ("descent", "sTypoDescender"):
        if hasattr(a, attr):
            setattr(a, attr, min(getattr(a, attr), getattr(b, attr)))

# A modified font says so (Apache-2.0 §4) and must not pass as either original.
name = merged["name"]
name.names = [n for n in name.names if n.nameID in (0, 13, 14)]
for nid, text in (
    (0, "Digitized data copyright Google Corporation © 2006 (Droid Sans Fallback); "
        "Copyright 2011 Google Inc. All Rights Reserved. (Roboto)"),
    (1, "Branchbot Chart Sans"),
    (2, "Regular"),
    (3, "Branchbot Chart Sans Regular"),
    (4, "Branchbot Chart Sans Regular"),
    (5, "Version 1.0"),
    (6, "BranchbotChartSans-Regular"),
    (10, "A subset of Droid Sans Fallback and Roboto, merged by branchbot's bot/chart/font/subset.sh"),
    (13, "Licensed under the Apache License, Version 2.0"),
    (14, "http://www.apache.org/licenses/LICENSE-2.0"),
):
    name.setName(text, nid, 3, 1, 0x409)
    name.removeNames(nameID=nid, platformID=1)
# The same sources make the same bytes: date the face by its sources, not
# by the run.
heads = [TTFont(p)["head"] for p in (droid_path, roboto_path)]
merged["head"].created = min(h.created for h in heads)
merged["head"].modified = max(h.modified for h in heads)
merged.recalcTimestamp = False
merged.save(out)

have = set(TTFont(out).getBestCmap())
print("%s: %d bytes, %d code points (%d wanted, %d in neither font)"
      % (out, os.path.getsize(out), len(have), len(want), len(want - have)))
PY
