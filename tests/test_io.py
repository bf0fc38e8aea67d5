"""Atomic writes: an interrupted run keeps the old file and leaves no partial file."""

import pytest

from generator.errors import OutputExistsError
from generator.io import write_all


def test_failure_half_way_keeps_old_files(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    a.write_bytes(b"old a")

    def good(p):
        p.write_bytes(b"new a")

    def broken(p):
        p.write_bytes(b"half")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        write_all([(a, good), (b, broken)], overwrite=True)
    assert a.read_bytes() == b"old a"
    assert not b.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]


def test_refuses_existing_before_rendering(tmp_path):
    a = tmp_path / "a.docx"
    a.write_bytes(b"old")
    called = []
    with pytest.raises(OutputExistsError):
        write_all([(tmp_path / "new.docx", lambda p: called.append(p)), (a, lambda p: called.append(p))])
    assert called == [] and a.read_bytes() == b"old"


def test_overwrite_replaces(tmp_path):
    a = tmp_path / "a.docx"
    a.write_bytes(b"old")
    write_all([(a, lambda p: p.write_bytes(b"new"))], overwrite=True)
    assert a.read_bytes() == b"new"
