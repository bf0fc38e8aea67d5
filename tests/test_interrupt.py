"""Interruptions and races, as real processes: Ctrl+C and SIGTERM end with one Vietnamese line,
exit 130 / 143 and no temporary file; ``kill -9`` leaves no writer running and the next run
publishes correctly; a file that appears while a run renders is kept, and the run writes
nothing. The commands run through tests/cham_ghi.py, whose writers wait for a marker file."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vanban import io
from vanban.load.phieu import co_quan_cua_phieu
from tests.conftest import PLANS, ROOT

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked writers and /proc: Linux")
HELPER = ROOT / "tests" / "cham_ghi.py"
HUNG_YEN = PLANS / "hung-yen-132.yaml"  # 11 agencies: forms render in worker processes
QUANG_TRI = PLANS / "quang-tri-snnmt.yaml"  # a .docx and an .xlsx: rendered side by side


def _commands(out: Path) -> dict[str, list[str]]:
    return {
        "bieumau": ["bieumau", str(HUNG_YEN), "--ky", "2026", "-o", str(out)],
        "kehoach": ["kehoach", str(QUANG_TRI), "-o", str(out)],
    }


def _as_at_a_terminal() -> None:
    """In the child before it runs: Ctrl+C delivered as at a terminal. A command started in the
    background of a script (as a CI job may be) inherits SIGINT ignored, and Python then never
    turns it into KeyboardInterrupt: the tests would not be sending what a user sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(markers: Path, args: list[str]) -> subprocess.Popen:
    """The command under tests/cham_ghi.py; its output goes to files (a pipe would wait for any
    writer still holding it), read with ``_output``."""
    markers.mkdir(exist_ok=True)
    with open(markers / "stdout", "wb") as out, open(markers / "stderr", "wb") as err:
        return subprocess.Popen([sys.executable, str(HELPER), str(markers), *args], cwd=ROOT, stdout=out, stderr=err,
                                preexec_fn=_as_at_a_terminal)


def _output(proc: subprocess.Popen, markers: Path, timeout: float = 120) -> tuple[str, str]:
    proc.wait(timeout=timeout)
    return ((markers / "stdout").read_text(encoding="utf-8"), (markers / "stderr").read_text(encoding="utf-8"))


