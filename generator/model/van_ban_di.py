"""A document the agency issues in the reporting cycle (văn bản đi: a Báo cáo, a công văn đôn
đốc) as the writers take it: its header data (``VanBan``), the Kính gửi recipients, the body as
paragraphs and its annex tables.
Made by ``vanban.baocao.van_ban``; written by ``render.docx_van_ban`` and ``render.pdf_van_ban``."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.than_van import Para
from .phu_luc import CO_CHU_BANG
from .van_ban import VanBan

# A table row: a group row ``(label, title)`` or the texts of the cells (inline marks allowed,
# "\n" for a line break inside a cell); ``layout.bang`` holds the rules every writer follows.
DongBang = tuple[str, str] | list[str]


@dataclass
class BangPhuLuc:
    """One annex: its heading lines and its table.

    ``cot``: (title, relative width, centred). ``dong``: a group row is a tuple
    ``(label, title)``; any other row is a list of cell texts (inline marks allowed, "\\n" for
    a line break in a cell). ``gop_cot``: indexes of the columns whose identical consecutive
    cells are merged vertically. ``nhan`` defaults to "Phụ lục" / "Phụ lục I, II…" and
    ``kem_theo`` to the "(Kèm theo … số … ngày … của …)" line of the document.
    """

    ten: str
    cot: list[tuple[str, float, bool]]
    dong: list[DongBang]
    nhan: str | None = None
    phu_de: str | None = None
    kem_theo: str | None = None
    gop_cot: list[int] = field(default_factory=list)
    co_chu: float = CO_CHU_BANG
    tach_dong: bool = False  # long rows may break across pages (a table of long merged texts)


@dataclass
class VanBanDi:
    vb: VanBan
    kinh_gui: list[str] = field(default_factory=list)
    than_van: list[Para] = field(default_factory=list)
    phu_luc: list[BangPhuLuc] = field(default_factory=list)
    truong_them: dict = field(default_factory=dict)  # the extra fields (name -> text or texts)
