"""Invisible and direction characters (TEXT-003), in every text the reader reads: body paragraphs,
tables, text boxes, headers and footers, footnotes and endnotes.

Such a character prints nothing or reorders what prints, so the text shown (and signed) differs
from the text stored, searched and copied: behind U+202E "000.000.001 đồng" shows as
"100.000.000 đồng". The characters are those of ``text.ky_tu_an``. Embeddings, overrides and
isolates (they reorder the text) are errors; zero-width characters, direction marks, the
byte-order mark and the Unicode line and paragraph separators are warnings.

One finding per paragraph, quoting the text around the first such character with every one
shown by its code ("‹U+202E›"); consecutive paragraphs with the same characters make one finding
("đoạn 3 … đoạn 9"), and beyond ``PER_RULE`` findings alike the rest are summarised.
"""

from __future__ import annotations

from ..text.ky_tu_an import DOI_CHIEU, KY_TU_AN, mo_ta, tim_ky_tu_an
from .blocks import Blocks
from .common import PER_RULE, Collector
from .findings import CANH_BAO, LOI, Finding
from .model import DocModel, Para, W

RULE = "TEXT-003"
SEVERITY = {RULE: CANH_BAO}
AROUND = 20  # characters quoted on each side of the first one found


def shown(text: str) -> str:
    """``text`` with each invisible or direction character written as its code."""
    return KY_TU_AN.sub(lambda m: f"‹U+{ord(m.group()):04X}›", text)


def _quote(text: str) -> str:
    i = KY_TU_AN.search(text).start()
    a, z = max(0, i - AROUND), min(len(text), i + 1 + AROUND)
    s = ("…" if a else "") + shown(text[a:z]) + ("…" if z < len(text) else "")
    return " ".join(s.split())


def _message(chars: list[str]) -> tuple[str, str]:
    if any(DOI_CHIEU.match(c) for c in chars):
        return LOI, (f"đoạn chứa ký tự ẩn điều khiển chiều chữ ({mo_ta(chars)}): chữ hiển thị, chữ in ra khác "
                     "chữ lưu trong tệp (thứ tự chữ, chữ số bị đảo khi hiển thị nên số tiền, số hiệu có thể bị "
                     "đọc sai); xóa các ký tự này rồi gõ lại đoạn chữ")
    return CANH_BAO, (f"đoạn chứa ký tự ẩn ({mo_ta(chars)}): chữ hiển thị khác chữ lưu trong tệp (tìm kiếm, sao "
                      "chép, đối chiếu cho kết quả sai); xóa các ký tự này")


def _report(run: list[Para], out: Collector) -> None:
    first, last = run[0], run[-1]
    chars = tim_ky_tu_an(first.text)
    severity, message = _message(chars)
    place = first.place if len(run) == 1 else f"{first.place} … {last.place}"
    text = _quote(first.text) + (f" (và {len(run) - 1} đoạn liền sau)" if len(run) > 1 else "")
    out.add(RULE, place, message, text=text, severity=severity)


def _scan(paragraphs: list[Para], out: Collector) -> None:
    run: list[Para] = []
    key: frozenset = frozenset()
    for p in paragraphs:
        chars = frozenset(tim_ky_tu_an(p.text))
        if run and chars == key:
            run.append(p)
            continue
        if run:
            _report(run, out)
        run, key = ([p], chars) if chars else ([], frozenset())
    if run:
        _report(run, out)


def check(doc: DocModel, b: Blocks) -> list[Finding]:
    out = Collector(SEVERITY, per_rule=PER_RULE)
    _scan(doc.paragraphs, out)
    for name, root in doc.header_footer_parts():
        paras = [doc.header_paragraph(q) for q in root.iter(f"{W}p")]
        for k, p in enumerate(paras, start=1):
            p.place = f"{name}, đoạn {k}"
        _scan(paras, out)
    _scan(doc.notes, out)
    return out.findings()
