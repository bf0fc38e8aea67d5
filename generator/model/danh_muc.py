"""Danh mục cơ quan: the agency registry that chủ trì / phối hợp names are checked against."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import MAX_TEN, MAX_TIEU_DE, MAX_VIET_TAT, Model

Ten = Annotated[str, Field(max_length=MAX_TEN)]
Loai = Annotated[str, Field(max_length=50)]


class CoQuanMuc(Model):
    ten: str = Field(min_length=2, max_length=MAX_TEN)
    viet_tat: str | None = Field(default=None, max_length=MAX_VIET_TAT)
    ten_khac: list[Ten] = Field(default_factory=list)  # aliases: "Sở NN&MT", "SNNMT"
    loai: Loai | None = None  # "so", "xa", "phong", ... used by group membership


class NhomCoQuan(Model):
    """A name that stands for many agencies: "Các sở, ban, ngành", "UBND các xã, phường"."""

    ten: str = Field(min_length=2, max_length=MAX_TEN)
    ten_khac: list[Ten] = Field(default_factory=list)
    thanh_vien: list[Ten] = Field(default_factory=list)  # agency names
    loai: list[Loai] = Field(default_factory=list)  # or: every agency of these kinds
    # In a consolidated report, report the members as the group (counts; texts in the workbook):
    # None = when the group has more than 20 members (the communes of a province), True/False = always/never.
    tong_hop_chung: bool | None = None


class DanhMucCoQuan(Model):
    ten: str | None = Field(default=None, max_length=MAX_TIEU_DE)
    co_quan: list[CoQuanMuc] = Field(default_factory=list)
    nhom: list[NhomCoQuan] = Field(default_factory=list)
