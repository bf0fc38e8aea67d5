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
parent imports the rest), the last here. A forked child dies with its parent, even when the
parent is killed with SIGKILL (Linux: PR_SET_PDEATHSIG), and leaves Ctrl+C to the parent.

Publishing never replaces a file unless the caller asks to overwrite: each temporary file is
moved into place with a rename that refuses an existing target (Linux: renameat2 with
RENAME_NOREPLACE; elsewhere a hard link, which fails when the target exists; Windows: os.rename,
which refuses too). On a file system that supports neither (FAT, some network shares) the check
and the rename are two steps, and a file created between them is replaced. A file that appeared
while the call rendered is kept; the files this call had already published are removed again,
so the call writes all or nothing. Overwriting keeps the replaced file's permission bits.

A temporary file is named ``.<target>.<pid>.<random>.tmp``: hidden, and marked with the
process that writes it. Before writing a target, the temporary files of that target left by a
process that no longer runs (a killed run) are removed; they are never published.

Progress: ``write_all`` and ``parallel_map`` take a ``theo_doi`` callback, ``theo_doi(label, done,
total)``, called in the calling process each time an item is done (as a worker's result comes
back, or a forked child ends), never from a worker; ``label`` says in Vietnamese what is counted.

Names: every target of a call has its own path, compared as case-insensitive file systems
(Windows, macOS) compare them (NFC, case folded); an output name fits ``MAX_NAME`` bytes so
that its temporary file still fits the usual 255-byte limit (``fit_name`` shortens names built
from data).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import signal
import stat
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import DuplicateOutputError, OutputAppearedError, OutputExistsError, VanbanError

Writer = Callable[[Path], None]
TheoDoi = Callable[[str, int, int], None]  # progress: (what is counted, how many done, how many in all)
PARALLEL_MIN = 8  # fewer items than this are not worth starting workers for
NAME_MAX = 255  # bytes of one file or folder name on the usual file systems
TEMP_RESERVE = 32  # ".", ".<pid>.<random>.tmp" around a target's name in its temporary file's
MAX_NAME = NAME_MAX - TEMP_RESERVE  # the longest output name, in bytes (UTF-8)


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


