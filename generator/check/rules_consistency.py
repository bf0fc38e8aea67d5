"""Consistency of the documents a text cites (CONS-001, CONS-002).

Citations are found in free text, in every paragraph (body, tables, annexes):

    <Loại> số <số/ký hiệu> ngày <d>/<m>/<yyyy>
    <Loại> số <số/ký hiệu> ngày <d> tháng <m> năm <yyyy>

- CONS-001: one số/ký hiệu cited with two different dates.
- CONS-002: the document's own số/ký hiệu cited with a date other than its header date (the
  Kèm theo lines of the annexes are PL-005's).

Both are warnings: numbering restarts every year and many agencies share a ký hiệu such as
"KH-UBND", so the same số/ký hiệu can name two different documents. An issuer named after the
date ("… của UBND huyện") that differs between two citations is taken as two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Blocks
from .common import short
from .findings import CANH_BAO, Finding
from .model import DocModel, Para, norm_text
from .rules_annex import annexes, header_number_date

LOAI = ("Nghị quyết liên tịch", "Nghị quyết", "Quyết định", "Kế hoạch", "Kết luận", "Chỉ thị", "Công văn",
        "Văn bản", "Thông tư liên tịch", "Thông tư", "Nghị định", "Thông báo", "Báo cáo", "Chương trình",
        "Tờ trình", "Hướng dẫn", "Luật", "Công điện", "Quy định", "Quy chế", "Đề án", "Pháp lệnh",
        "Thông cáo", "Phương án", "Biên bản")
_LOAI = "|".join(re.escape(x) for x in LOAI)
_SK = r"\d+[^\W_]*(?:[/-][^\W_]+)+"
_DATE = (r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
         r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4}))")
CITATION = re.compile(rf"(?<![^\W_])(?P<loai>(?i:{_LOAI}))\s+(?i:số)\s*:?\s*(?P<sk>{_SK})\s*,?\s*(?i:ngày)\s+{_DATE}"
                      r"(?=(?P<tail>.{0,80}))")
_ISSUER_STOP = re.compile(r"[,;.:()]|\s(?:về|ban hành|triển khai|thực hiện|quy định|hướng dẫn|và|tại|phê duyệt|"
                          r"theo|đối với|trên|nhằm|để|đã|được)\s")
_ABBR = (("ubnd", "ủy ban nhân dân"), ("hđnd", "hội đồng nhân dân"), ("ttg", "thủ tướng chính phủ"),
         ("tw", "trung ương"), ("bch", "ban chấp hành"))


@dataclass
class Citation:
    p: Para
    loai: str
    sk: str  # normalised số/ký hiệu (the key)
    raw: str  # số/ký hiệu as written
    date: tuple[int, int, int]
    issuer: str | None
    text: str  # the matched citation

    @property
    def date_text(self) -> str:
        d, m, y = self.date
        return f"{d:02d}/{m:02d}/{y}"


def _norm_sk(s: str) -> str:
    return re.sub(r"\s+", "", s).upper()


def _issuer(tail: str) -> str | None:
    m = re.match(r"\s*,?\s*của\s+(?P<who>.+)", tail)
    if not m:
        return None
    who = _ISSUER_STOP.split(" " + m.group("who") + " ", maxsplit=1)[0].strip().lower()
    for a, b in _ABBR:
        who = re.sub(rf"(?<![^\W_]){a}(?![^\W_])", b, who)
    return " ".join(who.split()) or None


def _same_issuer(a: str | None, b: str | None) -> bool:
    """Unknown on either side, or one name a word prefix of the other ("UBND tỉnh" ~ "UBND tỉnh X")."""
    if not a or not b:
        return True
    wa, wb = a.split(), b.split()
    n = min(len(wa), len(wb))
    return wa[:n] == wb[:n]


def citations(doc: DocModel) -> list[Citation]:
    out = []
    for p in doc.paragraphs:
        t = norm_text(p.text)
        if "số" not in t.lower():
            continue
        for m in CITATION.finditer(t):
            d = m.group("d") or m.group("d2")
            mo = m.group("m") or m.group("m2")
            y = m.group("y") or m.group("y2")
            sk = _norm_sk(m.group("sk"))
            if not any(c.isalpha() for c in sk):
                continue
            date = (int(d), int(mo), int(y))
            text = t[m.start():m.start("tail")]
            out.append(Citation(p, m.group("loai"), sk, m.group("sk"), date, _issuer(m.group("tail")), text))
    return out


def check(doc: DocModel, b: Blocks) -> list[Finding]:
    cites = citations(doc)
    if not cites:
        return []
    out: list[Finding] = []
    so, kh, date = header_number_date(b)
    own = _norm_sk(f"{so}/{kh}") if so and kh else None
    kem_theo = {a.kem_theo.order for a in annexes(doc, b) if a.kem_theo is not None}
    # CONS-002: the document cites itself.
    if own and date and None not in date:
        for c in cites:
            if c.sk == own and c.date != date and c.p.order not in kem_theo:
                d, m, y = date
                out.append(Finding("CONS-002", CANH_BAO, c.p.place, short(c.text),
                                   f"văn bản dẫn chính số, ký hiệu {so}/{kh} với ngày {c.date_text}, khác ngày ban "
                                   f"hành ghi ở phần đầu ({d:02d}/{m:02d}/{y}); dẫn chiếu phải ghi đúng ngày"))
    # CONS-001: one số/ký hiệu, two dates.
    seen: set = set()
    by_sk: dict[str, list[Citation]] = {}
    for c in cites:
        if c.sk != own:
            by_sk.setdefault(c.sk, []).append(c)
    for sk, group in by_sk.items():
        for i, first in enumerate(group):
            for other in group[i + 1:]:
                if other.date == first.date or not _same_issuer(first.issuer, other.issuer):
                    continue
                key = (sk, frozenset((first.date, other.date)))
                if key in seen:
                    continue
                seen.add(key)
                out.append(Finding(
                    "CONS-001", CANH_BAO, other.p.place, short(other.text),
                    f"cùng một văn bản số {first.raw} được dẫn với hai ngày khác nhau: {first.date_text} "
                    f"({first.p.place}) và {other.date_text} ({other.p.place}); dẫn chiếu phải ghi thống nhất, "
                    "đúng ngày ban hành"))
    return out
