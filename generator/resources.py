"""Where the built-in templates and sample data are: the one place that knows.

Every module asks here for ``templates/docx``, ``templates/xlsx``, ``templates/html`` and
``data/``; none works out a path from its own file.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def templates_dir(kind: str | None = None) -> Path:
    """The built-in templates (``kind``: "docx", "xlsx" or "html" for one kind's folder)."""
    base = _ROOT / "templates"
    return base / kind if kind else base


def data_dir() -> Path:
    """The built-in sample data: ``ke-hoach/``, ``bao-cao/``, ``co-quan/``."""
    return _ROOT / "data"
