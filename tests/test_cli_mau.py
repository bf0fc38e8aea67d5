"""vanban mau xuat: the built-in templates copied out; --json; never replaced without --ghi-de."""

from __future__ import annotations

import pytest

from vanban import api
from vanban.errors import OutputExistsError
from tests.cli_helpers import vanban, vanban_json


def test_export_as_json_then_refused_then_overwritten(tmp_path):
    code, doc = vanban_json("mau", "xuat", tmp_path / "m")
    assert code == 0 and doc["lenh"] == "mau" and doc["loi"] == [] and doc["canh_bao"] == []
    names = {p.removeprefix(str(tmp_path / "m") + "/") for p in doc["tep"]}
    assert {"README.txt", "docx/ke-hoach.docx", "xlsx/bieu-mau.xlsx", "html/nd30.css"} <= names
    assert all((tmp_path / "m" / n).is_file() for n in names)

    readme = (tmp_path / "m" / "README.txt").read_bytes()
    code, doc = vanban_json("mau", "xuat", tmp_path / "m")
    assert code == 1 and doc["tep"] == []
    (e,) = doc["loi"]
    assert e["file"].startswith(str(tmp_path / "m")) and "dùng --ghi-de để ghi đè" in e["message"]
    assert (tmp_path / "m" / "README.txt").read_bytes() == readme

    run = vanban("mau", "xuat", tmp_path / "m", "--ghi-de")
    assert run.returncode == 0 and run.stdout.count("Đã ghi:") == len(names)


def test_library_says_the_argument_to_give(tmp_path):
    api.xuat_mau(tmp_path)
    with pytest.raises(OutputExistsError) as e:
        api.xuat_mau(tmp_path)
    assert "dùng overwrite=True để ghi đè" in str(e.value) and "--ghi-de" not in str(e.value)
