r"""Body text (nội dung) in the numbering clerks type, recognised level by level.

A plan body is typed as plain lines, as clerks write it::

    I. MỤC ĐÍCH, YÊU CẦU          -> muc        (Roman numeral; heading, bold, upper case)
    1. Mục đích                    -> khoan      (Arabic; bold when it is a title)
    1.1. Đổi mới tư duy ...        -> tieu_khoan (bold when it is a title)
    a) Quan trắc ...               -> diem       (Vietnamese letters)
    - Tổ chức rà soát ...          -> gach       (dash item)
    + Rà soát ...                  -> cong       (plus item)
    any other line                 -> doan       (plain paragraph)

Inline marks: ``**bold**``, ``*italic*``, ``H~2~O`` (subscript), ``m^3^`` (superscript) and
footnotes ``^[text of the note]``. A backslash keeps a mark character as text (``\*``, ``\^``,
``\~``, ``\[``, ``\]``, ``\\``); ``escape_inline`` adds them to text typed by others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .danh_so import VIETNAMESE_LETTERS, letter, roman

LEVELS = ("phan", "chuong", "muc", "khoan", "tieu_khoan", "diem", "gach", "cong", "doan")

_PATTERNS = [
    ("phan", re.compile(r"^(Phần (?P<n>[IVXLC]+))\s*[.:]?\s*(?P<rest>.*)$")),
    ("chuong", re.compile(r"^(Chương (?P<n>[IVXLC]+))\s*[.:]?\s*(?P<rest>.*)$")),
    ("muc", re.compile(r"^(?P<n>[IVXLC]+)\.\s+(?P<rest>\S.*)$")),
    ("tieu_khoan", re.compile(r"^(?P<n>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<rest>\S.*)$")),
    ("khoan", re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<rest>\S.*)$")),
    ("diem", re.compile(r"^(?P<n>[a-zđ])\)\s+(?P<rest>\S.*)$")),
    ("gach", re.compile(r"^[-–]\s+(?P<rest>\S.*)$")),
    ("cong", re.compile(r"^\+\s+(?P<rest>\S.*)$")),
]

_DEPTH = {"phan": 0, "chuong": 1, "muc": 2, "khoan": 3, "tieu_khoan": 4, "diem": 5,
          "gach": 6, "cong": 7, "doan": 8}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    vert: str | None = None  # "sub" | "sup"
    note: list[Run] | None = None  # a footnote: its own runs, ``text`` unused


@dataclass
class Para:
    level: str
    runs: list[Run]
    number: str | None = None  # "I", "1", "1.1", "a"
    title: bool = False  # a heading line (bold), not running text
    line: int = 0  # 1-based line in the source text

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs if r.note is None)


@dataclass
class Issue:
    line: int
    message: str


_INLINE = re.compile(
    r"\^\[(?P<note>(?:[^\[\]]|\[[^\]]*\])*)\]"  # ^[footnote]
    r"|\*\*(?P<b>.+?)\*\*"
    r"|\*(?P<i>[^*\s][^*]*?)\*"
    r"|~(?P<sub>[^~\s]+)~"
    r"|\^(?P<sup>[^\^\s\[]+)\^"
)


_MARKS = "\\*^~[]"
# Escaped mark characters travel through the parser as private-use characters.
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate(_MARKS)}
_SHOW = {v: k for k, v in _HIDE.items()}
_SHOW_TABLE = str.maketrans(_SHOW)
_HAS_MARK = re.compile("[" + re.escape(_MARKS) + "]")
_ESCAPED = re.compile(r"\\([\\*^~\[\]])")


def escape_inline(text: str) -> str:
    """Text whose mark characters must stay literal (an agency's free text, say)."""
    return "".join("\\" + c if c in _MARKS else c for c in text)


def _show(text: str) -> str:
    return text.translate(_SHOW_TABLE)


def parse_inline(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    """Split text into runs by the inline marks."""
    runs = _parse_inline(_ESCAPED.sub(lambda m: _HIDE[m.group(1)], text), bold, italic)
    _restore(runs)
    return runs


def _restore(runs: list[Run]) -> None:
    for r in runs:
        r.text = _show(r.text)
        if r.note is not None:
            _restore(r.note)


def _parse_inline(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()], bold, italic))
        if m.group("note") is not None:
            runs.append(Run("", note=_parse_inline(m.group("note").strip())))
        elif m.group("b") is not None:
            runs.extend(_parse_inline(m.group("b"), True, italic))
        elif m.group("i") is not None:
            runs.extend(_parse_inline(m.group("i"), bold, True))
        elif m.group("sub") is not None:
            runs.append(Run(m.group("sub"), bold, italic, vert="sub"))
        else:
            runs.append(Run(m.group("sup"), bold, italic, vert="sup"))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, italic))
    return [r for r in runs if r.text or r.note is not None]


