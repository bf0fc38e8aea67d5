"""The Word styles the renderers write into a document, found in a template by name.

A style's id is not stable: LibreOffice rebuilds every id from the style's name when it saves a
.docx ("Mục I. (ND30)" becomes "McIND30"), and Word may do the same with a copied style. The
name is what a template maker sees and keeps, so the renderers ask for a style by a key (the
id of the built-in template, e.g. "VBMuc") and get the id that style has in this template.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE

from ..errors import TemplateError


@dataclass(frozen=True)
class Kieu:
    """One style the renderers need: its name in the template, its type, what it is for."""

    name: str
    type: WD_STYLE_TYPE
    purpose: str


P, C, T = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE

# key (the built-in template's id) -> the style. The renderers write these into the document.
STYLES: dict[str, Kieu] = {
    "VBThanVan": Kieu("Thân văn bản (ND30)", P, "đoạn thân văn bản"),
    "VBPhanChuong": Kieu("Phần, Chương (ND30)", P, "tiêu đề phần, chương"),
    "VBMuc": Kieu("Mục I. (ND30)", P, "tiêu đề mục I, II, III…"),
    "VBKhoan": Kieu("Khoản có tiêu đề (ND30)", P, "tiêu đề khoản 1, 2, 3…"),
    "VBTieuKhoan": Kieu("Tiểu khoản có tiêu đề (ND30)", P, "tiêu đề tiểu khoản 1.1, 1.2…"),
    "VBDiem": Kieu("Điểm có tiêu đề (ND30)", P, "tiêu đề điểm a, b, c…"),
    "VBGach": Kieu("Đường kẻ (ND30)", P, "đường kẻ dưới tên cơ quan, tiêu ngữ, trích yếu, kèm theo"),
    "VBKinhGui": Kieu("Kính gửi (ND30)", P, "dòng Kính gửi"),
    "VBBang": Kieu("Bảng – nội dung", P, "ô nội dung của bảng phụ lục"),
    "VBBangGiua": Kieu("Bảng – căn giữa", P, "ô căn giữa của bảng phụ lục (số thứ tự, thời gian)"),
    "VBBangDau": Kieu("Bảng – tiêu đề cột", P, "dòng tiêu đề cột của bảng phụ lục"),
    "VBBangNhom": Kieu("Bảng – dòng nhóm", P, "dòng nhóm nhiệm vụ của bảng phụ lục"),
    "VBBangLuoi": Kieu("Bảng phụ lục (ND30)", T, "kẻ khung bảng phụ lục"),
    "FootnoteText": Kieu("footnote text", P, "nội dung chú thích cuối trang; Word hiện là “Footnote Text”"),
    "FootnoteReference": Kieu("footnote reference", C,
                              "số chú thích cuối trang; Word hiện là “Footnote Reference”"),
}
# Styles whose sizes, bold, italic and spacing the layout reads (the template's own paragraphs
# use them; the PDF is drawn by them); when one is missing its ND30 values are used.
MEASURED: dict[str, Kieu] = {
    "Normal": Kieu("Normal", P, "kiểu mặc định của đoạn"),
    "VBCoQuanChuQuan": Kieu("Tên cơ quan chủ quản (ND30)", P, "tên cơ quan chủ quản"),
    "VBCoQuanBanHanh": Kieu("Tên cơ quan ban hành (ND30)", P, "tên cơ quan ban hành"),
    "VBTieuNgu": Kieu("Tiêu ngữ (ND30)", P, "tiêu ngữ"),
    "VBTrichYeu": Kieu("Trích yếu (ND30)", P, "trích yếu"),
    "VBTrichYeuCV": Kieu("Trích yếu công văn (ND30)", P, "trích yếu công văn (V/v …)"),
    "VBKemTheo": Kieu("Kèm theo (ND30)", P, "dòng Kèm theo của phụ lục"),
    "VBQuocHieu": Kieu("Quốc hiệu (ND30)", P, "quốc hiệu"),
    "VBSoKyHieu": Kieu("Số, ký hiệu (ND30)", P, "số, ký hiệu"),
    "VBDiaDanh": Kieu("Địa danh, ngày tháng (ND30)", P, "địa danh, ngày tháng"),
    "VBDoMat": Kieu("Độ mật, độ khẩn (ND30)", P, "độ mật, độ khẩn"),
    "VBTenLoai": Kieu("Tên loại văn bản (ND30)", P, "tên loại văn bản"),
    "VBNoiNhanTieuDe": Kieu("Nơi nhận: (ND30)", P, "chữ “Nơi nhận:”"),
    "VBNoiNhan": Kieu("Nơi nhận – dòng (ND30)", P, "các dòng nơi nhận"),
    "VBQuyenHan": Kieu("Quyền hạn, chức vụ người ký (ND30)", P, "quyền hạn, chức vụ người ký"),
    "VBHoTen": Kieu("Họ tên người ký (ND30)", P, "họ tên người ký"),
    "VBPhuLucSo": Kieu("Phụ lục – số (ND30)", P, "dòng “Phụ lục …”"),
    "VBPhuLucTen": Kieu("Phụ lục – tên (ND30)", P, "tên phụ lục"),
    "VBSoTrang": Kieu("Số trang (ND30)", P, "số trang"),
}
BODY = ("VBThanVan", "VBPhanChuong", "VBMuc", "VBKhoan", "VBTieuKhoan", "VBDiem", "VBGach",
        "VBBang", "VBBangGiua", "VBBangDau", "VBBangNhom", "VBBangLuoi")
NOTES = ("FootnoteText", "FootnoteReference")


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


class StyleIds(Mapping):
    """key -> the id of that style in one template; a missing style is a TemplateError naming
    the template file and the style's name."""

    def __init__(self, document, template: Path | str):
        self.template = template
        by_name: dict[tuple, object] = {}
        by_id: dict[tuple, object] = {}
        for s in document.styles:
            name = s.element.name_val
            if name:
                by_name.setdefault((_key(name), s.type), s)
            by_id.setdefault((s.style_id, s.type), s)
        self._styles: dict[str, object] = {}
        for key, k in {**STYLES, **MEASURED}.items():
            # by name first; the built-in id still counts (a style renamed in Word keeps its id)
            found = by_name.get((_key(k.name), k.type)) or by_id.get((key, k.type))
            if found is not None:
                self._styles[key] = found

    def __getitem__(self, key: str) -> str:
        style = self._styles.get(key)
        if style is None:
            raise self.missing([key])
        return style.style_id

    def __iter__(self) -> Iterator[str]:
        return iter(self._styles)

    def __len__(self) -> int:
        return len(self._styles)

    def style(self, key: str):
        """The python-docx style of ``key``, or None when the template has none."""
        return self._styles.get(key)

    def require(self, keys: Iterable[str]) -> None:
        """Every style of ``keys`` is in the template, or one TemplateError names all that are not."""
        absent = [k for k in keys if k not in self._styles]
        if absent:
            raise self.missing(absent)

    def missing(self, keys: list[str]) -> TemplateError:
        kinds = {P: "kiểu đoạn", C: "kiểu ký tự", T: "kiểu bảng"}
        what = "; ".join(f"{kinds[STYLES[k].type]} “{STYLES[k].name}” ({STYLES[k].purpose})" for k in keys)
        return TemplateError(
            f"{self.template}: mẫu .docx thiếu {what}. Văn bản tạo từ mẫu cần các kiểu (style) này với đúng "
            "tên đó; tạo lại kiểu có đúng tên, hoặc lấy lại từ mẫu có sẵn (vanban mau xuat)")
