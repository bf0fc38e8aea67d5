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


# The template files a user may replace, by kind (folder under ``templates/`` and under a
# ``--mau`` folder): what each one is, in the words of the README.txt that ``mau xuat`` writes.
TEMPLATE_FILES: dict[str, dict[str, str]] = {
    "docx": {
        "ke-hoach.docx": "mẫu Word của Kế hoạch (vanban kehoach, demo)",
        "bao-cao.docx": "mẫu Word của Báo cáo: báo cáo của cơ quan và báo cáo tổng hợp (vanban baocao, tonghop)",
        "cong-van.docx": "mẫu Word của công văn: công văn đôn đốc (vanban tonghop)",
    },
    "xlsx": {
        "phu-luc.xlsx": "mẫu Excel của phụ lục Kế hoạch (vanban kehoach)",
        "bieu-mau.xlsx": "mẫu Excel của phiếu báo cáo gửi cơ quan (vanban bieumau)",
    },
    "html": {
        "ke-hoach.html": "trang PDF của Kế hoạch (--pdf)",
        "phu-luc.html": "trang PDF của phụ lục Kế hoạch (--pdf)",
        "van-ban.html": "trang PDF của Báo cáo (--pdf)",
        "van-ban-phu-luc.html": "trang PDF của phụ lục Báo cáo (--pdf)",
        "nd30.css": "kiểu trình bày chung của các trang PDF",
    },
}


def template_file(kind: str, name: str, mau: Path | str | None = None) -> Path:
    """The template ``kind/name`` (e.g. "docx", "ke-hoach.docx"): the user's copy in the
    ``mau`` folder when there is one, the built-in one otherwise."""
    if name not in TEMPLATE_FILES.get(kind, {}):
        raise ValueError(f"unknown template {kind}/{name}")
    if mau is not None:
        own = Path(mau) / kind / name
        if own.is_file():
            return own
    return templates_dir(kind) / name


def template_dirs(kind: str, mau: Path | str | None = None) -> list[Path]:
    """The folders a template of ``kind`` is looked up in, first match wins: the ``mau``
    folder's (when it has one), then the built-in one."""
    own = [Path(mau) / kind] if mau is not None and (Path(mau) / kind).is_dir() else []
    return own + [templates_dir(kind)]
