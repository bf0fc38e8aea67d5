"""Pydantic models: the decree's terms as field names (see docs/thuat-ngu.md)."""

from .danh_muc import CoQuanMuc, DanhMucCoQuan, NhomCoQuan
from .ke_hoach import KeHoach
from .phu_luc import Cot, NhiemVu, Nhom, PhuLuc
from .van_ban import CoQuan, Luu, NguoiKy, NoiNhan, NoiNhanMuc

__all__ = [
    "CoQuan", "CoQuanMuc", "Cot", "DanhMucCoQuan", "KeHoach", "Luu", "NguoiKy", "NhiemVu",
    "Nhom", "NhomCoQuan", "NoiNhan", "NoiNhanMuc", "PhuLuc",
]
