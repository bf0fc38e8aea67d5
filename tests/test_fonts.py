"""The PDF's font: Times New Roman wherever it is installed (each system's file names), Liberation
Serif 2 otherwise, ``VANBAN_FONT_DIR`` searched first; the faces found are the ones embedded."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vanban.errors import VanbanError
from vanban.load import load_plan
from vanban.render import fonts
from vanban.render.pdf_ke_hoach import render_ke_hoach_pdf
from tests.conftest import PLANS

LIBERATION = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
              "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}
TIMES_NAMES = {
    "windows": ("times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf"),
    "macos": ("Times New Roman.ttf", "Times New Roman Bold.ttf", "Times New Roman Italic.ttf",
              "Times New Roman Bold Italic.ttf"),
    "msttcorefonts": ("Times_New_Roman.ttf", "Times_New_Roman_Bold.ttf", "Times_New_Roman_Italic.ttf",
                      "Times_New_Roman_Bold_Italic.ttf"),
}


@pytest.fixture(scope="module")
def liberation_files() -> dict[str, Path]:
    monkey = pytest.MonkeyPatch()
    monkey.delenv("VANBAN_FONT_DIR", raising=False)
    family, faces = fonts.serif_fonts()
    monkey.undo()
    if family != fonts.LIBERATION:  # the machine has Times New Roman: find Liberation beside it
        faces = next((fonts._faces(d, LIBERATION) for d in fonts.system_dirs() if fonts._faces(d, LIBERATION)), None)
        if faces is None:
            pytest.fail("Liberation Serif 2 is required: run ./setup.sh")
    return faces


def folder(root: Path, name: str, files: dict[str, str], source: dict[str, Path], skip: str | None = None) -> Path:
    d = root / name
    d.mkdir()
    for face, filename in files.items():
        if face != skip:
            shutil.copyfile(source[face], d / filename)
    return d


def times(kind: str) -> dict[str, str]:
    return dict(zip(fonts.FACES, TIMES_NAMES[kind]))


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("VANBAN_FONT_DIR", raising=False)
    return monkeypatch


@pytest.mark.parametrize("kind", sorted(TIMES_NAMES))
def test_times_new_roman_before_liberation(kind, tmp_path, liberation_files, no_env):
    lib = folder(tmp_path, "liberation2", LIBERATION, liberation_files)
    tnr = folder(tmp_path, "times", times(kind), liberation_files)
    no_env.setattr(fonts, "system_dirs", lambda: [lib, tnr])  # Liberation's folder searched first
    family, faces = fonts.serif_fonts()
    assert family == fonts.TIMES
    assert faces == {face: tnr / name for face, name in times(kind).items()}


def test_liberation_when_times_new_roman_is_missing_or_incomplete(tmp_path, liberation_files, no_env):
    lib = folder(tmp_path, "liberation2", LIBERATION, liberation_files)
    partial = folder(tmp_path, "times", times("windows"), liberation_files, skip="bolditalic")
    no_env.setattr(fonts, "system_dirs", lambda: [partial, lib])
    family, faces = fonts.serif_fonts()
    assert family == fonts.LIBERATION and faces["regular"] == lib / LIBERATION["regular"]


def test_font_dir_is_searched_first(tmp_path, liberation_files, monkeypatch):
    own = folder(tmp_path, "cua-toi", LIBERATION, liberation_files)
    tnr = folder(tmp_path, "times", times("macos"), liberation_files)
    monkeypatch.setattr(fonts, "system_dirs", lambda: [tnr])
    monkeypatch.setenv("VANBAN_FONT_DIR", str(own))
    assert fonts.serif_fonts() == (fonts.LIBERATION, {f: own / n for f, n in LIBERATION.items()})
    monkeypatch.setenv("VANBAN_FONT_DIR", str(tmp_path / "khong-co"))
    assert fonts.serif_fonts()[0] == fonts.TIMES  # a folder without the faces: the system's fonts


def test_no_font_names_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "system_dirs", lambda: [tmp_path])
    monkeypatch.setenv("VANBAN_FONT_DIR", str(tmp_path))
    with pytest.raises(VanbanError) as e:
        fonts.serif_fonts()
    assert "VANBAN_FONT_DIR" in str(e.value) and "fonts-liberation2" in str(e.value)


def test_system_folders_of_each_system():
    dirs = {d.as_posix() for d in fonts.system_dirs()}
    for d in ("/usr/share/fonts/truetype/msttcorefonts", "/usr/share/fonts/truetype/liberation2",
              "/Library/Fonts", "/System/Library/Fonts/Supplemental"):
        assert d in dirs
    assert any(d.endswith("/Fonts") and "Windows" in d for d in dirs)
    assert (Path.home() / ".local/share/fonts").as_posix() in dirs
    assert not any(d.endswith("/truetype/liberation") for d in dirs)  # version 1: no Vietnamese


def embedded(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def test_the_faces_found_are_embedded(tmp_path, liberation_files, no_env):
    tnr = folder(tmp_path, "times", times("windows"), liberation_files)
    no_env.setattr(fonts, "system_dirs", lambda: [tnr])
    from vanban.render.pdf_ke_hoach import base_context, make_env

    faces_css = base_context(make_env())["phong_chu"]
    assert faces_css.count('font-family: "Times New Roman"') == 4
    assert all(tnr.joinpath(n).resolve().as_uri() in faces_css for n in TIMES_NAMES["windows"])
    render_ke_hoach_pdf(load_plan(PLANS / "hung-yen-132.yaml"), tmp_path / "kh.pdf")
    rows = embedded(tmp_path / "kh.pdf")
    # the faces embedded are the ones found, under the family they were found as
    names = {re.sub(r"^[A-Z]{6}\+", "", r[0]) for r in rows}
    assert len(names) == 4 and all(n.startswith("Times-New-Roman") for n in names), names
    assert all(r[-5] == "yes" for r in rows)


def test_pdffonts_shows_the_family_found(demo_dir, no_env):
    family, _ = fonts.serif_fonts()
    rows = embedded(demo_dir / "hung-yen-132.pdf")
    assert rows and all(r[0].split("+")[-1].startswith(family.replace(" ", "-")) for r in rows), rows
