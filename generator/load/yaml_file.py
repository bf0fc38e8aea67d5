"""YAML files (plans, agency registries, period files) -> models.

What a clerk typed is never turned into another value. YAML 1.1 reads ``010`` as the octal 8,
``1:20`` as 80, ``1_000`` as 1000, ``0x1A`` as 26, ``yes``/``no``/``on``/``off`` as true/false,
and ``2026-04-08`` as a date. This loader resolves a plain value to something other than text only
when it has one reading: ``true``/``false``, ``null``/``~``/nothing, and a decimal integer written
without a leading zero (at most 18 digits). Everything else stays the text typed; a field that
needs a number reads it by decimal rules (``so: 010`` is 10) or refuses it with its place
(``vanban.model.base.so_nguyen``, ``so_thuc``). Explicit tags other than ``!!str`` are refused.

Invisible and direction characters (``vanban.text.ky_tu_an``) are removed before parsing, each
with a warning naming its line and YAML path. A file that is not of the kind expected (no field
the model knows, or not parsed as YAML at all) is described, never quoted.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .. import safety
from ..errors import InputError, Problem
from ..model import DanhMucCoQuan, KeHoach
from ..model.loi import duong_dan, thong_bao
from ..text.ky_tu_an import KY_TU_AN, bo_ky_tu_an, mo_ta

M = TypeVar("M", bound=BaseModel)

_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10× faster

STR_TAG = "tag:yaml.org,2002:str"
_MAX_INT_DIGITS = 18


class _Loader(_SafeBase):
    """Safe loader with the resolution rules of the module notes."""

    def construct_yaml_int(self, node):  # only ever given what the int resolver below accepts
        return int(self.construct_scalar(node), 10)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(rf"^(?:0|-?[1-9][0-9]{{0,{_MAX_INT_DIGITS - 1}}})$"),
                              list("-0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])

MAX_DEPTH = 64  # levels of lists and tables inside each other; a plan uses about 12
MAX_WARNINGS = 50  # warnings about invisible characters, per file


@dataclass
class YamlNotes:
    """What the node tree tells beyond the data: lines, styles, and the warnings met."""

    lines: dict = field(default_factory=dict)  # YAML path (tuple of keys/indexes) -> 1-based line
    flow: set = field(default_factory=set)  # paths of lists/tables written in flow style: [...] {...}
    quoted: set = field(default_factory=set)  # paths of scalars written in quotes or as a block
    block: set = field(default_factory=set)  # paths of scalars written as a block (| or >): text from the next line
    flow_pairs: dict = field(default_factory=dict)  # flow table path -> [(key, value text or None)]
    warnings: list = field(default_factory=list)  # Problem

    def line(self, loc: tuple) -> int | None:
        for k in range(len(loc), -1, -1):
            if loc[:k] in self.lines:
                return self.lines[loc[:k]]
        return None



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


class _TooDeep(Exception):
    def __init__(self, line: int, path: tuple):
        self.line, self.path = line, path


def _expected_tag(loader, node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "tag:yaml.org,2002:map"
    if isinstance(node, yaml.SequenceNode):
        return "tag:yaml.org,2002:seq"
    if node.style:  # quoted, or a block scalar (| >): text
        return STR_TAG
    return loader.resolve(yaml.ScalarNode, node.value, (True, False))


def _line_index(loader, node: yaml.Node, name: str, problems: list[Problem], notes: YamlNotes) -> None:
    """Fill ``notes`` with each YAML path's 1-based line and the styles; report keys written
    twice (YAML would keep the last silently), explicit tags, and refuse alias bombs, alias cycles
    and nesting deeper than ``MAX_DEPTH``."""
    out = notes.lines
    count = 0
    stack: set[int] = set()
    distinct: set[int] = set()  # nodes met, an alias (*name) meeting one again

    def walk(node: yaml.Node, prefix: tuple, depth: int) -> None:
        nonlocal count
        count += 1
        distinct.add(id(node))
        if count > MAX_NODES:
            raise _TooBig(len(distinct) < count)
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1, prefix)
        if id(node) in stack:
            problems.append(Problem(name, _path(prefix), "tham chiếu “*tên” trỏ vào chính nó (vòng lặp); bỏ tham "
                                                         "chiếu đó", node.start_mark.line + 1))
            return
        out.setdefault(prefix, node.start_mark.line + 1)
        if node.tag != _expected_tag(loader, node) and node.tag != STR_TAG:
            problems.append(Problem(name, _path(prefix), "thẻ YAML (bắt đầu bằng “!”) không được chấp nhận; bỏ thẻ "
                                                         "và ghi thẳng giá trị (chữ, số, danh sách hoặc bảng khóa: "
                                                         "giá trị)", node.start_mark.line + 1))
            return
        if isinstance(node, yaml.ScalarNode):
            if node.style:
                notes.quoted.add(prefix)
            if node.style in ("|", ">"):
                notes.block.add(prefix)
        elif isinstance(node, yaml.MappingNode):
            stack.add(id(node))
            if node.flow_style:
                notes.flow.add(prefix)
                notes.flow_pairs[prefix] = [
                    (k.value, None if isinstance(v, yaml.ScalarNode) and not v.style and v.value == ""
                     else (v.value if isinstance(v, yaml.ScalarNode) and not v.style else ""))
                    for k, v in node.value if isinstance(k, yaml.ScalarNode)]
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
                walk(v, prefix + (key,), depth + 1)
            stack.discard(id(node))
        elif isinstance(node, yaml.SequenceNode):
            stack.add(id(node))
            if node.flow_style:
                notes.flow.add(prefix)
            for i, v in enumerate(node.value):
                walk(v, prefix + (i,), depth + 1)
            stack.discard(id(node))

    walk(node, (), 0)


def _scalar_spans(node: yaml.Node) -> list[tuple[int, int, tuple]]:
    """(start, end, path) of every scalar, in characters of the text parsed; aliases not followed
    (a shared value is reported at its first place)."""
    out: list[tuple[int, int, tuple]] = []
    seen: set[int] = set()
    todo = [(node, ())]
    while todo:
        n, prefix = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        if isinstance(n, yaml.ScalarNode):
            out.append((n.start_mark.index, n.end_mark.index, prefix))
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    out.append((k.start_mark.index, k.end_mark.index, prefix + (k.value,)))
                    todo.append((v, prefix + (k.value,)))
        elif isinstance(n, yaml.SequenceNode):
            todo.extend((v, prefix + (i,)) for i, v in enumerate(n.value))
    return out


def _path(loc: tuple) -> str:
    return duong_dan(tuple(p if isinstance(p, (int, str)) else str(p) for p in loc))


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


_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _seems_yaml(name: str, text: str) -> bool:
    """A .yaml/.yml file whose scan reached at least one key that looks like a field name: only
    then may a syntax message show what it found."""
    if not name.lower().endswith((".yaml", ".yml")):
        return False
    loader = _Loader(text)
    try:
        key = False
        while True:
            tok = loader.get_token()
            if tok is None:
                return False
            if key and isinstance(tok, yaml.ScalarToken) and _FIELD_NAME.fullmatch(tok.value):
                return True
            key = isinstance(tok, yaml.KeyToken)
    except (yaml.YAMLError, RecursionError):
        return False
    finally:
        loader.dispose()


def _kind_of(text: str) -> str:
    """What a text file that is not our YAML seems to be, without quoting it."""
    head = text.lstrip()[:200].lower()
    if head.startswith(("<?xml", "<!doctype", "<html", "<")):
        return "tệp HTML hoặc XML"
    rows = [ln for ln in text.splitlines()[:20] if ln.strip() and not ln.lstrip().startswith("#")]
    if rows and sum(1 for ln in rows if re.fullmatch(r"[^\s:]+(:[^:\s]*){2,}", ln.strip())) >= max(1, len(rows) // 2):
        return "tệp văn bản gồm các trường cách nhau bằng “:” (như tệp cấu hình hệ thống)"
    if head.startswith(("{", "[")):
        return "tệp JSON hoặc dữ liệu khác"
    return "tệp văn bản thường"


def _not_ours(name: str, text: str, what: str, line: int | None = None) -> InputError:
    return InputError([Problem(name, "", f"không phải tệp {what} dạng YAML (có vẻ là {_kind_of(text)}); cần tệp "
                                         f".yaml gồm các trường dạng “tên_trường: giá trị”, mỗi trường một dòng",
                               line)])


def _strip_invisible(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without invisible and direction characters, and where each was: (index in the
    new text, character)."""
    found: list[tuple[int, str]] = []
    removed = 0
    for m in KY_TU_AN.finditer(text):
        found.append((m.start() - removed, m.group()))
        if m.group() not in "\u2028\u2029":  # these become a space: the index does not move
            removed += 1
    return bo_ky_tu_an(text), found


