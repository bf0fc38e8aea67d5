"""Atomic output: every file is rendered into a temporary file beside its target, then renamed.

An interrupted run (an error, Ctrl+C, even a killed process) leaves either the old file or the
new one, never a partial file; nothing is written unless every output of the call rendered; an
existing file is kept unless the caller asks to overwrite it. A temporary file is flushed to
disk before the rename, and the new file gets the permissions of an ordinary new file (the
temporary file's private 0600 mode is not kept).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputExistsError, VanbanError

Writer = Callable[[Path], None]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
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
        for target, writer in jobs:
            current = target
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps.append((Path(tmp), target))
            writer(Path(tmp))
            os.chmod(tmp, mode)
            _fsync(Path(tmp))
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
