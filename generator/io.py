"""Atomic output: every file is rendered into a temporary file beside its target, then renamed.

An interrupted run (an error, Ctrl+C, even a killed process) leaves either the old file or the
new one, never a partial file; nothing is written unless every output of the call rendered; an
existing file is kept unless the caller asks to overwrite it. A temporary file is flushed to
disk before the rename, and the new file gets the permissions of an ordinary new file (the
temporary file's private 0600 mode is not kept).

Many independent outputs (a province's return forms) are rendered by worker processes when the
machine has several cores and runs Linux (fork without exec is not safe elsewhere): a writer
given as a ``Task`` (a module-level function and its arguments) can run in a forked worker;
the temporary files, the renames and every rule above stay with the calling process. A few
outputs (a plan's .docx and .xlsx) render at the same time too: each but the last in a forked
child (any writer, closures included; the child imports what its writer needs while the
parent imports the rest), the last here.
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputExistsError, VanbanError

Writer = Callable[[Path], None]
PARALLEL_MIN = 8  # fewer items than this are not worth starting workers for


@dataclass(frozen=True)
class Task:
    """A writer a worker process can run: ``fn(*args, tmp)`` (``fn`` defined at module level)."""

    fn: Callable
    args: tuple = ()

    def __call__(self, tmp: Path) -> None:
        self.fn(*self.args, tmp)


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def _fork_context():
    import multiprocessing  # only when there is work for workers: ~10 ms of start-up otherwise

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork on this system: everything runs in the calling process
        return None


def _call(item):
    fn, arg = item
    try:
        return True, fn(arg)
    except VanbanError as e:  # sent back as text: its own pickling may not survive the trip
        return False, ("vanban", str(e))
    except OSError as e:
        return False, ("os", e.errno, e.strerror)


def parallel_map(fn: Callable, items: Iterable) -> list:
    """``[fn(x) for x in items]``, spread over worker processes when there are enough items and
    cores; ``fn`` must be a module-level function. A VanbanError or OSError of a worker is raised
    again here."""
    items = list(items)
    ctx = _fork_context() if _can_fork() else None
    n = _workers()
    if len(items) < PARALLEL_MIN or n < 2 or ctx is None:
        return [fn(x) for x in items]
    with ctx.Pool(n) as pool:
        results = pool.map(_call, [(fn, x) for x in items], chunksize=max(1, len(items) // (4 * n)))
    out = []
    for ok, value in results:
        if not ok:
            if value[0] == "os":
                raise OSError(value[1], value[2])
            raise VanbanError(value[1])
        out.append(value)
    return out


def _can_fork() -> bool:
    """fork() without exec is safe on Linux; elsewhere (macOS frameworks, Windows) run in turn."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _child(writer: Writer, tmp: Path, fd: int) -> None:
    """In a forked child: run the writer; on failure send the exception (pickled) on ``fd``.
    Never returns: the child must not go on with the parent's code (or a test runner's)."""
    code = 0
    try:
        writer(tmp)
    except BaseException as e:  # noqa: BLE001 -- everything goes back to the parent
        code = 1
        import pickle

        try:
            data = pickle.dumps(e)
            pickle.loads(data)  # an exception that cannot be rebuilt travels as text
        except Exception:  # noqa: BLE001
            data = pickle.dumps(VanbanError(f"{type(e).__name__}: {e}"))
        try:
            while data:
                data = data[os.write(fd, data):]
        except OSError:
            pass
    finally:
        os._exit(code)


def _side_by_side(items: list[tuple[Writer, Path, Path]]) -> None:
    """Run every ``writer(tmp)`` of ``(writer, tmp, target)`` at the same time: each but the last
    in a forked child, the last here. Children are always reaped (and stopped when this process
    fails) before this returns; the first failure, in job order, is raised here: an OSError as
    the message naming its target."""
    import pickle

    children: list[tuple[int, int, Path]] = []  # pid, read end of its pipe, target
    failure: BaseException | None = None
    try:
        for writer, tmp, target in items[:-1]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                _child(writer, tmp, w)
            os.close(w)
            children.append((pid, r, target))
        writer, tmp, _ = items[-1]
        writer(tmp)
    except BaseException:
        for pid, _, _ in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        raise
    finally:
        for pid, r, target in children:
            chunks = []
            while chunk := os.read(r, 65536):
                chunks.append(chunk)
            os.close(r)
            _, status = os.waitpid(pid, 0)
            if failure is not None or os.waitstatus_to_exitcode(status) == 0:
                continue
            if chunks:
                failure = pickle.loads(b"".join(chunks))
                if isinstance(failure, OSError):
                    failure = _os_error(failure, target)
            else:
                failure = VanbanError(f"{target}: tiến trình ghi tệp bị dừng (mã {os.waitstatus_to_exitcode(status)})")
    if failure is not None:
        raise failure


def _run_task(item) -> None:
    task, tmp = item
    task(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    try:
        # Windows flushes only a file opened for writing (a folder cannot be opened: skipped)
        fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_error(e: OSError, target: Path) -> VanbanError:
    if isinstance(e, PermissionError):
        why = "không có quyền ghi vào thư mục hoặc tệp"
    elif isinstance(e, IsADirectoryError):
        why = "đã có một thư mục trùng tên"
    elif isinstance(e, NotADirectoryError):
        why = "đường dẫn thư mục trùng tên một tệp"
    elif e.errno == 28:
        why = "ổ đĩa đã đầy"
    else:
        why = f"lỗi hệ thống {e.errno}: {e.strerror}"
    return VanbanError(f"{target}: không ghi được tệp ({why}); tệp cũ (nếu có) được giữ nguyên")


def write_all(jobs: list[tuple[Path, Writer]], overwrite: bool = False) -> list[Path]:
    """Run ``writer(tmp)`` for every ``(target, writer)``, then move all results into place."""
    if not overwrite:
        for target, _ in jobs:
            if target.exists():
                raise OutputExistsError(target)
    for target, _ in jobs:
        if target.is_dir():
            raise _os_error(IsADirectoryError(21, "Is a directory"), target)
    temps: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    current = None
    try:
        for target, _ in jobs:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps.append((Path(tmp), target))
        tasks = [(w, tmp) for (_, w), (tmp, _) in zip(jobs, temps) if isinstance(w, Task)]
        if len(tasks) >= PARALLEL_MIN:
            current = temps[0][1].parent
            parallel_map(_run_task, tasks)
        else:
            tasks = []
        done = {id(w) for w, _ in tasks}
        rest = [(writer, tmp, target) for (target, writer), (tmp, _) in zip(jobs, temps) if id(writer) not in done]
        batch = _workers() if _can_fork() else 1
        for k in range(0, len(rest), batch):
            group = rest[k:k + batch]
            current = group[-1][2]  # an OSError of this process; a child's names its own target
            if len(group) > 1:
                _side_by_side(group)
            else:
                group[0][0](group[0][1])
        for tmp, target in temps:
            current = target
            os.chmod(tmp, mode)
            _fsync(tmp)
        for tmp, target in temps:
            current = target
            os.replace(tmp, target)
        for parent in {t.parent for _, t in temps}:
            _fsync(parent)
    except OSError as e:
        raise _os_error(e, current) from None
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
    return [t for _, t in temps]