def has_marks(text: str) -> bool:
    """Does ``text`` hold an inline mark character (bold, italic, sub, sup, footnote, escape)?"""
    return _HAS_MARK.search(text) is not None


def plain(text: str) -> str:
    """The visible text without inline marks or footnotes."""
    if not _HAS_MARK.search(text):
        return text  # no mark: the text as it is (most cells of a long table)
    return "".join(r.text for r in parse_inline(text) if r.note is None)


def classify(line: str) -> tuple[str, str | None, str]:
    """(level, number, rest-of-line) of one body line."""
    for level, pat in _PATTERNS:
        m = pat.match(line)
        if m:
            n = m.groupdict().get("n")
            rest = m.group("rest")
            if level in ("phan", "chuong"):
                return level, n, line
            return level, n, rest
    return "doan", None, line


def parse_body(text: str) -> list[Para]:
    """Recognise the level of each non-empty line of a body text."""
    text = unicodedata.normalize("NFC", text)
    raw: list[tuple[int, str, str | None, str, str]] = []
    for i, line in enumerate(text.splitlines(), start=1):
        s = " ".join(line.split())  # collapse stray spaces and tabs
        if not s:
            continue
        level, number, rest = classify(s)
        raw.append((i, level, number, rest, s))
    paras: list[Para] = []
    for k, (i, level, number, rest, full) in enumerate(raw):
        nxt = raw[k + 1][1] if k + 1 < len(raw) else None
        title = _is_title(level, rest, nxt)
        # The numbered label stays part of the text, as clerks type it; a title's bold or
        # italic comes from its paragraph style, so runs carry only the inline marks.
        runs = parse_inline(full)
        paras.append(Para(level, runs, number, title, i))
    return paras


def _is_title(level: str, rest: str, next_level: str | None) -> bool:
    if level in ("phan", "chuong", "muc"):
        return True
    if level not in ("khoan", "tieu_khoan", "diem"):
        return False
    visible = plain(rest).strip()
    if visible.endswith((".", ";")) or len(visible) > 200:
        return False
    # A title is followed by its own content at a deeper level.
    return next_level is not None and _DEPTH[next_level] > _DEPTH[level]


def check_numbering(paras: list[Para]) -> list[Issue]:
    """Numbering sequences: I, II, III; 1, 2, 3 (restart under each higher level); a, b, c, d, đ, e, g."""
    issues: list[Issue] = []
    counters: dict[str, int] = {}
    order = ["phan", "chuong", "muc", "khoan", "tieu_khoan", "diem"]
    for p in paras:
        if p.level not in order or p.number is None:
            continue
        # A higher level restarts every level below it.
        for lower in order[order.index(p.level) + 1:]:
            counters.pop(lower, None)
        n = counters.get(p.level, 0) + 1
        counters[p.level] = n
        if p.level in ("phan", "chuong", "muc"):
            expected = roman(n)
        elif p.level == "khoan":
            expected = str(n)
        elif p.level == "tieu_khoan":
            parent = counters.get("khoan")
            expected = f"{parent}.{n}" if parent else None
            if expected and p.number.count(".") > 1:
                expected = None  # deeper sub-numbering is not checked
        else:
            expected = letter(n) if n <= len(VIETNAMESE_LETTERS) else None
            if p.number in ("f", "j", "w", "z"):
                issues.append(Issue(p.line, f"điểm “{p.number})” không có trong bảng chữ cái tiếng Việt; "
                                            "dùng a, b, c, d, đ, e, g, h, i, k…"))
                continue
        if expected is not None and p.number != expected:
            issues.append(Issue(p.line, f"số thứ tự “{p.number}” không liền mạch; mong đợi “{expected}”"))
            if p.level == "khoan" and p.number.isdigit():
                counters[p.level] = int(p.number)
    return issues
