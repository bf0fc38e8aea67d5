"""Locate the font files the PDF embeds: Times New Roman, or its metric twin Liberation Serif 2.

Files are named explicitly (no lookup by family name), so a missing glyph cannot silently fall
back to another family. Liberation Serif version 1 (Debian's fonts-liberation) lacks most
Vietnamese letters and is never used.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import VanbanError

FACES = ("regular", "bold", "italic", "bolditalic")
_SETS = [
    ("Liberation Serif", {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
                          "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}),
    ("Times New Roman", {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf",
                         "bolditalic": "timesbi.ttf"}),
]
_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/liberation2",
    "/usr/share/fonts/liberation-serif",
    "C:/Windows/Fonts",
]


def serif_fonts() -> tuple[str, dict[str, Path]]:
    """The family name and the paths of its four faces; ``VANBAN_FONT_DIR`` may name a folder
    holding them."""
    dirs = ([os.environ["VANBAN_FONT_DIR"]] if os.environ.get("VANBAN_FONT_DIR") else []) + _DIRS
    for d in dirs:
        for family, files in _SETS:
            paths = {face: Path(d) / name for face, name in files.items()}
            if all(p.is_file() for p in paths.values()):
                return family, paths
    raise VanbanError("không tìm thấy phông Times New Roman hoặc Liberation Serif 2 để nhúng vào PDF; "
                      "cài gói fonts-liberation2 (./setup.sh) hoặc đặt VANBAN_FONT_DIR")