def _invisible_warnings(name: str, text: str, found: list[tuple[int, str]], node, notes: YamlNotes) -> None:
    spans = sorted(_scalar_spans(node)) if node is not None else []
    by_place: dict[tuple, list[str]] = {}
    for index, ch in found:
        line = text.count("\n", 0, index) + 1
        path = next((p for start, end, p in spans if start <= index <= end), None)
        place = (line, path if path is not None else "")
        by_place.setdefault(place, [])
        if ch not in by_place[place]:
            by_place[place].append(ch)
    for k, ((line, path), chars) in enumerate(by_place.items()):
        if k == MAX_WARNINGS:
            notes.warnings.append(Problem(name, "", f"và {len(by_place) - k} chỗ khác có ký tự ẩn, từ dòng này trở "
                                                    "đi, đã bỏ", line))
            break
        where = "" if path else " (ngoài giá trị, ví dụ trong chú thích)"
        notes.warnings.append(Problem(
            name, _path(path) if path else "",
            f"đã bỏ ký tự ẩn{where}: {mo_ta(chars)}; ký tự này không hiện ra nhưng làm chữ lưu khác chữ nhìn thấy "
            "(thường do dán từ trang web hay phần mềm khác)", line))


def read_yaml(path: Path, fields: set[str] | None = None, what: str = "dữ liệu") -> tuple[object, YamlNotes]:
    """The data of a YAML file and its notes. ``fields``: the top-level fields of the model it is
    read into; a table with none of them is refused as a file of another kind, without quoting it.
    ``what`` names the kind of file expected ("Kế hoạch", "danh mục cơ quan")."""
    name = str(path)
    path = Path(path)

    def fail(message: str, line: int | None = None):
        raise InputError([Problem(name, "", message, line)])

    try:
        raw = safety.read_regular(path, MAX_YAML_BYTES, "tệp dữ liệu .yaml")
    except safety.FileRefused as e:
        fail(str(e))
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0") or raw.startswith(b"%PDF"):
        fail("không phải tệp văn bản YAML (là tệp Word, Excel, PDF hoặc tệp nén); cần tệp .yaml soạn bằng trình "
             "soạn thảo văn bản")
    text = unicodedata.normalize("NFC", _decode(raw, name))
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        fail("tệp rỗng (không có dữ liệu nào); cần các trường dạng “tên_trường: giá trị”")
    text, invisible = _strip_invisible(text)
    notes = YamlNotes()
    try:
        loader = _Loader(text)
        try:
            # One parse: the node tree gives the lines, the same tree gives the data.
            node = loader.get_single_node()
            problems: list[Problem] = []
            if node is not None:
                _line_index(loader, node, name, problems, notes)
            if fields is not None and not _has_known_field(node, fields):
                raise _not_ours(name, text, what)
            if problems:
                raise InputError(problems)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        if not isinstance(e, yaml.reader.ReaderError) and not _seems_yaml(name, text):
            mark = getattr(e, "problem_mark", None)
            raise _not_ours(name, text, what, mark.line + 1 if mark else None) from None
        message, line = _syntax_message(e, text)
        fail(message, line)
    except _TooBig as e:
        if e.args and e.args[0]:
            fail(f"tệp dùng tham chiếu “*tên” lồng nhau, trải ra quá {MAX_NODES} giá trị; viết thẳng các giá trị, "
                 "không dùng tham chiếu lồng nhau")
        fail(f"tệp có quá {MAX_NODES} giá trị (trường, mục danh sách), quá lớn để xử lý (một kế hoạch có khoảng "
             f"{MAX_NODES // 8} nhiệm vụ là tối đa); chia thành nhiều tệp nhỏ hơn")
    except _TooDeep as e:
        shown = _path(e.path[:8]) + ("…" if len(e.path) > 8 else "")
        raise InputError([Problem(name, shown, f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách "
                                                       "hoặc bảng lồng trong nhau)", e.line)]) from None
    except RecursionError:
        fail(f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách hoặc bảng lồng trong nhau)")
    if invisible:
        _invisible_warnings(name, text, invisible, node, notes)
    return data, notes


