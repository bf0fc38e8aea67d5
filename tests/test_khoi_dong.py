"""Start-up of the command line: a command imports what it needs and no more. ``vanban
--version`` and every ``--help`` build the parser without the library (no pydantic, no YAML, no
renderers), and a command that makes no PDF never imports WeasyPrint. Each run is a fresh process
(``python -X importtime -m vanban ...``); the modules it imported are read from its import log,
never its time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from vanban import __version__, cli

# What the library brings in: none of it belongs to --version or --help.
HEAVY = ("vanban.api", "vanban.load", "vanban.model", "pydantic", "pydantic_core", "yaml", "docx", "docxtpl",
         "openpyxl", "jinja2", "lxml", "weasyprint")


def _vanban_imports(*args: str, cwd=ROOT) -> tuple[subprocess.CompletedProcess, set[str]]:
    """Run ``vanban ARGS`` in a new interpreter; the process and the names of the modules it imported."""
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "vanban", *map(str, args)], cwd=cwd,
                         capture_output=True, text=True, encoding="utf-8", timeout=600)
    modules = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines()
               if line.startswith("import time:") and line.count("|") == 2}
    modules.discard("package")  # the log's header line
    return run, modules


def _said(run: subprocess.CompletedProcess) -> str:
    """What the process wrote on stderr besides the import log."""
    return "\n".join(line for line in run.stderr.splitlines() if not line.startswith("import time:"))


def test_version_imports_no_library():
    run, modules = _vanban_imports("--version")
    assert run.returncode == 0 and run.stdout == f"vanban {__version__}\n", _said(run)
    assert "vanban.cli" in modules and "argparse" in modules  # the log is read: the CLI itself is in it
    assert not [m for m in HEAVY if m in modules], sorted(m for m in HEAVY if m in modules)
    assert not [m for m in modules if m.startswith(("pydantic", "weasyprint"))]


@pytest.mark.parametrize("command", [[], *([c] for c in cli._LENH), ["mau", "xuat"]],
                         ids=lambda c: " ".join(c) or "vanban")
def test_help_of_every_command_works_without_the_library(command):
    run, modules = _vanban_imports(*command, "--help")
    assert run.returncode == 0, _said(run)
    assert run.stdout.startswith(f"Cách dùng: vanban {' '.join(command)}".rstrip()), run.stdout[:200]
    assert "Tùy chọn:" in run.stdout and "--help" in run.stdout
    assert _said(run) == ""
    assert not [m for m in HEAVY if m in modules], sorted(m for m in HEAVY if m in modules)


def test_kehoach_without_pdf_never_imports_weasyprint(tmp_path):
    out = tmp_path / "ra"
    run, modules = _vanban_imports("kehoach", ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml", "-o", out)
    assert run.returncode == 0, _said(run)
    assert (out / "hung-yen-132.docx").is_file() and (out / "hung-yen-132-phu-luc.xlsx").is_file()
    # the command did load what it needs: the plan's model and the Word and Excel writers
    assert {"vanban.api", "pydantic", "docx", "openpyxl"} <= modules
    assert not [m for m in modules if m.split(".")[0] in ("weasyprint", "pydyf", "cssselect2", "tinycss2")]


def test_library_is_still_reached_through_the_cli_module():
    """``vanban.cli.api`` stays the library the commands call (imported when first asked for)."""
    from vanban import api

    assert cli.api is api
    with pytest.raises(AttributeError):
        cli.khong_co  # noqa: B018
