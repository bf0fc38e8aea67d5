from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import InputError, Problem
from ..model import DanhMucCoQuan, KeHoach

M = TypeVar("M", bound=BaseModel)

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10× faster


class _Loader(_SafeBase):
    """Safe loader that keeps dates as text: ``parse_ngay`` reads them and reports bad ones."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

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
    "string_pattern_mismatch": "chỉ dùng chữ không dấu, chữ số, “.”, “-”, “_” (ví dụ “QT-I-01”)",
}


def _format_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
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
    return err["msg"]


def _line_index(node: yaml.Node, prefix: tuple = (), out: dict | None = None) -> dict:
    """Map each YAML path (tuple of keys/indexes) to its 1-based line."""
    out = {} if out is None else out
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            out[prefix + (key,)] = k.start_mark.line + 1
            _line_index(v, prefix + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _line_index(v, prefix + (i,), out)
    return out


def read_yaml(path: Path) -> tuple[object, dict]:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(name, "", "không tìm thấy tệp")]) from None
    except OSError as e:
        raise InputError([Problem(name, "", f"không đọc được tệp ({e.strerror})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(name, "", "tệp phải được lưu với bảng mã UTF-8")]) from None
    try:
        loader = _Loader(text)
        try:
            # One parse: the node tree gives the lines, the same tree gives the data.
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(e, "problem", None) or str(e)
        raise InputError([Problem(name, "", f"lỗi cú pháp YAML: {problem}", line)]) from None
    lines = _line_index(node) if node is not None else {}
    return data, lines


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML file into ``model``; every problem is reported with its place."""
    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([Problem(str(path), "", "nội dung tệp phải là một bảng khóa: giá trị")])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            line = None
            for k in range(len(loc), -1, -1):
                if loc[:k] in lines:
                    line = lines[loc[:k]]
                    break
            problems.append(Problem(str(path), _format_path(loc), _message(err), line))
        raise InputError(problems) from None


def load_plan(path: Path | str) -> KeHoach:
    return load_model(Path(path), KeHoach)


def load_registry(path: Path | str) -> DanhMucCoQuan:
    return load_model(Path(path), DanhMucCoQuan)
