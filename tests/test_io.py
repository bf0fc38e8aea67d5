"""Atomic writes: an interrupted run keeps the old file and leaves no partial file."""

import errno
import os
import sys
import time
from pathlib import Path

import pytest

from vanban import io
from vanban.errors import OutputExistsError, TemplateError, VanbanError
from vanban.io import write_all


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


def _write_text(text: str, tmp):
    Path(tmp).write_text(text, encoding="utf-8")


def _write_or_fail(text: str, tmp):
    if text == "hỏng":
        from vanban.errors import TemplateError
        raise TemplateError("mẫu hỏng ở phiếu 5")
    Path(tmp).write_text(text, encoding="utf-8")


def test_tasks_run_in_workers_same_result(tmp_path):
    from vanban.io import PARALLEL_MIN, Task
    n = PARALLEL_MIN + 4
    jobs = [(tmp_path / f"{i}.txt", Task(_write_text, (f"phiếu {i}",))) for i in range(n)]
    jobs.append((tmp_path / "cuoi.txt", lambda p: Path(p).write_text("không song song", encoding="utf-8")))
    written = write_all(jobs)
    assert written == [t for t, _ in jobs]
    assert [(tmp_path / f"{i}.txt").read_text(encoding="utf-8") for i in range(n)] == [f"phiếu {i}" for i in range(n)]
    assert (tmp_path / "cuoi.txt").read_text(encoding="utf-8") == "không song song"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failing_task_in_a_worker_writes_nothing(tmp_path):
    from vanban.errors import VanbanError
    from vanban.io import PARALLEL_MIN, Task
    (tmp_path / "0.txt").write_text("cũ", encoding="utf-8")
    texts = [f"mới {i}" for i in range(PARALLEL_MIN + 2)]
    texts[5] = "hỏng"
    jobs = [(tmp_path / f"{i}.txt", Task(_write_or_fail, (t,))) for i, t in enumerate(texts)]
    with pytest.raises(VanbanError, match="mẫu hỏng ở phiếu 5"):
        write_all(jobs, overwrite=True)
    assert (tmp_path / "0.txt").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt"]


# ---- a few outputs side by side (a plan's .docx and .xlsx): forked children on Linux ------------

linux_fork = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is used on Linux only")


def _pid_writer(p):
    Path(p).write_text(str(os.getpid()), encoding="utf-8")


@linux_fork
def test_few_outputs_render_in_a_child_and_here(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "_workers", lambda: 2)
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    assert write_all([(a, _pid_writer), (b, _pid_writer)]) == [a, b]
    pids = int(a.read_text(encoding="utf-8")), int(b.read_text(encoding="utf-8"))
    assert pids[1] == os.getpid() and pids[0] != os.getpid()  # the first in a child, the last here
    with pytest.raises(ChildProcessError):
        os.waitpid(pids[0], os.WNOHANG)  # already reaped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.xlsx"]


@linux_fork
def test_one_core_renders_in_turn(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "_workers", lambda: 1)
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    write_all([(a, _pid_writer), (b, _pid_writer)])
    assert {a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")} == {str(os.getpid())}


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle")


def _raise_in_child(kind):
    def writer(p):
        Path(p).write_bytes(b"half")
        if kind == "vanban":
            raise TemplateError("mẫu hỏng ở đoạn 3")
        if kind == "os":
            raise OSError(errno.ENOSPC, "No space left on device")
        if kind == "runtime":
            raise RuntimeError("lỗi lập trình")
        if kind == "unpicklable":
            raise _Unpicklable("không gửi được")
        os._exit(3)  # the child dies without a word
    return writer


@linux_fork
@pytest.mark.parametrize("kind, error, words", [
    ("vanban", TemplateError, "mẫu hỏng ở đoạn 3"),
    ("os", VanbanError, "a.docx: không ghi được tệp (ổ đĩa đã đầy)"),  # names the child's target
    ("runtime", RuntimeError, "lỗi lập trình"),
    ("unpicklable", VanbanError, "_Unpicklable: không gửi được"),
    ("exit", VanbanError, "a.docx: tiến trình ghi tệp bị dừng (mã 3)"),
])
def test_a_child_failure_is_raised_here_and_nothing_moves(tmp_path, monkeypatch, kind, error, words):
    monkeypatch.setattr(io, "_workers", lambda: 2)
    a, b = tmp_path / "a.docx", tmp_path / "b.xlsx"
    b.write_bytes(b"old b")
    with pytest.raises(error) as e:
        write_all([(a, _raise_in_child(kind)), (b, lambda p: Path(p).write_bytes(b"new b"))], overwrite=True)
    assert words in str(e.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx"] and b.read_bytes() == b"old b"


@linux_fork
def test_failure_here_stops_the_child(tmp_path, monkeypatch):
    """The last writer fails while the child still renders: the child is stopped and reaped
    before the temporary files are removed, so none is left behind."""
    monkeypatch.setattr(io, "_workers", lambda: 2)
    started = tmp_path / "pid"

    def slow(p):
        Path(p).write_bytes(b"partial")
        started.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(600)

    def failing(p):
        while not started.exists():
            time.sleep(0.01)
        raise VanbanError("hỏng ở tệp thứ hai")

    out = tmp_path / "out"
    with pytest.raises(VanbanError, match="hỏng ở tệp thứ hai"):
        write_all([(out / "a.docx", slow), (out / "b.xlsx", failing)])
    with pytest.raises(ChildProcessError):
        os.waitpid(int(started.read_text(encoding="utf-8")), os.WNOHANG)
    assert list(out.iterdir()) == []
