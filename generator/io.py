"""Atomic output: write to a temporary file in the target folder, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputExistsError


def check_writable(paths: list[Path], overwrite: bool) -> None:
    """Refuse before any work if an output exists and overwriting was not asked for."""
    if overwrite:
        return
    for p in paths:
        if p.exists():
            raise OutputExistsError(p)


def write_atomic(path: Path, writer: Callable[[Path], None], overwrite: bool = False) -> Path:
    """Call ``writer(tmp_path)``, then move the finished file into place.

    An interrupted run leaves either the old file or the new one, never a partial file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not overwrite:
        raise OutputExistsError(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        writer(tmp_path)
        if not overwrite and path.exists():
            raise OutputExistsError(path)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
    return path
