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


# ---- publishing never replaces; --ghi-de keeps the mode; stale temporary files ------------------

@pytest.mark.parametrize("how", ["system", "link"])
def test_publishing_refuses_an_existing_target(tmp_path, monkeypatch, how):
    if how == "link":  # a system without renameat2: the hard-link way
        monkeypatch.setattr(io, "_libc_renameat2", lambda: None)
    src, dst = tmp_path / "tam", tmp_path / "dich.docx"
    src.write_bytes(b"new")
    io._rename_noreplace(src, dst)
    assert dst.read_bytes() == b"new" and not src.exists()
    src.write_bytes(b"newer")
    with pytest.raises(FileExistsError):
        io._rename_noreplace(src, dst)
    assert dst.read_bytes() == b"new" and src.read_bytes() == b"newer"


def test_a_target_created_while_rendering_is_kept_and_nothing_is_left(tmp_path):
    from vanban.errors import OutputAppearedError

    first, late = tmp_path / "a.docx", tmp_path / "b.xlsx"

    def render_while_someone_writes(p):
        Path(p).write_bytes(b"ours")
        late.write_bytes(b"theirs")  # another program creates the target meanwhile

    with pytest.raises(OutputAppearedError) as e:
        write_all([(first, lambda p: Path(p).write_bytes(b"ours")), (late, render_while_someone_writes)])
    assert str(late) in str(e.value) and e.value.removed == [first]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.xlsx"] and late.read_bytes() == b"theirs"


def test_taking_back_removes_only_our_own_files(tmp_path):
    ours = tmp_path / "a.docx"
    ours.write_bytes(b"ours")
    st = ours.stat()
    theirs = tmp_path / "other"
    theirs.write_bytes(b"someone else's, same name")
    os.replace(theirs, ours)  # replaced by another program since this call published it
    io._unpublish([(ours, st.st_dev, st.st_ino)])
    assert ours.read_bytes() == b"someone else's, same name"
    mine = tmp_path / "b.docx"
    mine.write_bytes(b"mine")
    io._unpublish([(mine, mine.stat().st_dev, mine.stat().st_ino)])
    assert not mine.exists()


