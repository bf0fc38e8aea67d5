"""Build generator/text/tnr_metrics.json from Liberation Serif 2 (metric-compatible with
Times New Roman): advance widths, in 1/1000 em, of the characters Vietnamese documents use.

Run once after changing the character range:  python tools/make_metrics.py
"""

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FACES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bolditalic": "LiberationSerif-BoldItalic.ttf",
}
RANGES = [(0x20, 0x7E), (0xA0, 0x24F), (0x300, 0x323), (0x1EA0, 0x1EF9), (0x2010, 0x2026)]


def main() -> int:
    out = {}
    for face, name in FACES.items():
        font = TTFont(FONT_DIR / name)
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        widths = {}
        for lo, hi in RANGES:
            for cp in range(lo, hi + 1):
                glyph = cmap.get(cp)
                if glyph is not None:
                    widths[chr(cp)] = round(hmtx[glyph][0] * 1000 / upem)
        out[face] = widths
    target = Path(__file__).resolve().parent.parent / "generator" / "text" / "tnr_metrics.json"
    target.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    print(f"{target}: {sum(len(v) for v in out.values())} widths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