def parallel_map(fn: Callable, items: Iterable, theo_doi: TheoDoi | None = None, nhan: str = "",
                 minimum: int = PARALLEL_MIN) -> list:
    """``[fn(x) for x in items]``, spread over worker processes when there are at least
    ``minimum`` items and several cores; ``fn`` must be a module-level function. A VanbanError or
    OSError of a worker is raised again here. ``theo_doi(nhan, done, total)`` is called here as
    each result comes back. Inside a worker (a daemon process may not start others) everything
    runs in turn."""
    items = list(items)
    ctx = _fork_context() if _can_fork() and not _in_worker() else None
    n = _workers()
    if len(items) < max(2, minimum) or n < 2 or ctx is None:
        if theo_doi is None:
            return [fn(x) for x in items]
        out = []
        for x in items:
            out.append(fn(x))
            theo_doi(nhan, len(out), len(items))
        return out
    results = []
    with ctx.Pool(min(n, len(items)), initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        # in order, each result as soon as it and those before it are done
        for r in pool.imap(_call, [(fn, x) for x in items], chunksize=max(1, len(items) // (4 * n))):
            results.append(r)
            if theo_doi is not None:
                theo_doi(nhan, len(results), len(items))
    return [_unwrap(ok, value) for ok, value in results]


def _unwrap(ok: bool, value):
    """A worker's value, or its VanbanError or OSError raised again here."""
    if ok:
        return value
    if value[0] == "os":
        raise OSError(value[1], value[2])
    raise VanbanError(value[1])


def parallel_schedule(fn: Callable, nxt: Callable[[], object], done: Callable[[object, object], None],
                      count: int) -> None:
    """Run ``fn`` on items chosen while the work goes on: each time a worker is free, ``nxt()``
    gives the next item (None: nothing to start now; it is asked again once a result is back),
    and ``done(item, fn(item))`` is called here as each result comes back, so that it may change
    what ``nxt`` gives next (a result that makes another item worth running again). At most one
    item per worker at a time; ends when nothing runs and ``nxt()`` gives None. ``count``: the
    items expected, for the number of workers (fewer than 2, or no fork: everything runs in
    turn here, in the order ``nxt`` gives). Errors as ``parallel_map``."""
    ctx = _fork_context() if forks(count) else None
    n = min(_workers(), count)
    if ctx is None:
        while (item := nxt()) is not None:
            done(item, fn(item))
        return
    import queue

    back: queue.SimpleQueue = queue.SimpleQueue()
    with ctx.Pool(n, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        running = 0
        while True:
            while running < n and (item := nxt()) is not None:
                pool.apply_async(_call, ((fn, item),), callback=lambda r, item=item: back.put((item, r)),
                                 error_callback=lambda e, item=item: back.put((item, e)))
                running += 1
            if not running:
                return
            item, r = back.get()
            running -= 1
            if isinstance(r, BaseException):  # not a VanbanError nor an OSError: a fault, raised as is
                raise r
            done(item, _unwrap(*r))


def forks(count: int) -> bool:
    """Will ``parallel_schedule`` (or ``parallel_map``) of ``count`` items fork workers here?"""
    return _can_fork() and not _in_worker() and min(_workers(), count) >= 2


def _in_worker() -> bool:
    import multiprocessing

    return bool(multiprocessing.current_process().daemon)


def _can_fork() -> bool:
    """fork() without exec is safe on Linux; elsewhere (macOS frameworks, Windows) run in turn."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def _die_with_parent(parent: int) -> None:
    """First thing in a forked child: be killed when the parent ends, however it ends (Linux:
    PR_SET_PDEATHSIG, then a check that the parent did not end before that took effect); leave
    Ctrl+C to the parent (which stops its children) and die at once on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)


def _child(lane: list[tuple[Writer, Path, Path]], fd: int, parent: int) -> None:
    """In a forked child: run the writers of ``lane`` in turn, writing b"+" on ``fd`` as each
    is done; on failure b"!" and the exception (pickled). Never returns: the child must not go
    on with the parent's code (or a test runner's)."""
    code = 0
    try:
        _die_with_parent(parent)
        for writer, tmp, _ in lane:
            writer(tmp)
            _send(fd, b"+")
    except BaseException as e:  # noqa: BLE001 -- everything goes back to the parent
        code = 1
        import pickle

        try:
            data = pickle.dumps(e)
            pickle.loads(data)  # an exception that cannot be rebuilt travels as text
        except Exception:  # noqa: BLE001
            data = pickle.dumps(VanbanError(f"{type(e).__name__}: {e}"))
        _send(fd, b"!" + data)
    finally:
        os._exit(code)


def _send(fd: int, data: bytes) -> None:
    try:
        while data:
            data = data[os.write(fd, data):]
    except OSError:
        pass


# What a writer is expected to cost, by the file it writes, for sharing the writers out among the
# cores: a PDF (WeasyPrint's import and the typesetting of the body) takes several times what a
# .docx or an .xlsx of the same document takes.
_COST = {".pdf": 4}


def _lanes(items: list[tuple[Writer, Path, Path]], n: int) -> list[list[tuple[Writer, Path, Path]]]:
    """``items`` shared out into at most ``n`` lanes, each run in turn by one process: the
    costliest first, each to the lane with the least work so far (the first of equals); each
    lane keeps the order of the items."""
    n = max(1, min(n, len(items)))
    lanes: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for k in sorted(range(len(items)), key=lambda k: -_COST.get(items[k][2].suffix.lower(), 1)):
        i = min(range(n), key=lambda i: load[i])
        lanes[i].append(k)
        load[i] += _COST.get(items[k][2].suffix.lower(), 1)
    return [[items[k] for k in sorted(lane)] for lane in lanes if lane]


def _side_by_side(lanes: list[list[tuple[Writer, Path, Path]]], done=None) -> None:
    """Run the lanes of ``(writer, tmp, target)`` at the same time, each lane's writers in turn:
    each lane but the last in a forked child, the last here (``done()`` called as each of its
    writers is done; one lane: everything here, nothing forked). Children are always reaped (and
    stopped when this process fails) before this returns; the first failure, in job order, is
    raised here: an OSError as the message naming its target."""
    import pickle

    order = {id(item): k for k, item in enumerate(item for lane in lanes for item in lane)}
    children: list[tuple[int, int, list]] = []  # pid, read end of its pipe, its lane
    failures: list[tuple[int, BaseException]] = []
    parent = os.getpid()
    try:
        for lane in lanes[:-1]:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                _child(lane, w, parent)
            os.close(w)
            children.append((pid, r, lane))
        for writer, tmp, target in lanes[-1]:
            try:
                writer(tmp)
            except OSError as e:
                raise _os_error(e, target) from None
            if done is not None:
                done()
    except BaseException:
        for pid, _, _ in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        raise
    finally:
        for pid, r, lane in children:
            chunks = []
            while chunk := os.read(r, 65536):
                chunks.append(chunk)
            os.close(r)
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            data = b"".join(chunks)
            finished = len(data) - len(data.lstrip(b"+"))
            if code == 0 and finished == len(lane):
                continue
            failed = lane[min(finished, len(lane) - 1)]  # the writer it was running
            target = failed[2]
            failure: BaseException
            if data[finished:finished + 1] == b"!":
                failure = pickle.loads(data[finished + 1:])
                if isinstance(failure, OSError):
                    failure = _os_error(failure, target)
            else:
                failure = VanbanError(f"{target}: tiến trình ghi tệp bị dừng (mã {code})")
            failures.append((order[id(failed)], failure))
    if failures:
        raise min(failures, key=lambda f: f[0])[1]


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


_WHY = {  # errno -> why a write failed, as a user reads it
    errno.EACCES: "không có quyền ghi vào thư mục hoặc tệp",
    errno.EPERM: "không có quyền ghi vào thư mục hoặc tệp (hoặc hệ thống tệp không cho phép thao tác này)",
    errno.EISDIR: "đã có một thư mục trùng tên",
    errno.ENOTDIR: "đường dẫn thư mục trùng tên một tệp",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EDQUOT: "đã dùng hết hạn mức dung lượng (quota) của người dùng trên ổ đĩa",
    errno.EFBIG: "tệp vượt quá kích thước hệ thống tệp cho phép",
    errno.EROFS: "ổ đĩa hoặc thư mục chỉ cho phép đọc",
    errno.ENAMETOOLONG: f"tên tệp hoặc đường dẫn quá dài (mỗi tên tối đa {NAME_MAX} byte); chọn tên hoặc thư mục "
                        "ngắn hơn",
    errno.ELOOP: "đường dẫn có liên kết tượng trưng (symlink) vòng quanh hoặc quá nhiều tầng",
    errno.EXDEV: "tệp tạm và tệp đích nằm trên hai ổ đĩa khác nhau",
    errno.ENOENT: "thư mục không còn tồn tại (có thể đã bị xóa hoặc đổi tên trong lúc ghi)",
    errno.EEXIST: "đã có tệp hoặc thư mục trùng tên",
    errno.EBUSY: "tệp hoặc thư mục đang bị chương trình khác dùng",
    errno.ETXTBSY: "tệp đang bị chương trình khác dùng",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENFILE: "hệ thống mở quá nhiều tệp cùng lúc",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.EINVAL: "tên tệp không hợp lệ trên hệ thống tệp này",
    errno.EMLINK: "thư mục đã chứa quá nhiều mục",
    errno.ESTALE: "ổ đĩa mạng không còn truy cập được",
}


def _os_error(e: OSError, target: Path) -> VanbanError:
    why = _WHY.get(e.errno or 0) or f"lỗi hệ thống {e.errno}: {e.strerror}"
    return VanbanError(f"{target}: không ghi được tệp ({why}); tệp cũ (nếu có) được giữ nguyên")


# ---- names ------------------------------------------------------------------------------------

def short_hash(text: str) -> str:
    """Six hex digits that stand for ``text`` (its NFC form) from run to run."""
    data = unicodedata.normalize("NFC", text).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:6]


def _size(name: str) -> int:
    return len(os.fsencode(name))


def fit_name(stem: str, suffix: str = "", key: str | None = None) -> str:
    """``stem + suffix``, or when that is longer than ``MAX_NAME`` bytes, the longest readable
    beginning of ``stem`` that fits, then ``-`` and the ``short_hash`` of ``key`` (by default the
    whole stem), then ``suffix``: distinct stems stay distinct, and the same stem always gets
    the same name."""
    if _size(stem + suffix) <= MAX_NAME:
        return stem + suffix
    tag = "-" + short_hash(stem if key is None else key)
    room = MAX_NAME - _size(tag + suffix)
    head = os.fsencode(stem)[:max(room, 0)].decode("utf-8", "ignore").rstrip("-._ ")
    return head + tag + suffix


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_NOT_IN_NAME = '<>:"/\\|?*'  # refused in a name by Windows; "/" and "\\" would make it a path


def name_problem(name: str) -> str | None:
    """Why ``name``, given by the user as the stem of output files, cannot be one file name on every
    system the program runs on (None: it can). Nothing is rewritten: a name that is a path, hides
    the file, or that Windows would read as a device or change, is refused and the reason named."""
    if not name.strip():
        return "tên để trống"
    if name in (".", "..") or name.startswith("."):
        return "tên bắt đầu bằng dấu chấm (tệp ẩn, hoặc “.”, “..” là thư mục)"
    bad = sorted({c for c in name if c in _NOT_IN_NAME})
    if bad:
        shown = ", ".join(f"“{c}”" for c in bad)
        return f"tên có ký tự {shown} (không dùng được trong tên tệp; “/”, “\\” tạo thư mục con)"
    hidden = sorted({c for c in name if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")})
    if hidden:
        return "tên có ký tự điều khiển hoặc ký tự ẩn (" + ", ".join(f"U+{ord(c):04X}" for c in hidden) + ")"
    if name != name.rstrip(". "):
        return "tên kết thúc bằng dấu chấm hoặc dấu cách (Windows tự bỏ đi)"
    if name != name.lstrip(" "):
        return "tên bắt đầu bằng dấu cách"
    if name.split(".", 1)[0].strip().upper() in _RESERVED:
        return f"“{name.split('.', 1)[0]}” là tên thiết bị dành riêng của Windows"
    return None


def _key(path: Path) -> str:
    """A path as case-insensitive file systems compare it: absolute, NFC, case folded."""
    return unicodedata.normalize("NFC", os.path.abspath(path)).casefold()


def check_distinct(items: Iterable[tuple[Path, str]]) -> None:
    """Refuse, before anything is written, two outputs that would be one file: ``(target,
    source)`` pairs, ``source`` saying in the user's words what the file is written for."""
    seen: dict[str, tuple[Path, str]] = {}
    for target, source in items:
        key = _key(Path(target))
        if key in seen:
            raise DuplicateOutputError(seen[key][0], seen[key][1], Path(target), source)
        seen[key] = (Path(target), source)


def _check_length(target: Path) -> None:
    folder = Path(os.path.abspath(target.parent))
    for part in folder.parts:
        if _size(part) > NAME_MAX:
            shown = part if len(part) <= 40 else part[:40] + "…"
            raise VanbanError(f"{target.parent}: tên thư mục “{shown}” dài {_size(part)} byte; mỗi tên thư mục "
                              f"tối đa {NAME_MAX} byte: chọn thư mục kết quả có tên ngắn hơn")
    if _size(target.name) > MAX_NAME:
        raise VanbanError(f"{target}: tên tệp dài {_size(target.name)} byte; tên tệp kết quả tối đa {MAX_NAME} "
                          f"byte (hệ thống tệp cho phép {NAME_MAX} byte, phần còn lại dành cho tệp tạm): "
                          "đặt tên ngắn hơn")


def _check_folder(folder: Path) -> None:
    """Refuse an output folder that is, or lies under, something other than a folder (``-o`` given
    a file, ``/dev/null``), naming that path rather than the file that could not be written."""
    for part in (folder, *folder.parents):
        try:
            st = os.stat(part)
        except OSError:
            continue  # not there yet (created), or not reachable: the write names the reason
        if not stat.S_ISDIR(st.st_mode):
            what = "một tệp" if stat.S_ISREG(st.st_mode) else "một thiết bị hoặc tệp đặc biệt"
            why = (f"thư mục kết quả là {what}, không phải thư mục" if part == folder else
                   f"“{part}” là {what}, không phải thư mục, nên không tạo được thư mục kết quả trong đó")
            raise VanbanError(f"{folder}: {why}; chọn thư mục kết quả khác (tệp đã có được giữ nguyên)")
        return


# ---- temporary files --------------------------------------------------------------------------

_TEMP = re.compile(r"\.(.+)\.(\d+)\.[a-z0-9_]+\.tmp")  # .<target name>.<pid>.<random>.tmp


def _alive(pid: int) -> bool:
    """Whether process ``pid`` may still run (and so may still own its temporary files)."""
    if os.name != "posix" or pid <= 0:
        return True  # os.kill(pid, 0) would end the process on Windows: never guess there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: it runs
        return True
    return True


def _remove_stale_temps(targets: list[Path], own: int | None = None) -> None:
    """Remove the temporary files of these targets left by processes that no longer run, or
    (``own``) those of this process: a signal between ``mkstemp`` and the line that records its
    name leaves a file the caller never knew it made."""
    by_folder: dict[Path, set[str]] = {}
    for t in targets:
        by_folder.setdefault(t.parent, set()).add(t.name)
    for folder, names in by_folder.items():
        try:
            entries = os.listdir(folder)
        except OSError:
            continue
        for entry in entries:
            m = _TEMP.fullmatch(entry)
            if m and m[1] in names and (int(m[2]) == own if own is not None else not _alive(int(m[2]))):
                try:
                    os.unlink(folder / entry)
                except OSError:
                    pass


# ---- publishing -------------------------------------------------------------------------------

_renameat2 = None  # the C function, once looked up; False when this system has none


def _libc_renameat2():
    global _renameat2
    if _renameat2 is None:
        _renameat2 = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                fn = ctypes.CDLL(None, use_errno=True).renameat2
                fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
                fn.restype = ctypes.c_int
                _renameat2 = fn
            except (OSError, AttributeError):
                pass
    return _renameat2 or None


_AT_FDCWD, _RENAME_NOREPLACE = -100, 1
_NO_SUPPORT = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM, errno.EMLINK}


def _rename_noreplace(src: Path, dst: Path) -> None:
    """Move ``src`` to ``dst``; FileExistsError, and nothing moved, when ``dst`` exists."""
    if os.name == "nt":
        os.rename(src, dst)  # refuses an existing target on Windows
        return
    fn = _libc_renameat2()
    if fn is not None:
        import ctypes

        if fn(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), _RENAME_NOREPLACE) == 0:
            return
        err = ctypes.get_errno()
        if err not in _NO_SUPPORT - {errno.EPERM, errno.EMLINK}:
            raise OSError(err, os.strerror(err), str(dst))
    try:
        os.link(src, dst)
    except FileExistsError:
        raise
    except OSError as e:
        if e.errno not in _NO_SUPPORT:
            raise
        # a file system with neither (FAT, some network shares): check, then replace
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dst)) from None
        os.replace(src, dst)
        return
    os.unlink(src)


