"""Locate the font files the PDF embeds: Times New Roman wherever it is installed, otherwise its
metric twin Liberation Serif 2.

Files are named explicitly (no lookup by family name), so a missing glyph cannot silently fall
back to another family. The folders are those of Debian (msttcorefonts, a user's own fonts),
Windows (the system's and the user's) and macOS, with the file names each system gives the four
faces. ``VANBAN_FONT_DIR`` names a folder searched before all others. Liberation Serif version 1
(Debian's fonts-liberation, /usr/share/fonts/truetype/liberation) lacks most Vietnamese letters
and is never looked for.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import VanbanError

FACES = ("regular", "bold", "italic", "bolditalic")
TIMES = "Times New Roman"
LIBERATION = "Liberation Serif"


def _names(regular: str, bold: str, italic: str, bolditalic: str) -> dict[str, str]:
    return {"regular": regular, "bold": bold, "italic": italic, "bolditalic": bolditalic}


# Each family's file names, as the systems name them; first the family preferred.
FAMILIES: list[tuple[str, list[dict[str, str]]]] = [
    (TIMES, [
        _names("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),  # Windows; Debian's links
        _names("TIMES.TTF", "TIMESBD.TTF", "TIMESI.TTF", "TIMESBI.TTF"),  # copied from an old Windows
        _names("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
               "Times New Roman Bold Italic.ttf"),  # macOS
        _names("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
               "Times_New_Roman_Bold_Italic.ttf"),  # Debian's ttf-mscorefonts-installer
    ]),
    (LIBERATION, [
        _names("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
               "LiberationSerif-BoldItalic.ttf"),
    ]),
]


def system_dirs() -> list[Path]:
    """The folders fonts are installed in on Debian, Windows and macOS, the user's own included."""
    home = Path.home()
    local = os.environ.get("LOCALAPPDATA")
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or "C:/Windows"
    dirs = [
        "/usr/share/fonts/truetype/msttcorefonts",
        "/usr/share/fonts/truetype/times",
        "/usr/share/fonts/truetype/liberation2",
        "/usr/share/fonts/liberation2",
        "/usr/share/fonts/liberation-serif",  # Fedora
        "/usr/local/share/fonts",
        home / ".fonts",
        home / ".local/share/fonts",
        Path(windir) / "Fonts",
        Path(local) / "Microsoft/Windows/Fonts" if local else None,
        "/Library/Fonts",
        "/System/Library/Fonts/Supplemental",
        home / "Library/Fonts",
    ]
    return [Path(d) for d in dirs if d is not None]


def _faces(folder: Path, names: dict[str, str]) -> dict[str, Path] | None:
    paths = {face: folder / name for face, name in names.items()}
    try:
        return paths if all(p.is_file() for p in paths.values()) else None
    except OSError:  # a folder we may not read
        return None


def _search(dirs: list[Path]) -> tuple[str, dict[str, Path]] | None:
    """The preferred family found in any of ``dirs`` (all four faces in one folder)."""
    for family, variants in FAMILIES:
        for folder in dirs:
            for names in variants:
                faces = _faces(folder, names)
                if faces:
                    return family, faces
    return None


def serif_fonts() -> tuple[str, dict[str, Path]]:
    """The family name and the paths of its four faces: the folder ``VANBAN_FONT_DIR`` first
    (Times New Roman or Liberation Serif 2 there), then Times New Roman in any of the system's
    folders (``system_dirs``), then Liberation Serif 2."""
    own = os.environ.get("VANBAN_FONT_DIR")
    for dirs in ([Path(own)] if own else [], system_dirs()):
        found = _search(dirs)
        if found:
            return found
    where = f" (VANBAN_FONT_DIR={own} không có đủ bốn tệp phông)" if own else ""
    raise VanbanError("không tìm thấy phông Times New Roman hoặc Liberation Serif 2 để nhúng vào PDF" + where
                      + "; cài gói fonts-liberation2 (./setup.sh) hoặc đặt VANBAN_FONT_DIR là thư mục chứa "
                      "bốn tệp times.ttf, timesbd.ttf, timesi.ttf, timesbi.ttf hoặc LiberationSerif-*.ttf")
