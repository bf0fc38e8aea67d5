"""Atomic output: every file is rendered into a temporary file beside its target, then renamed.

An interrupted run leaves either the old file or the new one, never a partial file; nothing
is written unless every output of the call rendered; an existing file is kept unless the
caller asks to overwrite it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import OutputExistsError

Writer = Callable[[Path], None]


def write_all(jobs: list[tuple[Path, Writer]], overwrite: bool = False) -> list[Path]:
    """Run ``writer(tmp)`` for every ``(target, writer)``, then move all results into place."""
    if not overwrite:
        for target, _ in jobs:
            if target.exists():
                raise OutputExistsError(target)
    temps: list[tuple[Path, Path]] = []
    try:
        for target, writer in jobs:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            temps.append((Path(tmp), target))
            writer(Path(tmp))
        for tmp, target in temps:
            os.replace(tmp, target)
    finally:
        for tmp, _ in temps:
            if tmp.exists():
                tmp.unlink()
    return [t for _, t in temps]