def _replace_keeping_mode(src: Path, dst: Path) -> None:
    try:
        st = os.stat(dst)
    except OSError:
        st = None
    if st is not None and stat.S_ISREG(st.st_mode):
        os.chmod(src, stat.S_IMODE(st.st_mode) & 0o777)
    os.replace(src, dst)


def _unpublish(published: list[tuple[Path, int, int]]) -> None:
    """Remove the files this call published, each only while it is still the very file (same
    device and inode) this call put there."""
    for target, dev, ino in reversed(published):
        try:
            st = os.lstat(target)
            if (st.st_dev, st.st_ino) == (dev, ino):
                os.unlink(target)
        except OSError:
            pass


def write_all(jobs: list[tuple[Path, Writer]], overwrite: bool = False, theo_doi: TheoDoi | None = None,
              nhan: str = "Tệp kết quả") -> list[Path]:
    """Run ``writer(tmp)`` for every ``(target, writer)``, then move all results into place.
    ``theo_doi(nhan, done, len(jobs))`` is called each time outputs have rendered.

    Refused before anything is written: two jobs with one target (``check_distinct``), a name
    too long, an existing target (unless ``overwrite``). Without ``overwrite`` the call writes all
    or nothing: a target that appears while the call renders is kept (OutputAppearedError) and
    the targets already published are removed again; so are they when the call is interrupted."""
    check_distinct((target, str(target)) for target, _ in jobs)
    for target, _ in jobs:
        _check_length(target)
    if not overwrite:
        for target, _ in jobs:
            if os.path.lexists(target):
                raise OutputExistsError(target)
    for target, _ in jobs:
        if target.is_dir():
            raise _os_error(IsADirectoryError(21, "Is a directory"), target)
        _check_folder(target.parent)
    temps: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    current = None
    published: list[tuple[Path, int, int]] = []
    pid = os.getpid()
    try:
        for target, _ in jobs:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps([t for t, _ in jobs])
        for target, _ in jobs:
            current = target
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{pid}.", suffix=".tmp", dir=target.parent)
            temps.append((Path(tmp), target))
            os.close(fd)
        tasks = [(w, tmp) for (_, w), (tmp, _) in zip(jobs, temps) if isinstance(w, Task)]
        total = len(jobs)
        done = 0
        if len(tasks) >= PARALLEL_MIN:
            current = temps[0][1].parent
            parallel_map(_run_task, tasks, theo_doi and (lambda label, k, _n: theo_doi(label, k, total)), nhan)
            done = len(tasks)
        else:
            tasks = []
        in_workers = {id(w) for w, _ in tasks}
        rest = [(writer, tmp, target) for (target, writer), (tmp, _) in zip(jobs, temps)
                if id(writer) not in in_workers]
        if rest:
            def one_done() -> None:  # a writer of this process's lane
                nonlocal done
                done += 1
                if theo_doi is not None:
                    theo_doi(nhan, done, total)

            lanes = _lanes(rest, _workers() if _can_fork() else 1)
            current = rest[0][2].parent
            _side_by_side(lanes, one_done)
            if done < total:  # the children's
                done = total
                if theo_doi is not None:
                    theo_doi(nhan, done, total)
        for tmp, target in temps:
            current = target
            os.chmod(tmp, mode)
            _fsync(tmp)
        try:
            for tmp, target in temps:
                current = target
                if overwrite:
                    _replace_keeping_mode(tmp, target)
                    continue
                st = os.stat(tmp)
                try:
                    _rename_noreplace(tmp, target)
                except FileExistsError:
                    raise OutputAppearedError(target, [t for t, _, _ in published]) from None
                published.append((target, st.st_dev, st.st_ino))
        except BaseException:
            _unpublish(published)
            raise
        for parent in {t.parent for _, t in temps}:
            _fsync(parent)
    except OSError as e:
        raise _os_error(e, current) from None
    finally:
        for tmp, _ in temps:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            except OSError:
                pass
        if len(temps) < len(jobs):  # interrupted while making them: one may be unrecorded
            _remove_stale_temps([t for t, _ in jobs], own=pid)
    return [t for _, t in temps]
