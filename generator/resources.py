"""Where the built-in templates and sample data are: the one place that knows.

Every module asks here for ``templates/docx``, ``templates/xlsx``, ``templates/html`` and
``data/``; none works out a path from its own file.

Installed (a wheel, or the project's editable install), they are the subpackages
``vanban.templates`` and ``vanban.data`` and are found through ``importlib.resources``. Imported
straight from a source tree under another name (the package folder ``generator/`` beside
``templates/`` and ``data/``), they are the folders beside the package.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
from importlib import resources
from pathlib import Path

from .errors import TemplateError

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent


@functools.cache
def _folder(name: str) -> Path:
    """The real directory of the subpackage ``name`` ("templates" or "data")."""
    try:
        root = resources.files(f"{__package__}.{name}")
    except ModuleNotFoundError:
        if (_SOURCE_ROOT / "pyproject.toml").is_file():  # the source tree
            return _SOURCE_ROOT / name
        return _PACKAGE_DIR / name  # an install that lost it: errors name where it belongs
    if isinstance(root, Path):
        return root
    # Imported from an archive (zipimport): copied out once, removed when the process ends.
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    try:
        return Path(stack.enter_context(resources.as_file(root)))
    except (OSError, TypeError, ValueError) as e:
        raise TemplateError(f"{root}: không chép được thư mục {name} của chương trình ra đĩa ({e}); "
                            "hãy cài vanban bằng pip (không chạy từ tệp nén)") from None


def templates_dir(kind: str | None = None) -> Path:
    """The built-in templates (``kind``: "docx", "xlsx" or "html" for one kind's folder)."""
    base = _folder("templates")
    return base / kind if kind else base


def data_dir() -> Path:
    """The built-in sample data: ``ke-hoach/``, ``bao-cao/``, ``co-quan/``."""
    return _folder("data")


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
