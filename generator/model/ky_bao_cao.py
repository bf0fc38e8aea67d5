"""The documents a consolidation issues for one period: their header data (tong hợp's own file,
``--thong-tin KY.yaml``). Every field is optional; what is left out comes from the plan."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from .base import Model
from .base import MAX_TEN, MAX_TIEU_DE
from .truong_them import TruongThem
from .van_ban import CoQuan, NgayThang, NguoiKy, NoiNhan, Ten, parse_ngay, so_ngay_so


def parse_chot(value) -> tuple[dt.date, dt.date] | None:
    """A cut-off window (``chot_so_lieu``): "01/01/2026 - 31/12/2026"."""
    from ..text.thoi_han import ThoiHanError, doc_chot_so_lieu

    if value is None or value == "":
        return None
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(isinstance(v, dt.date) for v in value):
        return value[0], value[1]
    try:
        return doc_chot_so_lieu(value)
    except ThoiHanError as e:
        raise ValueError(str(e)) from None


def parse_han(value) -> dt.date | None:
    """A full date: ``2026-12-24`` or ``24/12/2026``."""
    if value is None or value == "":
        return None
    d = parse_ngay(value)
    if not d.complete:
        raise ValueError("cần đủ ngày, tháng, năm, ví dụ 24/12/2026")
    return dt.date(d.nam, d.thang, d.ngay)


class PhanVanBan(Model):
    """Header fields of a document; each replaces the default taken from the plan."""

    co_quan_chu_quan: Ten | None = None
    co_quan_ban_hanh: CoQuan | None = None
    so: int | None = Field(default=None, ge=1)
    ngay: NgayThang | None = None
    dia_danh: Ten | None = None
    trich_yeu: str | None = Field(default=None, max_length=MAX_TIEU_DE)
    do_mat: Ten | None = None
    do_khan: Ten | None = None
    nguoi_ky: NguoiKy | None = None
    noi_nhan: NoiNhan | None = None
    kinh_gui: list[Ten] | None = None

    @field_validator("so", mode="before")
    @classmethod
    def _so(cls, v):
        return so_ngay_so(v)

    @field_validator("ngay", mode="before")
    @classmethod
    def _ngay(cls, v):
        return v if v is None or isinstance(v, NgayThang) else parse_ngay(v)


class PhanDonDoc(PhanVanBan):
    han_moi: dt.date | None = None  # the new deadline the reminder sets

    @field_validator("han_moi", mode="before")
    @classmethod
    def _han(cls, v):
        return v if isinstance(v, dt.date) else parse_han(v)


class ThongTinKy(Model):
    """``--thong-tin`` file of ``vanban tonghop``."""

    # the plan's YAML, relative to this file (used by the demo)
    ke_hoach: str | None = Field(default=None, max_length=1_000)
    ky: str | None = Field(default=None, max_length=MAX_TEN)  # "2026", "6T1/2026", …; the command line's --ky wins
    han_nop: dt.date | None = None  # the agencies' deadline for this period
    # the data cut-off window, when not the decree's (wins over the plan's che_do_bao_cao.chot_so_lieu)
    chot_so_lieu: tuple[dt.date, dt.date] | None = None
    bao_cao: PhanVanBan = Field(default_factory=PhanVanBan)  # the consolidated report
    don_doc: PhanDonDoc = Field(default_factory=PhanDonDoc)  # the reminder letter
    # the province's own fields for the report and the reminder (over the plan's of the same name)
    truong_them: TruongThem = Field(default_factory=dict)

    @field_validator("han_nop", mode="before")
    @classmethod
    def _han(cls, v):
        return v if isinstance(v, dt.date) else parse_han(v)

    @field_validator("chot_so_lieu", mode="before")
    @classmethod
    def _chot(cls, v):
        return parse_chot(v)

    @field_validator("ky", mode="before")
    @classmethod
    def _ky(cls, v):
        return str(v) if isinstance(v, int) else v
