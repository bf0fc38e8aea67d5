from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .. import safety
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


MAX_YAML_BYTES = 10 * 1024 * 1024  # a 60-task plan is ~40 KB
MAX_NODES = 200_000  # values after aliases (*name) are expanded: a "billion laughs" stops here

# PyYAML's problems (English) -> what a user reads, with the fix.
_YAML_PROBLEMS = [
    ("cannot start any token", None),  # decided by the character, see _syntax_message
    ("tab character", "dùng phím Tab để thụt lề; YAML chỉ chấp nhận dấu cách"),
    ("mapping values are not allowed", "dấu “:” ở chỗ không được phép; nếu giá trị có chứa “: ”, đặt cả giá trị "
                                       "trong dấu ngoặc kép, ví dụ trich_yeu: \"Về việc: ...\""),
    ("end of stream", "thiếu dấu ngoặc đóng (\" hoặc ' hoặc ] hoặc }) trước khi hết tệp"),
    ("another document", "tệp chỉ được chứa một văn bản YAML; bỏ dòng “---” ở giữa tệp"),
    ("single document", "tệp chỉ được chứa một văn bản YAML; bỏ dòng “---” ở giữa tệp"),
    ("could not determine a constructor", "thẻ YAML (bắt đầu bằng “!”) không được chấp nhận; chỉ dùng chữ, số, "
                                          "danh sách và bảng khóa: giá trị"),
    ("unhashable key", "tên trường phải là chữ, không phải danh sách hay bảng"),
    ("nesting depth", "dữ liệu lồng nhau quá sâu"),
    ("undefined alias", "tham chiếu “*tên” chưa được khai báo bằng “&tên” ở trước"),
    ("could not find expected ':'", "thiếu dấu “:” sau tên trường (hoặc dòng trước chưa đóng ngoặc kép)"),
    ("expected <block end>", "thụt lề không thẳng hàng: các trường cùng cấp phải bắt đầu ở cùng một cột"),
    ("did not find expected key", "thụt lề không thẳng hàng: các trường cùng cấp phải bắt đầu ở cùng một cột"),
    ("did not find expected '-'", "các mục của danh sách phải thẳng hàng, mỗi mục bắt đầu bằng “- ”"),
    ("unknown escape character", "trong dấu ngoặc kép, “\\” phải viết là “\\\\”; hoặc dùng dấu ngoặc đơn ' '"),
    ("expected ',' or ']'", "danh sách trong ngoặc vuông thiếu “,” hoặc “]”"),
    ("expected ',' or '}'", "bảng trong ngoặc nhọn thiếu “,” hoặc “}”"),
    ("control characters are not allowed", "tệp chứa ký tự điều khiển không in được; có thể đây không phải tệp "
                                           "văn bản YAML (ví dụ tệp Word, Excel hay tệp nén)"),
    ("found duplicate anchor", "tên “&tên” được khai báo hai lần"),
]


