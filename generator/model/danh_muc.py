"""Danh mục cơ quan: the agency registry that chủ trì / phối hợp names are checked against."""

from __future__ import annotations

from pydantic import Field

from .base import Model


class CoQuanMuc(Model):
    ten: str = Field(min_length=2)
    viet_tat: str | None = None
    ten_khac: list[str] = Field(default_factory=list)  # aliases: "Sở NN&MT", "SNNMT"
    loai: str | None = None  # "so", "xa", "phong", ... used by group membership


class NhomCoQuan(Model):
    """A name that stands for many agencies: "Các sở, ban, ngành", "UBND các xã, phường"."""

    ten: str = Field(min_length=2)
    ten_khac: list[str] = Field(default_factory=list)
    thanh_vien: list[str] = Field(default_factory=list)  # agency names
    loai: list[str] = Field(default_factory=list)  # or: every agency of these kinds
    # In a consolidated report, report the members as the group (counts; texts in the workbook):
    # None = when the group has more than 20 members (the communes of a province), True/False = always/never.
    tong_hop_chung: bool | None = None


class DanhMucCoQuan(Model):
    ten: str | None = None
    co_quan: list[CoQuanMuc] = Field(default_factory=list)
    nhom: list[NhomCoQuan] = Field(default_factory=list)