def _wait_started(proc: subprocess.Popen, markers: Path, count: int = 1) -> set[int]:
    """The pids of the writers once ``count`` of them are waiting half way."""
    deadline = time.monotonic() + 120
    while True:
        pids = {int(p.name.split("-")[1]) for p in markers.glob("started-*")}
        if len(pids) >= count:
            return pids
        if proc.poll() is not None:
            pytest.fail(f"the command ended before rendering: {_output(proc, markers)}")
        assert time.monotonic() < deadline, "the writers never started"
        time.sleep(0.02)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def _wait_gone(pids: set[int]) -> set[int]:
    deadline = time.monotonic() + 30
    while (alive := {p for p in pids if _running(p)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp")) if folder.exists() else []


@linux
@pytest.mark.parametrize("command", ["bieumau", "kehoach"])
@pytest.mark.parametrize("sig, code, words", [(signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_signal_gives_one_line_exit_code_and_no_temp_files(tmp_path, command, sig, code, words):
    out = tmp_path / "out"
    proc = _start(tmp_path / "m", _commands(out)[command])
    try:
        writers = _wait_started(proc, tmp_path / "m")
        assert _temps(out)  # rendering: its temporary files are there
        os.kill(proc.pid, sig)
        stdout, stderr = _output(proc, tmp_path / "m")
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("Đã dừng"), stderr
    assert "Traceback" not in stderr and stdout == ""
    assert list(out.iterdir()) == []  # no temporary file, no output
    assert not _wait_gone(writers - {proc.pid})


@linux
@pytest.mark.parametrize("command", ["bieumau", "kehoach"])
def test_kill_9_leaves_no_writer_and_the_next_run_cleans_up(tmp_path, command):
    if io._workers() < 2:
        pytest.skip("one core: no writer process is started")
    out = tmp_path / "out"
    args = _commands(out)[command]
    proc = _start(tmp_path / "m", args)
    try:
        writers = _wait_started(proc, tmp_path / "m", count=2) - {proc.pid}
        assert writers  # forked writers are running
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert not _wait_gone(writers), "a writer outlived its killed parent"
    stale = _temps(out)
    assert stale and all(f".{proc.pid}." in name for name in stale)  # hidden, marked with the dead pid
    assert not [p for p in out.iterdir() if not p.name.startswith(".")]  # nothing published

    run = subprocess.run([sys.executable, "-m", "vanban", *args], cwd=ROOT, capture_output=True, text=True,
                         encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    assert _temps(out) == []  # the dead run's temporary files are gone
    written = sorted(out.iterdir())
    assert [p.name for p in written] == sorted(line.removeprefix("Đã ghi: ").rsplit("/", 1)[1]
                                               for line in run.stdout.splitlines())
    if command == "bieumau":
        assert len(written) == 11 and all(co_quan_cua_phieu(p) for p in written)
    else:
        assert {p.suffix for p in written} == {".docx", ".xlsx"}
        assert all(p.read_bytes()[:2] == b"PK" for p in written)


def test_a_file_that_appears_during_the_run_is_kept(tmp_path):
    """A second process writes one of the forms while the first is rendering: the first keeps
    that file, removes the forms it had already published, writes nothing and says so."""
    out = tmp_path / "out"
    agencies = ["CAT", "Sở Xây dựng", "Sở Y tế"]
    args = ["bieumau", str(HUNG_YEN), "--ky", "2026", "-o", str(out)]
    first = _start(tmp_path / "m", args + [a for n in agencies for a in ("--co-quan", n)])
    try:
        _wait_started(first, tmp_path / "m")
        second = subprocess.run([sys.executable, "-m", "vanban", *args, "--co-quan", "Sở Y tế"], cwd=ROOT,
                                capture_output=True, text=True, encoding="utf-8", timeout=300)
        assert second.returncode == 0, second.stderr
        theirs = out / "bieu-mau-2026-SYT.xlsx"
        before = hashlib.sha256(theirs.read_bytes()).hexdigest()
        (tmp_path / "m" / "go").touch()
        stdout, stderr = _output(first, tmp_path / "m", timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 1, stderr
    assert str(theirs) in stderr and "xuất hiện trong lúc" in stderr and "Traceback" not in stderr
    assert "Đã ghi" not in stdout
    assert [p.name for p in out.iterdir()] == [theirs.name]  # the others were taken back, no temp left
    assert hashlib.sha256(theirs.read_bytes()).hexdigest() == before


def test_program_fault_is_one_line_with_its_own_exit_code(tmp_path, monkeypatch, capsys):
    from vanban import api
    from vanban.cli import EXIT_FAULT, main

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "tao_bieu_mau", broken)
    monkeypatch.delenv("VANBAN_DEBUG", raising=False)
    assert main(["bieumau", "--ky", "2026", "-o", str(tmp_path)]) == EXIT_FAULT == 70
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Lỗi chương trình" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err
    monkeypatch.setenv("VANBAN_DEBUG", "1")
    assert main(["bieumau", "--ky", "2026", "-o", str(tmp_path)]) == EXIT_FAULT
    assert "Traceback" in capsys.readouterr().err

    def no_memory(*args, **kwargs):
        raise MemoryError

    monkeypatch.delenv("VANBAN_DEBUG")
    monkeypatch.setattr(api, "tao_bieu_mau", no_memory)
    assert main(["bieumau", "--ky", "2026", "-o", str(tmp_path)]) == EXIT_FAULT
    assert "không đủ bộ nhớ" in capsys.readouterr().err


def test_ctrl_c_while_the_installed_script_works(tmp_path):
    """The ``vanban`` script (``vanban.__main__:run``), interrupted once it is writing: one line,
    exit 130, no temporary file left."""
    script = Path(sys.executable).with_name("vanban")
    if not script.exists():
        pytest.skip("no installed vanban script beside this Python")
    out = tmp_path / "out"
    proc = subprocess.Popen([str(script), "bieumau", str(HUNG_YEN), "--ky", "2026", "-o", str(out)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_as_at_a_terminal)
    deadline = time.monotonic() + 120
    while not _temps(out) and proc.poll() is None:  # writing: its temporary files are there
        assert time.monotonic() < deadline, "the command never started writing"
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    err = stderr.decode("utf-8")
    if proc.returncode == 0:  # it had finished before the signal came: nothing to judge
        pytest.skip("the command finished before it could be interrupted")
    assert proc.returncode == 130 and "Traceback" not in err, (proc.returncode, err)
    assert len(err.strip().splitlines()) == 1 and "Đã dừng theo yêu cầu (Ctrl+C)" in err, err
    assert not _temps(out) and not list(out.glob("*.xlsx"))


def test_ctrl_c_while_the_command_line_is_imported():
    """Ctrl+C while ``run`` imports the command line (before ``cli.main`` can answer it) is one
    line and exit 130: the import is made to raise KeyboardInterrupt, as a signal there would."""
    code = (
        "import sys\n"
        "class Stop:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'vanban.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Stop())\n"
        "from vanban.__main__ import run\n"
        "sys.exit(run())\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 130, r.stderr
    assert r.stderr.strip() == "Đã dừng theo yêu cầu (Ctrl+C); chưa ghi tệp nào."