def _syntax_message(e: yaml.YAMLError, text: str) -> tuple[str, int | None]:
    mark = getattr(e, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if line is None and isinstance(getattr(e, "position", None), int):  # ReaderError: a bad character
        line = text[:e.position].count("\n") + 1
    problem = getattr(e, "problem", None) or str(e)
    col = f" (cột {mark.column + 1})" if mark else ""
    for words, vi in _YAML_PROBLEMS:
        if words in problem:
            if vi is None:
                ch = text[mark.index] if mark and mark.index < len(text) else ""
                if ch == "\t":
                    vi = "dùng phím Tab để thụt lề; YAML chỉ chấp nhận dấu cách"
                else:
                    vi = (f"giá trị không được bắt đầu bằng “{ch}”; đặt cả giá trị trong dấu ngoặc kép, "
                          f"ví dụ \"{ch}...\"")
            return f"lỗi cú pháp YAML{col}: {vi}", line
    return f"lỗi cú pháp YAML{col} ({problem})", line


class _TooBig(Exception):
    pass


def _line_index(node: yaml.Node, name: str, problems: list[Problem]) -> dict:
    """Map each YAML path (tuple of keys/indexes) to its 1-based line; report keys written twice
    (YAML would keep the last silently) and refuse alias bombs and alias cycles."""
    out: dict = {}
    count = 0
    stack: set[int] = set()

    def walk(node: yaml.Node, prefix: tuple) -> None:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise _TooBig
        if id(node) in stack:
            problems.append(Problem(name, _path(prefix), "tham chiếu “*tên” trỏ vào chính nó (vòng lặp); bỏ tham "
                                                         "chiếu đó", node.start_mark.line + 1))
            return
        out.setdefault(prefix, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            stack.add(id(node))
            seen: dict = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    problems.append(Problem(name, _path(prefix), "tên trường phải là chữ, không phải danh sách hay "
                                                                 "bảng", k.start_mark.line + 1))
                    continue
                key = k.value
                if key != "<<":
                    if key in seen:
                        problems.append(Problem(
                            name, _path(prefix + (key,)),
                            f"trường “{key}” ghi hai lần (dòng {seen[key]} và dòng {k.start_mark.line + 1}); "
                            f"YAML sẽ bỏ mất giá trị ở dòng {seen[key]}: gộp lại thành một",
                            k.start_mark.line + 1))
                    else:
                        seen[key] = k.start_mark.line + 1
                out.setdefault(prefix + (key,), k.start_mark.line + 1)
                walk(v, prefix + (key,))
            stack.discard(id(node))
        elif isinstance(node, yaml.SequenceNode):
            stack.add(id(node))
            for i, v in enumerate(node.value):
                walk(v, prefix + (i,))
            stack.discard(id(node))

    walk(node, ())
    return out


def _path(loc: tuple) -> str:
    return _format_path(tuple(p if isinstance(p, (int, str)) else str(p) for p in loc))


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode": UTF-16 with its mark
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise InputError([Problem(name, "", "tệp không được lưu với bảng mã UTF-8 (ký tự lạ ở đây); mở tệp bằng "
                                            "trình soạn thảo rồi lưu lại với bảng mã UTF-8 (Notepad: Lưu thành → "
                                            "Mã hóa: UTF-8)", line)]) from None


def read_yaml(path: Path) -> tuple[object, dict]:
    name = str(path)
    path = Path(path)

    def fail(message: str, line: int | None = None):
        raise InputError([Problem(name, "", message, line)])

    try:
        if path.is_dir():
            fail("là một thư mục, không phải tệp; cần tệp dữ liệu .yaml")
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            fail(f"tệp quá lớn ({size / 1024 / 1024:.1f} MB, tối đa {MAX_YAML_BYTES // 1024 // 1024} MB) cho một "
                 "tệp dữ liệu YAML")
        raw = path.read_bytes()
    except FileNotFoundError:
        fail("không tìm thấy tệp")
    except PermissionError:
        fail("không có quyền đọc tệp")
    except OSError as e:
        fail(f"không đọc được tệp (mã lỗi {e.errno})")
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0") or raw.startswith(b"%PDF"):
        fail("không phải tệp văn bản YAML (là tệp Word, Excel, PDF hoặc tệp nén); cần tệp .yaml soạn bằng trình "
             "soạn thảo văn bản")
    text = unicodedata.normalize("NFC", _decode(raw, name))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail("tệp rỗng (không có dữ liệu nào); cần các trường dạng “tên_trường: giá trị”")
    try:
        loader = _Loader(text)
        try:
            # One parse: the node tree gives the lines, the same tree gives the data.
            node = loader.get_single_node()
            problems: list[Problem] = []
            lines = _line_index(node, name, problems) if node is not None else {}
            if problems:
                raise InputError(problems)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        message, line = _syntax_message(e, text)
        fail(message, line)
    except _TooBig:
        fail(f"tệp dùng tham chiếu “*tên” lồng nhau, trải ra quá {MAX_NODES} giá trị; viết thẳng các giá trị, "
             "không dùng tham chiếu lồng nhau")
    except RecursionError:
        fail("dữ liệu lồng nhau quá sâu")
    return data, lines


_DATE_DASH = re.compile(r"(\d{1,2})[-.](\d{1,2})[-.](\d{4})")
_DATE_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def ngay_dd_mm_yyyy(text: str) -> str:
    """A date typed the usual Vietnamese ways ("15-12-2026", "15.12.2026", "ngày 15 tháng 12 năm
    2026") as "15/12/2026"; any other text unchanged (the date parser judges it)."""
    s = " ".join(unicodedata.normalize("NFC", text).split())
    m = _DATE_DASH.fullmatch(s) or _DATE_WORDS.fullmatch(s)
    if m:
        return f"{int(m.group(1)):02d}/{int(m.group(2)):02d}/{m.group(3)}"
    return text


def _clean(value):
    """Every text of the file under the one rule of ``generator.safety``: characters XML 1.0
    cannot hold (pasted control characters) are removed here, once, so that the .docx, the .xlsx
    and the PDF all show the same text."""
    if isinstance(value, str):
        return safety.xml_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def load_model(path: Path, model: type[M]) -> M:
    """Read a YAML file into ``model``; every problem is reported with its place."""
    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        what = "một danh sách" if isinstance(data, list) else f"một giá trị đơn “{str(data)[:40]}”"
        raise InputError([Problem(str(path), "", f"nội dung tệp là {what}; cần các trường dạng "
                                                 "“tên_trường: giá trị”, mỗi trường một dòng")])
    data = _clean(data)
    if isinstance(data.get("ngay"), str):
        data["ngay"] = ngay_dd_mm_yyyy(data["ngay"])
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
