"""Annex tables (phụ lục): columns, nested groups, tasks with stable ids."""

from __future__ import annotations

import difflib
import re
from contextvars import ContextVar
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, TypeAdapter, ValidationError, field_validator, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .base import MAX_O, MAX_TEN, MAX_TIEU_DE, Model, nfc, so_thuc

CO_CHU_BANG = 12  # the tables' font size (pt) unless a table says otherwise; the template's table styles have it

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
# A column of the province's own ("nguon_von"): a code in the vocabulary's style, a title, a width.
MA_COT = re.compile(r"[a-z][a-z0-9_]*")
MAX_MA_COT = 50
RONG_COT_MOI = 2.0  # the width of a new column when none is given: a medium text column (as ghi_chu)
MA_KHONG_PHAI_COT = {"id"}  # task keys that are not columns
# Group numbering: I/II, A/B/…/Đ, 1/2, or a titled group with no number.
DanhSo = Literal["la_ma", "chu_cai", "so", "khong"]
# How a task's number is written in the TT column: "1" or, as many plans do, "1." (with a dot).
SoThuTu = Literal["so", "so_cham"]
# An annex headed "Phụ lục …" above its title, or a Danh mục: titled "DANH MỤC …", no label.
KieuPhuLuc = Literal["phu_luc", "danh_muc"]
DANH_MUC = "Danh mục"
# A column width is relative to the other columns' (the defaults above); this range keeps every
# column visible and every sum finite.
RONG_MIN, RONG_MAX = 0.1, 100
CoQuanTen = Annotated[str, Field(max_length=MAX_TEN)]


def _lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text if first.isupper() else text[:1].lower() + text[1:]


def _ma_cot(ma: str) -> str:
    if not MA_COT.fullmatch(ma) or len(ma) > MAX_MA_COT:
        raise ValueError(f"mã cột “{ma}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và “_”, bắt đầu bằng "
                         f"chữ, tối đa {MAX_MA_COT} ký tự, ví dụ “nguon_von”")
    if ma in MA_KHONG_PHAI_COT:
        raise ValueError(f"“{ma}” là mã nhiệm vụ, không phải cột; đặt mã cột khác, ví dụ “ma_{ma}”")
    return ma


class Cot(Model):
    """A column: one of the 9 built-in codes (its default title and width), or a new code with
    its title (``tieu_de``, required) and width (``rong``, default ``RONG_COT_MOI``); each task
    gives its value under the code, as for a built-in column."""

    ma: str = Field(max_length=200)
    tieu_de: str | None = Field(default=None, max_length=MAX_TEN)  # custom title, e.g. "STT", "Kết quả"
    rong: float | None = Field(default=None, ge=RONG_MIN, le=RONG_MAX, allow_inf_nan=False)  # relative width

    @field_validator("ma")
    @classmethod
    def _ma(cls, v: str) -> str:
        return _ma_cot(v)

    @field_validator("rong", mode="before")
    @classmethod
    def _rong(cls, v):
        return so_thuc(v, "rong: 2.5")

    @model_validator(mode="after")
    def _new_column(self) -> Cot:
        if self.ma not in COT_MAC_DINH and not self.tieu_de:
            near = difflib.get_close_matches(self.ma, list(COT_MAC_DINH), n=1, cutoff=0.75)
            hint = f"nếu là cột có sẵn “{near[0]}”, sửa lại mã; " if near else ""
            raise ValueError(f"“{self.ma}” không phải cột có sẵn ({', '.join(COT_MAC_DINH)}); {hint}cột mới cần "
                             f"tiêu đề: ghi “- ma: {self.ma}” và dòng “tieu_de: …” dưới nó (độ rộng “rong: …” "
                             f"không bắt buộc, mặc định {RONG_COT_MOI:g})")
        return self

    @property
    def moi(self) -> bool:
        """A column of the province's own, not one of the built-in codes."""
        return self.ma not in COT_MAC_DINH

    @property
    def title(self) -> str:
        return self.tieu_de or COT_MAC_DINH[self.ma][0]

    @property
    def weight(self) -> float:
        return self.rong or (COT_MAC_DINH[self.ma][1] if self.ma in COT_MAC_DINH else RONG_COT_MOI)


def _o(value: Any) -> Any:
    """A cell of a new column as typed: a number stays the text typed, nothing is an empty cell."""
    if value is None:
        return ""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


O = Annotated[str, BeforeValidator(_o), Field(max_length=MAX_O)]
_CAC_O = TypeAdapter(dict[str, O])
# The new column codes of the annex being validated: a task takes a value under one of them as a
# key of its own (PhuLuc._columns sets it around the validation of its tasks).
_COT_MOI: ContextVar[frozenset[str]] = ContextVar("cot_moi", default=frozenset())