def test_overwrite_keeps_the_permission_bits(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_all([(target, lambda p: Path(p).write_bytes(b"new"))], overwrite=True)
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640


def test_ghi_de_keeps_the_permission_bits_of_a_form(tmp_path, capsys):
    from vanban.cli import main
    from tests.conftest import PLANS

    args = ["bieumau", str(PLANS / "hung-yen-132.yaml"), "--ky", "2026", "--co-quan", "CAT", "-o", str(tmp_path)]
    assert main(args) == 0
    form = tmp_path / "bieu-mau-2026-CAT.xlsx"
    form.chmod(0o604)
    before = form.stat().st_ino
    assert main(args + ["--ghi-de"]) == 0
    assert form.stat().st_mode & 0o777 == 0o604 and form.stat().st_ino != before
    capsys.readouterr()


@pytest.mark.skipif(os.name != "posix", reason="process ids are checked on POSIX only")
def test_stale_temporary_files_are_removed_live_ones_kept(tmp_path):
    import subprocess

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    target = tmp_path / "a.docx"
    stale = tmp_path / f".a.docx.{dead.pid}.abc_1234.tmp"
    live = tmp_path / f".a.docx.{os.getpid()}.zzz_9876.tmp"  # a run still going (this one)
    other = tmp_path / f".b.docx.{dead.pid}.abc_1234.tmp"  # another target's: not this call's business
    similar = tmp_path / f".a.docx.{dead.pid}.docx.{dead.pid}.x.tmp"  # the name of a.docx.<n>.docx's temp
    for p in (stale, live, other, similar):
        p.write_bytes(b"partial")
    [written] = write_all([(target, lambda p: Path(p).write_bytes(b"new"))])
    assert written.read_bytes() == b"new"
    assert not stale.exists() and live.exists() and other.exists() and similar.exists()


def test_temporary_file_names_carry_the_pid(tmp_path):
    seen = []
    write_all([(tmp_path / "a.docx", lambda p: seen.append(Path(p).name) or Path(p).write_bytes(b"x"))])
    assert seen[0].startswith(f".a.docx.{os.getpid()}.") and seen[0].endswith(".tmp")


def test_interrupted_between_making_a_temporary_file_and_recording_it(tmp_path, monkeypatch):
    """Ctrl+C can land right after ``mkstemp`` returns, before write_all has noted the name:
    that file is removed too (the Ctrl+C test of the installed script once found one left)."""
    real = io.tempfile.mkstemp
    made = []

    def mkstemp(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        made.append(name)
        if len(made) == 3:
            os.close(fd)
            raise KeyboardInterrupt  # as a signal there would
        return fd, name

    monkeypatch.setattr(io.tempfile, "mkstemp", mkstemp)
    jobs = [(tmp_path / f"t{i}.txt", lambda p: p.write_text("x")) for i in range(5)]
    with pytest.raises(KeyboardInterrupt):
        write_all(jobs)
    assert len(made) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# ---- parallel_schedule: items chosen while the work goes on ------------------------------------

def _square_pid(x):
    if x == 13:
        raise TemplateError("mẫu hỏng ở phần 13")
    return x * x, os.getpid()


@linux_fork
@pytest.mark.parametrize("cores", [1, 2])
def test_schedule_runs_what_results_ask_for(monkeypatch, cores):
    """A result may ask for more work (here: each even square below 50 asks for its half);
    everything asked for runs once, its result back here; two cores: in workers."""
    monkeypatch.setattr(io, "_workers", lambda: cores)
    todo, got = [2, 3, 4], {}

    def done(x, r):
        got[x] = r
        if r[0] % 2 == 0 and r[0] < 50 and r[0] // 2 not in got and r[0] // 2 not in todo:
            todo.append(r[0] // 2)

    io.parallel_schedule(_square_pid, lambda: todo.pop(0) if todo else None, done, 3)
    assert {x: r[0] for x, r in got.items()} == {2: 4, 3: 9, 4: 16, 8: 64}
    pids = {r[1] for r in got.values()}
    assert (os.getpid() in pids) == (cores == 1)


@linux_fork
def test_schedule_raises_a_worker_error_here(monkeypatch):
    monkeypatch.setattr(io, "_workers", lambda: 2)
    todo = [1, 13, 2]
    with pytest.raises(VanbanError, match="mẫu hỏng ở phần 13"):  # its text, as parallel_map gives it
        io.parallel_schedule(_square_pid, lambda: todo.pop(0) if todo else None, lambda x, r: None, 3)


# ---- writers shared out among the cores: a PDF alone, the others in turn beside it ----------------

def test_lanes_put_the_costly_writer_alone():
    item = lambda name: (None, Path(name), Path(name))  # noqa: E731
    a, b, c = item("a.docx"), item("b.xlsx"), item("c.pdf")
    assert io._lanes([a, b, c], 2) == [[c], [a, b]]
    d = item("d.docx")
    assert io._lanes([a, b, d, item("e.xlsx")], 2) == [[a, d], [b, item("e.xlsx")]]  # in turn, two by two
    assert io._lanes([a, b, c], 1) == [[a, b, c]]
    assert io._lanes([a], 4) == [[a]]


@linux_fork
def test_the_pdf_renders_in_a_child_beside_the_others_here(tmp_path, monkeypatch):
    monkeypatch.setattr(io, "_workers", lambda: 2)
    seen = []
    targets = [tmp_path / "a.docx", tmp_path / "b.xlsx", tmp_path / "c.pdf"]
    write_all([(t, _pid_writer) for t in targets], theo_doi=lambda nhan, k, n: seen.append((k, n)))
    pids = [int(t.read_text(encoding="utf-8")) for t in targets]
    assert pids[0] == pids[1] == os.getpid() and pids[2] != os.getpid()
    assert seen == [(1, 3), (2, 3), (3, 3)]


@linux_fork
@pytest.mark.parametrize("kind, words", [("os", "c.docx: không ghi được tệp (ổ đĩa đã đầy)"),
                                         ("exit", "c.docx: tiến trình ghi tệp bị dừng (mã 3)")])
def test_a_failure_later_in_a_childs_lane_names_its_own_target(tmp_path, monkeypatch, kind, words):
    monkeypatch.setattr(io, "_workers", lambda: 2)
    ok = lambda p: Path(p).write_bytes(b"new")  # noqa: E731
    names = ["a.docx", "b.docx", "c.docx", "d.docx"]  # lanes: a then c in a child, b then d here
    jobs = [(tmp_path / n, _raise_in_child(kind) if n == "c.docx" else ok) for n in names]
    with pytest.raises(VanbanError) as e:
        write_all(jobs)
    assert words in str(e.value)
    assert list(tmp_path.iterdir()) == []
