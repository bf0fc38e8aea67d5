"""Validation errors of the models in the user's words: the one translation of pydantic's errors
(every reader of YAML, forms and imported documents names a problem through it)."""

from __future__ import annotations

import re

_TYPE_MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được hỗ trợ (kiểm tra chính tả tên trường)",
    "string_type": "phải là một chuỗi văn bản",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "model_attributes_type": "phải là một bảng khóa: giá trị",
    "string_too_short": "không được để trống",
    "too_short": "không được để trống",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "less_than": "phải nhỏ hơn {lt}",
    "finite_number": "phải là một số hữu hạn",
    "int_from_float": "phải là số nguyên",
    "int_parsing_size": "số quá lớn",
    "string_too_long": "dài quá {max_length} ký tự; rút gọn lại",
    "too_long": "có quá nhiều mục (tối đa {max_length})",
    "string_pattern_mismatch": "chỉ dùng chữ không dấu, chữ số, “.”, “-”, “_” (ví dụ “QT-I-01”)",
}


def duong_dan(loc: tuple) -> str:
    """A pydantic location as a YAML path: ``phu_luc[0].nhom[1].nhiem_vu[3].chu_tri``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def thong_bao(err: dict) -> str:
    """The Vietnamese message of one pydantic error (what is wrong and what is accepted)."""
    kind = err["type"]
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        # pydantic lists the values in English: "'so' or 'so_cham'" -> "“so” hoặc “so_cham”"
        expected = re.sub(r"'([^']*)'", r"“\1”", expected.replace("' or '", "' hoặc '"))
        return f"giá trị “{err.get('input')}” không hợp lệ; chấp nhận: {expected}"
    if kind in ("value_error", "assertion_error"):
        msg = str(err.get("ctx", {}).get("error", err["msg"]))
        return msg
    template = _TYPE_MESSAGES.get(kind)
    if template:
        try:
            return template.format(**err.get("ctx", {}))
        except (KeyError, IndexError):
            return template
    return f"giá trị không hợp lệ (mã lỗi kiểm tra: {kind})"
