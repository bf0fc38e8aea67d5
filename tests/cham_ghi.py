"""Test helper, run as a script: ``python tests/cham_ghi.py MARKERS vanban-arguments...``.

Runs the command line with writers that stop half way: each writes a partial file, records its
process id as ``MARKERS/started-<pid>``, then waits until ``MARKERS/go`` exists before it renders
for real. A test can so act (send a signal, kill the process, write a competing file) while the
command is known to be rendering, without guessing how long anything takes."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from vanban.render import docx_ke_hoach, xlsx_bieu_mau, xlsx_phu_luc

MARKERS = Path(sys.argv[1])
_bieu_mau = xlsx_bieu_mau.render_bieu_mau
_docx = docx_ke_hoach.render_ke_hoach_docx
_xlsx = xlsx_phu_luc.render_phu_luc_xlsx


def _wait(target) -> None:
    Path(target).write_bytes(b"partial")
    (MARKERS / f"started-{os.getpid()}").touch()
    deadline = time.monotonic() + 120  # a safety net only: a test never relies on it
    while not (MARKERS / "go").exists():
        if time.monotonic() > deadline:
            os._exit(99)
        time.sleep(0.02)


def slow_bieu_mau(kh, ky, co_quan, tasks, target, *args, **kwargs):
    _wait(target)
    return _bieu_mau(kh, ky, co_quan, tasks, target, *args, **kwargs)


def slow_docx(kh, target, *args, **kwargs):
    _wait(target)
    return _docx(kh, target, *args, **kwargs)


def slow_xlsx(kh, target, *args, **kwargs):
    _wait(target)
    return _xlsx(kh, target, *args, **kwargs)


xlsx_bieu_mau.render_bieu_mau = slow_bieu_mau
docx_ke_hoach.render_ke_hoach_docx = slow_docx
xlsx_phu_luc.render_phu_luc_xlsx = slow_xlsx

if __name__ == "__main__":
    from vanban.cli import main

    sys.exit(main(sys.argv[2:]))
