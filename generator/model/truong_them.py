"""Extra fields (``truong_them``): values a province adds to its documents without a change to the
program ("người liên hệ", "số điện thoại"), given on a plan or a period file and read by the
templates as ``{{ truong_them.nguoi_lien_he }}``.

They sit under their own key, never beside the program's variables: a name can neither shadow nor
be shadowed by a value the program gives (now or in a later version), and a template reader sees
at once which values come from the province's own data. A name is still refused when it is one of
the program's own (a variable of the templates, a field of the documents): ``truong_them.trich_yeu``
would read as if it changed the trích yếu.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from .base import MAX_O

# A name: lower-case ASCII letters, digits and "_", starting with a letter (the vocabulary's style).
TEN_TRUONG = re.compile(r"[a-z][a-z0-9_]*")
MAX_TEN_TRUONG = 50  # characters of a name
MAX_TRUONG = 100  # extra fields of one file
MAX_MUC = 100  # texts of one list value

# Names the program gives its templates or its documents: every variable of the .docx and HTML
# templates (tests/test_truong_them.py checks the renderers give no other), the fields of the plan
# and of the period file, and what Jinja itself provides.
TEN_MAU = frozenset({
    # the header, signature and body of every document
    "co_quan_chu_quan", "co_quan_ban_hanh", "gach_co_quan", "gach_tieu_ngu", "so_ky_hieu", "do_mat_khan",
    "dia_danh_ngay", "ten_loai", "trich_yeu", "gach_trich_yeu", "noi_nhan", "quyen_han", "ho_ten",
    "than_van", "phu_luc", "kinh_gui", "truong_them",
    # each annex ({% for pl in phu_luc %}) and the HTML pages
    "ngat_trang", "nhan", "ten", "phu_de", "kem_theo", "gach", "bang", "cot", "dong", "co_chu", "tach_dong",
    "tieu_de_tep", "co_quan_tep", "css", "phong_chu", "mo_ta", "cong_van", "vv", "pl", "tiep", "trang_dau",
})
TEN_VAN_BAN = frozenset({
    "loai", "so", "ngay", "dia_danh", "do_mat", "do_khan", "nguoi_ky", "danh_muc_co_quan", "mo_dau",
    "noi_dung", "che_do_bao_cao", "ke_hoach", "ky", "han_nop", "chot_so_lieu", "bao_cao", "don_doc",
})
TEN_JINJA = frozenset({
    "range", "lipsum", "dict", "cycler", "joiner", "namespace", "loop", "self", "varargs", "kwargs",
    "caller", "true", "false", "none",
})
# ``truong_them.items`` is the mapping's own method, not a field: the names a mapping answers to.
TEN_BANG = frozenset(name for name in dir(dict) if not name.startswith("_"))
TEN_CO_SAN = TEN_MAU | TEN_VAN_BAN | TEN_JINJA | TEN_BANG


def _ten(name: str) -> str:
    if not TEN_TRUONG.fullmatch(name) or len(name) > MAX_TEN_TRUONG:
        raise ValueError(f"tên trường thêm “{name}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và “_”, "
                         f"bắt đầu bằng chữ, tối đa {MAX_TEN_TRUONG} ký tự, ví dụ “nguoi_lien_he”")
    if name in TEN_BANG:
        raise ValueError(f"tên trường thêm “{name}” trùng tên một thao tác của mẫu (truong_them.{name}); "
                         f"đặt tên khác, ví dụ “{name}_khac”")
    if name in TEN_CO_SAN:
        raise ValueError(f"tên trường thêm “{name}” trùng tên có sẵn của văn bản hoặc của mẫu "
                         f"({{{{ {name} }}}}); giá trị của văn bản ghi ở trường có sẵn, trường thêm cần tên "
                         f"khác, ví dụ “{name}_khac”")
    return name


def _text(value: Any, where: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError(f"{where}phải là chữ; đặt “true”, “false” trong dấu ngoặc kép nếu muốn ghi đúng chữ đó")
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        kind = "chữ" if where else "chữ hoặc danh sách chữ (mỗi mục một dòng bắt đầu bằng “- ”)"
        raise ValueError(f"{where}phải là {kind}, không phải bảng khóa: giá trị hay danh sách lồng nhau")
    if len(value) > MAX_O:
        raise ValueError(f"{where}dài quá {MAX_O} ký tự; rút gọn lại")
    return value


def _gia_tri(value: Any) -> str | list[str]:
    """A text, or a list of texts; numbers become the text typed, nothing an empty text."""
    if isinstance(value, list):
        if len(value) > MAX_MUC:
            raise ValueError(f"có quá nhiều mục (tối đa {MAX_MUC})")
        return [_text(v, f"mục {k + 1}: ") for k, v in enumerate(value)]
    return _text(value)


TenTruong = Annotated[str, AfterValidator(_ten)]
GiaTriTruong = Annotated[str | list[str], BeforeValidator(_gia_tri)]
# The field itself, on ``KeHoach`` and ``ThongTinKy``.
TruongThem = Annotated[dict[TenTruong, GiaTriTruong], Field(max_length=MAX_TRUONG)]
