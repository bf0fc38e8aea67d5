"""The parts every administrative document shares: header, signer, Nơi nhận."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ..text.so_ngay import NgayThang
from .base import MAX_TEN, MAX_TIEU_DE, MAX_VIET_TAT, Model, so_nguyen

# Phụ lục III, mục I: tên loại and their abbreviations; "CV" stands for công văn (no abbreviation).
LOAI_VAN_BAN: dict[str, str] = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
    "CV": "Công văn",
}
DO_MAT = ("MẬT", "TỐI MẬT", "TUYỆT MẬT")
DO_KHAN = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
_ABBR = re.compile(r"^[A-ZĐ][A-Za-zĐđ0-9&]*$")
MAX_SO = 10  # digits of a số: a yearly sequence number never comes near
Ten = Annotated[str, Field(max_length=MAX_TEN)]


class CoQuan(Model):
    """Cơ quan ban hành: its name in normal case (the header shows it in capitals) and ký hiệu."""

    ten: str = Field(min_length=2, max_length=MAX_TEN)
    viet_tat: str = Field(max_length=MAX_VIET_TAT)
    # Optional explicit header lines, when the clerk wants the name broken in a given place.
    dong: list[Ten] | None = Field(default=None, max_length=10)

    @field_validator("viet_tat")
    @classmethod
    def _abbr(cls, v: str) -> str:
        if not _ABBR.match(v):
            raise ValueError("chữ viết tắt phải viết liền, bắt đầu bằng chữ in hoa, ví dụ “SNNMT”, “UBND”")
        return v


class NguoiKy(Model):
    """Người ký: quyền hạn (TM., KT., TL., TUQ., Q., TM.+KT., TL.+KT. or none), titles, name."""

    quyen_han: Literal["TM.", "KT.", "TL.", "TUQ.", "Q.", "TM.+KT.", "TL.+KT."] | None = None
    tap_the: Ten | None = None  # the collective after TM.: "Ủy ban nhân dân"
    cap_truong: Ten | None = None  # the head's title after KT./TL./TUQ./Q.: "Chủ tịch"
    truong_don_vi: Ten | None = None  # the unit head's title after TL.+KT.
    chuc_vu: Ten | None = None  # the signer's own title: "Phó Chủ tịch"
    ho_ten: str = Field(min_length=2, max_length=MAX_TEN)

    @model_validator(mode="after")
    def _needs(self) -> NguoiKy:
        need: dict[str | None, tuple[str, ...]] = {
            None: ("chuc_vu",), "TM.": ("tap_the", "chuc_vu"), "KT.": ("cap_truong", "chuc_vu"),
            "TL.": ("cap_truong", "chuc_vu"), "TUQ.": ("cap_truong", "chuc_vu"), "Q.": ("cap_truong",),
            "TM.+KT.": ("tap_the", "cap_truong", "chuc_vu"),
            "TL.+KT.": ("cap_truong", "truong_don_vi", "chuc_vu"),
        }
        missing = [f for f in need[self.quyen_han] if not getattr(self, f)]
        if missing:
            qh = self.quyen_han or "không có quyền hạn"
            raise ValueError(f"với quyền hạn “{qh}” cần có: {', '.join(missing)}")
        return self


class NoiNhanMuc(Model):
    """One recipient: ``ten`` with an optional purpose or a list of parts (grouped line)."""

    ten: str = Field(min_length=1, max_length=MAX_TEN)
    muc_dich: Ten | None = None  # "báo cáo", "để biết", "thực hiện"
    thanh_phan: list[Ten] | None = None  # "VPUBND tỉnh: LĐVP, THĐT, KTTH"

    @field_validator("ten")
    @classmethod
    def _no_punct(cls, v: str) -> str:
        if v.startswith("-") or v.endswith((";", ".")):
            raise ValueError("chỉ ghi tên nơi nhận; dấu “- ” và “;” do chương trình tự thêm")
        return v


class Luu(Model):
    """The storage line: ``- Lưu: VT, <don_vi> (<so_ban_luu>). <nguoi_soan>.(<so_ban>)``."""

    don_vi: str | None = Field(default=None, max_length=MAX_VIET_TAT)
    so_ban_luu: int | None = Field(default=None, ge=1)
    nguoi_soan: str | None = Field(default=None, max_length=MAX_VIET_TAT)
    so_ban: int | None = Field(default=None, ge=1)

    @field_validator("so_ban_luu", "so_ban", mode="before")
    @classmethod
    def _copies(cls, v):
        return so_nguyen(v, 4, "2")


class NoiNhan(Model):
    nhu_tren: bool = False  # "- Như trên;" first (Báo cáo upward, Tờ trình, Công văn)
    gui: list[NoiNhanMuc] = Field(default_factory=list)
    luu: Luu = Field(default_factory=Luu)

    @field_validator("gui", mode="before")
    @classmethod
    def _short(cls, v):
        # A bare string is shorthand for {ten: ...}
        if isinstance(v, list):
            return [{"ten": x} if isinstance(x, str) else x for x in v]
        return v


def so_ngay_so(value):
    """Số as typed: digits only ("010" is 10), at most ``MAX_SO`` of them."""
    if value is None or value == "":
        return None
    return so_nguyen(value, MAX_SO, "so: 85 (số dưới 10 ghi 5 hoặc 05)")


def parse_ngay(value) -> NgayThang:
    """A full date, ``YYYY-MM`` (day left blank for the văn thư), ``YYYY`` or nothing (draft)."""
    if value is None or value == "":
        return NgayThang()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return NgayThang(value.year, value.month, value.day)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        s = value.strip()
        m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", s)
        if m:
            year, month = int(m.group(1)), int(m.group(2)) if m.group(2) else None
            if month is not None and not 1 <= month <= 12:
                raise ValueError(f"tháng {month} không hợp lệ")
            return NgayThang(year, month)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4})", s)
        if m:
            if m.group(1):
                y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
            else:
                d, mo, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
            try:
                dt.date(y, mo, d)
            except ValueError:
                raise ValueError(f"ngày “{s}” không có trong lịch") from None
            return NgayThang(y, mo, d)
    raise ValueError("ngày phải có dạng 2026-01-05 hoặc 05/01/2026 (đủ ngày), 2026-04 (chỉ tháng, năm) "
                     "hoặc để trống (dự thảo)")


class VanBan(Model):
    """Header metadata shared by every document type."""

    loai: str = "KH"
    co_quan_chu_quan: Ten | None = None
    co_quan_ban_hanh: CoQuan
    so: int | None = Field(default=None, ge=1)
    ngay: NgayThang = Field(default_factory=NgayThang)
    dia_danh: str = Field(min_length=2, max_length=MAX_TEN)
    trich_yeu: str = Field(min_length=3, max_length=MAX_TIEU_DE)
    do_mat: str | None = None
    do_khan: str | None = None
    nguoi_ky: NguoiKy
    noi_nhan: NoiNhan = Field(default_factory=NoiNhan)

    @field_validator("loai")
    @classmethod
    def _loai(cls, v: str) -> str:
        if v not in LOAI_VAN_BAN:
            raise ValueError("loại văn bản phải là một chữ viết tắt của Phụ lục III Nghị định 30: "
                             + ", ".join(LOAI_VAN_BAN))
        return v

    @field_validator("so", mode="before")
    @classmethod
    def _so(cls, v):
        return so_ngay_so(v)

    @field_validator("ngay", mode="before")
    @classmethod
    def _ngay(cls, v):
        return v if isinstance(v, NgayThang) else parse_ngay(v)

    @field_validator("do_mat")
    @classmethod
    def _mat(cls, v):
        if v and v.upper() not in DO_MAT:
            raise ValueError("độ mật là một trong: " + ", ".join(DO_MAT))
        return v.upper() if v else v

    @field_validator("do_khan")
    @classmethod
    def _khan(cls, v):
        if v and v.upper() not in DO_KHAN:
            raise ValueError("độ khẩn là một trong: " + ", ".join(DO_KHAN))
        return v.upper() if v else v

    @model_validator(mode="after")
    def _cong_van_unit(self) -> VanBan:
        if self.loai == "CV" and not self.noi_nhan.luu.don_vi:
            raise ValueError("công văn ghi ký hiệu gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo "
                             f"(ví dụ “Số: 15/{self.co_quan_ban_hanh.viet_tat}-VP”): cần ghi đơn vị soạn thảo "
                             "tại noi_nhan.luu.don_vi")
        return self

    @property
    def ten_loai(self) -> str:
        return LOAI_VAN_BAN[self.loai]
