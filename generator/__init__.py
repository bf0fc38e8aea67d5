"""vanban: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured data.

Pipeline stages, one subpackage each:

- ``load``     YAML files -> pydantic models (``vanban.model``)
- ``validate`` ND30 text rules and the agency registry -> warnings
- ``render``   models -> .docx (docxtpl templates) and .xlsx (openpyxl templates)

``vanban.api`` is the public entry point; ``vanban.cli`` is a thin layer over it. Its
functions, result types and errors are re-exported here: ``from vanban import tao_ke_hoach``.
"""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (dynamic version)

from typing import TYPE_CHECKING

# The public names, loaded on first use (PEP 562): ``import vanban`` and ``vanban --version`` stay
# cheap, and Ctrl+C while the command line starts meets nothing half-imported.
_FROM_API = ("KetQua", "KetQuaChuanHoa", "KetQuaKiemTra", "KetQuaNhap", "KetQuaTongHop", "chuan_hoa", "demo",
             "doc_ke_hoach", "doc_phieu_thu_muc", "kiem_tra", "ky_so", "nhap_ke_hoach", "tao_bao_cao", "tao_bieu_mau",
             "tao_ke_hoach", "tong_hop_bao_cao", "xuat_mau")
_FROM_ERRORS = ("InputError", "OutputExistsError", "Problem", "TemplateError", "VanbanError")

__all__ = ["__version__", *_FROM_API, *_FROM_ERRORS]

if TYPE_CHECKING:  # what type checkers and editors see
    from .api import (
        KetQua,
        KetQuaChuanHoa,
        KetQuaKiemTra,
        KetQuaNhap,
        KetQuaTongHop,
        chuan_hoa,
        demo,
        doc_ke_hoach,
        doc_phieu_thu_muc,
        kiem_tra,
        ky_so,
        nhap_ke_hoach,
        tao_bao_cao,
        tao_bieu_mau,
        tao_ke_hoach,
        tong_hop_bao_cao,
        xuat_mau,
    )
    from .errors import InputError, OutputExistsError, Problem, TemplateError, VanbanError


def __getattr__(name: str):
    if name in _FROM_API:
        from . import api

        return getattr(api, name)
    if name in _FROM_ERRORS:
        from . import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'vanban' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
