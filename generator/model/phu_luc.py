"""Annex tables (phụ lục): columns, nested groups, tasks with stable ids."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from .base import MAX_O, MAX_TEN, MAX_TIEU_DE, Model, so_thuc

# The known columns, their default titles and relative widths.
COT_MAC_DINH: dict[str, tuple[str, float]] = {
    "tt": ("TT", 0.6),
    "noi_dung": ("Nội dung thực hiện", 5.0),
    "san_pham": ("Sản phẩm, kết quả", 2.4),
    "chu_tri": ("Cơ quan chủ trì", 2.3),
    "phoi_hop": ("Cơ quan phối hợp", 2.5),
    "tien_do": ("Tiến độ", 1.5),
    "thoi_gian": ("Thời gian thực hiện", 1.5),
    "kinh_phi": ("Kinh phí", 1.4),
    "ghi_chu": ("Ghi chú", 2.0),
}
MaCot = Literal["tt", "noi_dung", "san_pham", "chu_tri", "phoi_hop", "tien_do", "thoi_gian", "kinh_phi", "ghi_chu"]
# Group numbering: I/II, A/B/…/Đ, 1/2, or a titled group with no number.
DanhSo = Literal["la_ma", "chu_cai", "so", "khong"]
# A column width is relative to the other columns' (the defaults above); this range keeps every
# column visible and every sum finite.
RONG_MIN, RONG_MAX = 0.1, 100
CoQuanTen = Annotated[str, Field(max_length=MAX_TEN)]


class Cot(Model):
    ma: MaCot
    tieu_de: str | None = Field(default=None, max_length=MAX_TEN)  # custom title, e.g. "STT", "Kết quả"
    rong: float | None = Field(default=None, ge=RONG_MIN, le=RONG_MAX, allow_inf_nan=False)  # relative width

    @field_validator("rong", mode="before")
    @classmethod
    def _rong(cls, v):
        return so_thuc(v, "rong: 2.5")

    @property
    def title(self) -> str:
        return self.tieu_de or COT_MAC_DINH[self.ma][0]

    @property
    def weight(self) -> float:
        return self.rong or COT_MAC_DINH[self.ma][1]


class NhiemVu(Model):
    id: str = Field(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    noi_dung: str = Field(min_length=1, max_length=MAX_O)
    san_pham: str | None = Field(default=None, max_length=MAX_O)
    chu_tri: list[CoQuanTen] = Field(default_factory=list)
    phoi_hop: list[CoQuanTen] = Field(default_factory=list)
    tien_do: str | None = Field(default=None, max_length=MAX_O)
    thoi_gian: str | None = Field(default=None, max_length=MAX_O)
    kinh_phi: str | None = Field(default=None, max_length=MAX_O)
    ghi_chu: str | None = Field(default=None, max_length=MAX_O)

    @field_validator("chu_tri", "phoi_hop", mode="before")
    @classmethod
    def _agencies(cls, v):
        # "A; B" is shorthand for [A, B]; a comma stays inside one name ("Các sở, ban, ngành").
        if v is None:
            return []
        if isinstance(v, str):
            return [s.strip() for s in v.split(";") if s.strip()]
        return v

    @field_validator("tien_do", "thoi_gian", "kinh_phi", mode="before")
    @classmethod
    def _text(cls, v):
        return str(v) if isinstance(v, (int, float)) else v

    def cell(self, ma: str) -> str:
        if ma in ("chu_tri", "phoi_hop"):
            return "; ".join(getattr(self, ma))
        return getattr(self, ma) or ""


class Nhom(Model):
    ten: str = Field(min_length=1, max_length=MAX_TIEU_DE)
    danh_so: DanhSo = "khong"
    nhom: list[Nhom] = Field(default_factory=list)
    nhiem_vu: list[NhiemVu] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_empty(self) -> Nhom:
        if not self.nhom and not self.nhiem_vu:
            raise ValueError("nhóm phải có ít nhất một nhiệm vụ (nhiem_vu) hoặc nhóm con (nhom)")
        return self


class PhuLuc(Model):
    ten: str = Field(min_length=1, max_length=MAX_TIEU_DE)  # shown in capitals, bold
    phu_de: str | None = Field(default=None, max_length=MAX_TIEU_DE)  # a bold sentence-case line under the title
    cot: list[Cot]
    nhom: list[Nhom] = Field(default_factory=list)
    nhiem_vu: list[NhiemVu] = Field(default_factory=list)  # tasks outside any group
    danh_so_lien_tuc: bool = False  # task numbers run on across groups instead of restarting
    gop_o: list[MaCot] = Field(default_factory=list)  # merge identical consecutive cells vertically
    co_chu: float = Field(default=12, ge=9, le=14, allow_inf_nan=False)  # font size in the table

    @field_validator("co_chu", mode="before")
    @classmethod
    def _co_chu(cls, v):
        return so_thuc(v, "co_chu: 12")

    @field_validator("cot", mode="before")
    @classmethod
    def _short(cls, v):
        if isinstance(v, list):
            return [{"ma": x} if isinstance(x, str) else x for x in v]
        return v

    @model_validator(mode="after")
    def _check(self) -> PhuLuc:
        codes = [c.ma for c in self.cot]
        if len(set(codes)) != len(codes):
            raise ValueError("mỗi cột chỉ được khai báo một lần")
        if "noi_dung" not in codes:
            raise ValueError("phụ lục phải có cột “noi_dung”")
        if not self.nhom and not self.nhiem_vu:
            raise ValueError("phụ lục phải có nhiệm vụ (nhiem_vu) hoặc nhóm (nhom)")
        for m in self.gop_o:
            if m not in codes:
                raise ValueError(f"gop_o: cột “{m}” không có trong danh sách cột")
        return self

    def all_tasks(self) -> list[NhiemVu]:
        out = list(self.nhiem_vu)

        def walk(groups: list[Nhom]) -> None:
            for g in groups:
                out.extend(g.nhiem_vu)
                walk(g.nhom)

        walk(self.nhom)
        return out
