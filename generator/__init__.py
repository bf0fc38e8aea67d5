"""vanban: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured data.

Pipeline stages, one subpackage each:

- ``load``     YAML files -> pydantic models (``vanban.model``)
- ``validate`` ND30 text rules and the agency registry -> warnings
- ``render``   models -> .docx (docxtpl templates) and .xlsx (openpyxl templates)

``vanban.api`` is the public entry point; ``vanban.cli`` is a thin layer over it. Its
functions, result types and errors are re-exported here: ``from vanban import tao_ke_hoach``.
"""

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (dynamic version)

from .api import (
    KetQua,
    KetQuaKiemTra,
    KetQuaTongHop,
    demo,
    doc_ke_hoach,
    doc_phieu_thu_muc,
    kiem_tra,
    tao_bao_cao,
    tao_bieu_mau,
    tao_ke_hoach,
    tong_hop_bao_cao, KetQuaNhap, KetQuaChuanHoa, nhap_ke_hoach, chuan_hoa,
)
from .errors import InputError, OutputExistsError, Problem, TemplateError, VanbanError

__all__ = [
    "__version__",
    "KetQua",
    "KetQuaKiemTra",
    "KetQuaChuanHoa",
    "KetQuaNhap",
    "KetQuaTongHop",
    "chuan_hoa",
    "demo",
    "doc_ke_hoach",
    "doc_phieu_thu_muc",
    "kiem_tra",
    "nhap_ke_hoach",
    "tao_bao_cao",
    "tao_bieu_mau",
    "tao_ke_hoach",
    "tong_hop_bao_cao",
    "InputError",
    "OutputExistsError",
    "Problem",
    "TemplateError",
    "VanbanError",
]
