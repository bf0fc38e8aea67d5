"""What every command shares: argparse speaks Vietnamese (help, headings, every error), a wrong
command line and a program fault come as JSON with --json, progress only on a terminal."""

from __future__ import annotations

import json

import pytest

from vanban import cli
from tests.cli_helpers import argparse_messages, english_in, vanban, vanban_json

COMMANDS = [["demo"], ["kehoach"], ["bieumau"], ["baocao"], ["tonghop"], ["kiemtra"], ["mau"], ["mau", "xuat"], ["web"],
            ["web", "saoluu"], ["web", "maso"]]

WRONG = [  # (command line, a Vietnamese phrase its error must hold)
    (["lam-gi"], "lựa chọn không hợp lệ"),
    (["kehoach"], "thiếu tham số bắt buộc"),
    (["kehoach", "a.yaml", "-o"], "cần một giá trị"),
    (["kehoach", "a.yaml", "-o", "x", "--khong-co"], "tham số không nhận ra"),
    (["kehoach", "a.yaml", "-o", "x", "--p"], "tùy chọn chưa rõ"),
    (["bieumau", "--ky"], "cần một giá trị"),
    (["tonghop", "k.yaml"], "thiếu tham số bắt buộc"),
    (["kiemtra"], "thiếu tham số bắt buộc"),
    (["mau"], "thiếu tham số bắt buộc"),
    (["mau", "nhap"], "lựa chọn không hợp lệ"),
    (["kehoach", "a.yaml", "-o", "x", "--ghi-de=co"], "tùy chọn này không nhận giá trị"),
    (["--version=1"], "tùy chọn này không nhận giá trị"),
]


def test_every_argparse_string_has_its_vietnamese():
    """Read from argparse itself: a Python release with a new message fails here first."""
    missing = [m for m in argparse_messages() if m not in cli._ARGPARSE_VI]
    assert not missing
    # and each has a Vietnamese text (a placeholder-only heading may stay as it is)
    assert all(cli._ARGPARSE_VI[m] != m for m in argparse_messages() if any(c.isalpha() for c in
                                                                             m.replace("%(heading)s", "")))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_of_every_command_is_vietnamese(command):
    run = vanban(*command, "--help")
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith("Cách dùng: vanban")
    assert "Tùy chọn:" in run.stdout and "in hướng dẫn này rồi thoát" in run.stdout
    assert not english_in(run.stdout), run.stdout


def test_top_level_help_names_the_commands():
    run = vanban("--help")
    assert "Các lệnh:" in run.stdout and "LỆNH" in run.stdout and not english_in(run.stdout)
    for name in ("demo", "kehoach", "bieumau", "baocao", "tonghop", "mau", "kiemtra"):
        assert f"\n    {name} " in run.stdout


@pytest.mark.parametrize("argv, phrase", WRONG, ids=lambda x: " ".join(x) if isinstance(x, list) else "")
def test_wrong_command_lines_are_said_in_vietnamese(argv, phrase):
    run = vanban(*argv)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("Cách dùng: vanban") and ": lỗi: " in run.stderr and phrase in run.stderr
    assert not english_in(run.stderr), run.stderr
    assert "Traceback" not in run.stderr


def test_wrong_command_line_with_json_is_a_json_document():
    code, doc = vanban_json("bieumau", "data/ke-hoach/hung-yen-132.yaml", "-o", "x")
    assert code == 2 and doc["lenh"] == "bieumau" and doc["tep"] == []
    (err,) = doc["loi"]
    assert "thiếu tham số bắt buộc: --ky" in err["message"]
    assert set(err) == {"file", "line", "path", "argument", "message"}


def test_program_fault_with_json(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli.api, "tao_bieu_mau", broken)
    monkeypatch.delenv("VANBAN_DEBUG", raising=False)
    assert cli.main(["bieumau", "--ky", "2026", "-o", str(tmp_path), "--json"]) == cli.EXIT_FAULT
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert captured.err == "" and doc["ma_thoat"] == 70 and doc["lenh"] == "bieumau"
    assert "Lỗi chương trình" in doc["loi"][0]["message"] and "ZeroDivisionError" in doc["loi"][0]["message"]


def test_library_messages_name_arguments_and_the_command_line_its_options(tmp_path):
    from vanban import api
    from vanban.errors import OutputExistsError

    (tmp_path / "a.xlsx").write_bytes(b"")
    # called from Python: the argument and the value to give it
    msg = str(OutputExistsError(tmp_path / "a.xlsx"))
    assert "overwrite=True" in msg and "--ghi-de" not in msg
    with pytest.raises(api.InputError) as e:
        api.tao_bieu_mau(None, "2026", tmp_path, han_nop="32/12/2026")
    (p,) = e.value.problems
    assert p.argument == "han_nop" and str(p).startswith("han_nop: ") and "--han-nop" not in str(p)
    # the command line: its own options
    run = vanban("bieumau", "--ky", "2026", "--han-nop", "32/12/2026", "-o", tmp_path)
    assert run.returncode == 1 and "  --han-nop: hạn nộp “32/12/2026” không hợp lệ" in run.stderr
    code, doc = vanban_json("bieumau", "--ky", "2026", "--han-nop", "32/12/2026", "-o", tmp_path)
    assert code == 1 and doc["loi"][0]["argument"] == "--han-nop" and doc["loi"][0]["file"] is None