def _has_known_field(node, fields: set[str]) -> bool:
    if not isinstance(node, yaml.MappingNode):
        return True  # the caller says what the content is instead
    keys = [k.value for k, _v in node.value if isinstance(k, yaml.ScalarNode)]
    return not keys or any(k in fields or k == "<<" for k in keys)


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
    """Every text of the file under the one rule of ``vanban.safety``: characters XML 1.0
    cannot hold (pasted control characters) are removed here, once, so that the .docx, the .xlsx
    and the PDF all show the same text. (Depth is bounded by ``MAX_DEPTH``.)"""
    if isinstance(value, str):
        return safety.xml_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


# What the loader calls each kind of file, in its messages.
_WHAT = {"KeHoach": "Kế hoạch", "DanhMucCoQuan": "danh mục cơ quan", "ThongTinKy": "thông tin kỳ báo cáo"}


def _flow_hint(loc: tuple, notes: YamlNotes) -> str:
    """For a field a flow table produced out of a comma (``{noi_dung: Rà soát, cập nhật}``): the
    exact fix, or ""."""
    pairs = notes.flow_pairs.get(loc[:-1])
    if not pairs or not isinstance(loc[-1], str):
        return ""
    keys = [k for k, _v in pairs]
    if loc[-1] not in keys:
        return ""
    i = keys.index(loc[-1])
    if pairs[i][1] is not None:
        return ""
    j = i
    while j > 0 and pairs[j][1] is None:
        j -= 1
    if pairs[j][1] is None or not pairs[j][1] or (loc[:-1] + (pairs[j][0],)) in notes.quoted:
        return ""
    end = i
    while end + 1 < len(pairs) and pairs[end + 1][1] is None:
        end += 1
    joined = ", ".join([pairs[j][1]] + [k for k, _v in pairs[j + 1:end + 1]])
    return (f"; nếu “{loc[-1]}” là phần sau dấu phẩy của giá trị “{pairs[j][0]}”, đặt cả giá trị trong dấu ngoặc "
            f"kép: {pairs[j][0]}: \"{joined}\" (trong {{ }} dấu phẩy tách các trường)")


