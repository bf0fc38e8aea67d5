"""Periodic reporting: an agency's return (phiếu báo cáo) on the tasks a plan assigned it."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..errors import Problem
from .base import Model

# What an agency may type in the status column. "Quá hạn" is derived from the timeline, not typed.
DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN = "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"
TINH_TRANG = (DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN)
VAI_TRO = {"chu_tri": "Chủ trì", "phoi_hop": "Phối hợp"}


class KetQuaNhiemVu(Model):
    """One task row of a return."""

    id: str  # the plan's stable task id
    vai_tro: Literal["chu_tri", "phoi_hop"]
    tinh_trang: Literal["Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"] | None = None
    ty_le: float | None = Field(default=None, ge=0, le=100)  # percent complete
    ket_qua: str | None = None
    san_pham: str | None = None  # products / documents issued
    kho_khan: str | None = None
    de_xuat: str | None = None
    dong: int | None = None  # the sheet row it was read from (for messages)


class NhiemVuPhieu(Model):
    """A task as the form lists it (its plan columns), reported on or not."""

    id: str
    vai_tro: Literal["chu_tri", "phoi_hop"]
    tt: str | None = None
    noi_dung: str | None = None
    tien_do: str | None = None


class ThongTinBaoCao(Model):
    """The agency's own header data for its Báo cáo (filled on the form's information sheet)."""

    co_quan_chu_quan: str | None = None
    ten_co_quan: str
    viet_tat: str | None = None
    so: int | None = None
    ngay: str | None = None
    dia_danh: str | None = None
    quyen_han: str | None = None
    cap_truong: str | None = None
    chuc_vu: str | None = None
    ho_ten: str | None = None
    kinh_gui: str | None = None
    o: dict[str, str] = Field(default_factory=dict)  # field -> the cell it was read from ("B7")


class PhieuBaoCao(Model):
    """A filled return form, as read from its .xlsx."""

    tep: str  # file it was read from
    co_quan: str  # agency name as written on the form
    ky: str  # period code ("2026", "6T1/2026", ...)
    ke_hoach: str | None = None  # số/ký hiệu of the plan; None for a blank form
    trich_dan: str | None = None  # the plan as a report cites it: "Kế hoạch số 132/KH-UBND ngày … của …"
    phien_ban: str | None = None  # form version
    chot_so_lieu: str | None = None  # the data cut-off window the form states: "15/12/2025 - 14/12/2026"
    thong_tin: ThongTinBaoCao | None = None
    ket_qua: list[KetQuaNhiemVu] = Field(default_factory=list)
    nhiem_vu: list[NhiemVuPhieu] = Field(default_factory=list)  # every task row of the form, in order
    cong_tac_chi_dao: str | None = None  # I. work of direction and organisation
    ton_tai: str | None = None  # II. shortcomings and causes
    phuong_huong: str | None = None  # III. next steps
    kien_nghi: str | None = None  # IV. proposals
    # Located warnings of the reader: what it changed or assumed without refusing the form (a
    # formula's saved value used, an invisible character removed).
    canh_bao: list[Problem] = Field(default_factory=list)
