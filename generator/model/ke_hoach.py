"""Kế hoạch: header, intro, body, signer, Nơi nhận and annexes."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from .base import MAX_TEN, Model
from .ky_bao_cao import parse_chot
from .phu_luc import PhuLuc
from .truong_them import TruongThem
from .van_ban import VanBan


class CheDoBaoCao(Model):
    """How the plan asks to be reported on (the seeds: "định kỳ báo cáo … trước ngày 15/12 hằng năm")."""

    co_quan_tong_hop: str | None = Field(default=None, max_length=MAX_TEN)  # receives the returns, consolidates them
    thoi_han: str | None = Field(default=None, max_length=MAX_TEN)  # the agencies' deadline: "trước ngày 15/12 hằng năm"
    co_quan_nhan: str | None = Field(default=None, max_length=MAX_TEN)  # where the consolidated report goes
    # the data cut-off window when not Nghị định 09/2019/NĐ-CP's: "01/01/2026 - 31/12/2026"
    chot_so_lieu: tuple[dt.date, dt.date] | None = None

    @field_validator("chot_so_lieu", mode="before")
    @classmethod
    def _chot(cls, v):
        return parse_chot(v)


class KeHoach(VanBan):
    loai: str = "KH"
    danh_muc_co_quan: str | None = Field(default=None, max_length=1_000)  # the registry's path, from the plan's folder
    mo_dau: str | None = None  # intro paragraph(s) citing what the plan implements
    noi_dung: str = Field(min_length=1)  # the body in its own numbering
    phu_luc: list[PhuLuc] = Field(default_factory=list)
    che_do_bao_cao: CheDoBaoCao | None = None
    truong_them: TruongThem = Field(default_factory=dict)  # the province's own fields, for its templates

    @model_validator(mode="after")
    def _ids(self) -> KeHoach:
        seen: set[str] = set()
        for pl in self.phu_luc:
            for t in pl.all_tasks():
                if t.id in seen:
                    raise ValueError(f"mã nhiệm vụ “{t.id}” bị trùng; mỗi nhiệm vụ cần một mã riêng")
                seen.add(t.id)
        return self