def _column_hint(loc: tuple) -> str:
    """For an unknown key of a task (``phu_luc[0].nhom[1].nhiem_vu[3].nguon_von``): how to make it
    a column of the annex."""
    if len(loc) < 4 or loc[0] != "phu_luc" or not isinstance(loc[1], int) or "nhiem_vu" not in loc[2:-1]:
        return ""
    from ..model import NhiemVu

    near = difflib.get_close_matches(str(loc[-1]), list(NhiemVu.model_fields), n=1, cutoff=0.8)
    if near:
        return f"; có phải “{near[0]}”?"
    return (f"; nếu “{loc[-1]}” là một cột mới của phụ lục, khai báo cột đó trong phu_luc[{loc[1]}].cot "
            f"(“- ma: {loc[-1]}” với “tieu_de: …”)")


def read_model(path: Path, model: type[M]) -> tuple[M, YamlNotes]:
    """Read a YAML file into ``model``, with the notes (lines, styles, warnings); every problem is
    reported with its place."""
    what = _WHAT.get(model.__name__, "dữ liệu")
    data, notes = read_yaml(path, set(model.model_fields), what)
    if not isinstance(data, dict):
        if isinstance(data, list):
            kind = "một danh sách"
        elif isinstance(data, str):
            kind = "một giá trị đơn (một đoạn chữ, không có trường “tên_trường: giá trị” nào)"
        else:
            kind = "một giá trị đơn"
        raise InputError([Problem(str(path), "", f"nội dung tệp là {kind}; cần các trường của {what} dạng "
                                                 "“tên_trường: giá trị”, mỗi trường một dòng")])
    data = _clean(data)
    if isinstance(data.get("ngay"), str):
        data["ngay"] = ngay_dd_mm_yyyy(data["ngay"])
    try:
        return model.model_validate(data), notes
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = tuple(err["loc"])
            if loc[-1:] == ("[key]",):  # a name refused (truong_them): the place is the name's own
                loc = loc[:-1]
            message = thong_bao(err)
            if err["type"] == "extra_forbidden":
                message += _flow_hint(loc, notes) + _column_hint(loc)
            problems.append(Problem(str(path), duong_dan(loc), message, notes.line(loc)))
        raise InputError(problems) from None


def load_model(path: Path, model: type[M], warnings: list[Problem] | None = None) -> M:
    """Read a YAML file into ``model``; every problem is reported with its place. The warnings
    (invisible characters removed) are added to ``warnings`` when given."""
    value, notes = read_model(Path(path), model)
    if warnings is not None:
        warnings.extend(notes.warnings)
    return value


def load_plan(path: Path | str, warnings: list[Problem] | None = None) -> KeHoach:
    return load_model(Path(path), KeHoach, warnings)


def doc_danh_muc(path: Path | str, warnings: list[Problem] | None = None) -> DanhMucCoQuan:
    return load_model(Path(path), DanhMucCoQuan, warnings)