def _declared(cot: Any) -> frozenset[str]:
    """The new column codes an annex's raw ``cot`` list declares (before it is validated)."""
    if not isinstance(cot, list):
        return frozenset()
    codes = (x if isinstance(x, str) else x.get("ma") if isinstance(x, dict) else None for x in cot)
    return frozenset(nfc(c) for c in codes if isinstance(c, str)) - set(COT_MAC_DINH) - MA_KHONG_PHAI_COT


def _errors(e: ValidationError) -> list[InitErrorDetails]:
    return [InitErrorDetails(type=x["type"], loc=tuple(x["loc"]), input=x.get("input"), ctx=x.get("ctx", {}))
            for x in e.errors()]


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
    # The cells of the annex's new columns (code -> text), given as task keys like the built-in ones.
    _cot_moi: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _new_columns(cls, data: Any, handler):
        """The keys of the annex's new columns are the cells of those columns; any other key the
        model does not know is still refused, at its own place."""
        codes = _COT_MOI.get()
        if not codes or not isinstance(data, dict) or not codes & data.keys():
            return handler(data)
        data = dict(data)
        cells = {k: nfc(data.pop(k)) for k in list(data) if k in codes}
        problems: list[InitErrorDetails] = []
        task = None
        try:
            task = handler(data)
        except ValidationError as e:
            problems = _errors(e)
        try:
            valid = _CAC_O.validate_python(cells)
        except ValidationError as e:
            problems += _errors(e)
        if problems:
            raise ValidationError.from_exception_data(cls.__name__, problems)
        task._cot_moi = {k: v for k, v in valid.items() if v}
        return task

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
        if ma not in COT_MAC_DINH:
            return self._cot_moi.get(ma, "")
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
    # merge identical consecutive cells of these columns vertically
    gop_o: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list)
    co_chu: float = Field(default=CO_CHU_BANG, ge=9, le=14, allow_inf_nan=False)  # font size in the table
    kieu: KieuPhuLuc = "phu_luc"  # "danh_muc": the title "DANH MỤC …" heads the annex, with no "Phụ lục" label
    so_thu_tu: SoThuTu = "so"  # "so_cham": task numbers "1.", "2."
    # whose document the Kèm theo line names ("… của <this>"); default: the issuing body
    kem_theo_cua: str | None = Field(default=None, min_length=1, max_length=MAX_TEN)

    @field_validator("kem_theo_cua")
    @classmethod
    def _kem_theo_cua(cls, v: str | None) -> str | None:
        if v is None:
            return v
        v = " ".join(v.split())
        first, _, rest = v.partition(" ")
        if first.lower() == "của":  # "của Chủ tịch …": the line writes "của" itself
            v = rest
        if not v:
            raise ValueError("ghi tên người hoặc cơ quan, ví dụ “kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh”")
        if "(" in v or ")" in v:
            raise ValueError("không dùng dấu ngoặc đơn (dòng Kèm theo tự đặt trong ngoặc); ghi tên, ví dụ "
                             "“kem_theo_cua: Chủ tịch UBND tỉnh Bắc Ninh”")
        return v

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

    @model_validator(mode="wrap")
    @classmethod
    def _columns(cls, data: Any, handler):
        """The annex's tasks are validated knowing the new columns it declares."""
        token = _COT_MOI.set(_declared(data.get("cot")) if isinstance(data, dict) else frozenset())
        try:
            return handler(data)
        finally:
            _COT_MOI.reset(token)

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
        if self.kieu == "danh_muc" and not self.ten.lower().startswith(DANH_MUC.lower()):
            # located at the title: that is the line to change
            raise ValidationError.from_exception_data(type(self).__name__, [InitErrorDetails(
                type=PydanticCustomError("value_error", "{error}", {"error": (
                    f"phụ lục “kieu: danh_muc” phải có tên bắt đầu bằng “{DANH_MUC}”, ví dụ “ten: {DANH_MUC} "
                    f"{_lower_first(self.ten)}”; nếu là phụ lục thường, bỏ dòng “kieu: danh_muc”")}),
                loc=("ten",), input=self.ten)])
        return self

    @property
    def danh_muc(self) -> bool:
        """A Danh mục: its title heads it, with no "Phụ lục" label."""
        return self.kieu == "danh_muc"

    def all_tasks(self) -> list[NhiemVu]:
        out = list(self.nhiem_vu)

        def walk(groups: list[Nhom]) -> None:
            for g in groups:
                out.extend(g.nhiem_vu)
                walk(g.nhom)

        walk(self.nhom)
        return out
