"""Atomic writes: an interrupted run keeps the old file and leaves no partial file."""

from pathlib import Path

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


def _write_text(text: str, tmp):
    Path(tmp).write_text(text, encoding="utf-8")


def _write_or_fail(text: str, tmp):
    if text == "hỏng":
        from generator.errors import TemplateError
        raise TemplateError("mẫu hỏng ở phiếu 5")
    Path(tmp).write_text(text, encoding="utf-8")


def test_tasks_run_in_workers_same_result(tmp_path):
    from generator.io import PARALLEL_MIN, Task
    n = PARALLEL_MIN + 4
    jobs = [(tmp_path / f"{i}.txt", Task(_write_text, (f"phiếu {i}",))) for i in range(n)]
    jobs.append((tmp_path / "cuoi.txt", lambda p: Path(p).write_text("không song song", encoding="utf-8")))
    written = write_all(jobs)
    assert written == [t for t, _ in jobs]
    assert [(tmp_path / f"{i}.txt").read_text(encoding="utf-8") for i in range(n)] == [f"phiếu {i}" for i in range(n)]
    assert (tmp_path / "cuoi.txt").read_text(encoding="utf-8") == "không song song"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_failing_task_in_a_worker_writes_nothing(tmp_path):
    from generator.errors import VanbanError
    from generator.io import PARALLEL_MIN, Task
    (tmp_path / "0.txt").write_text("cũ", encoding="utf-8")
    texts = [f"mới {i}" for i in range(PARALLEL_MIN + 2)]
    texts[5] = "hỏng"
    jobs = [(tmp_path / f"{i}.txt", Task(_write_or_fail, (t,))) for i, t in enumerate(texts)]
    with pytest.raises(VanbanError, match="mẫu hỏng ở phiếu 5"):
        write_all(jobs, overwrite=True)
    assert (tmp_path / "0.txt").read_text(encoding="utf-8") == "cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt"]
