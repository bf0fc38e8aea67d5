"""Annexes (PL-001..006): the "Phụ lục" label, its title, the "(Kèm theo …)" line, and the
body's reference to every annex. The landscape check of annex sections is PAGE-003.

The annexes, their title lines and Kèm theo lines are those ``Blocks`` found (``blocks._annex_title``:
the paragraphs between the label and the Kèm theo line; without a Kèm theo line the first lines
that look like a title, upper case or bold and centred), the reading ``nhap`` imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.danh_so import roman
from .blocks import Annex, Blocks, is_rule_para
from .common import JC_NAME, PER_RULE, Collector, in_range, is_upper, run_sizes, short, size_text
from .findings import CANH_BAO, LOI, Finding
from .model import W, DocModel, Para, norm_text

SEVERITY = {"PL-001": LOI, "PL-002": LOI, "PL-003": LOI, "PL-004": LOI, "PL-005": LOI, "PL-006": LOI}

# "(Kèm theo …)", and "(Ban hành kèm theo …)" as annexes issued with a plan are also headed.
_KEM_THEO = re.compile(r"^\(?\s*(?:(?i:ban hành)\s+)?(?i:kèm theo)\s+(?P<body>.*?)\s*\)?\s*$")
_PARTS = re.compile(r"^(?P<type>.*?)\s+số\b(?P<so>.*?)\bngày\b(?P<date>.*?)(?:\bcủa\b(?P<org>.*))?$")
_DATE_WORDS = re.compile(r"^\s*(?P<d>\S*?)\s*tháng\s*(?P<m>\S*?)\s*năm\s*(?P<y>\S*)\s*$")
_DATE_SLASH = re.compile(r"^\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})\s*$")
_SO_HEADER = re.compile(r"^Số\s*:?\s*(?P<so>\d*)\s*/\s*(?P<kh>\S+)\s*$")
_SO_PART = re.compile(r"^\s*(?P<so>[^/\s]*)\s*/\s*(?P<kh>\S+)\s*$")
_HEADER_DATE = re.compile(r"ngày\s*(?P<d>\S*?)\s*tháng\s*(?P<m>\S*?)\s*năm\s*(?P<y>\S*)\s*$")


def annexes(doc: DocModel, b: Blocks) -> list[Annex]:
    """The annexes as ``Blocks`` found them: where each starts, its title and Kèm theo line."""
    return list(b.annexes)


def check(doc: DocModel, b: Blocks) -> list[Finding]:
    parts = annexes(doc, b)
    if not parts:
        return []
    out = Collector(SEVERITY, per_rule=PER_RULE, paragraphs=doc.paragraphs)
    for a in parts:
        _label(doc, a, out)
        _title(a, out)
        _kem_theo(b, a, out)
    _numerals([a for a in parts if a.labelled], out)
    _mentioned(doc, b, parts, out)
    return out.findings()


# ---- PL-001 --------------------------------------------------------------------------------------

def _page_break_in(p: Para) -> bool:
    return any(br.get(f"{W}type") == "page" for br in p.el.iter(f"{W}br"))


def _section_starts_page(doc: DocModel, index: int) -> bool:
    if index >= len(doc.sections):
        return True
    t = doc.sections[index].el.find(f"{W}type")
    return t is None or t.get(f"{W}val") not in ("continuous", "nextColumn")


def starts_page(doc: DocModel, p: Para) -> bool:
    """The paragraph is the first thing on its page: page break before it, a page break after
    the last content before it, or a section that starts on a new page."""
    if p.ppr.page_break_before or _page_break_in(p):
        return True
    for q in reversed(doc.paragraphs[:p.order]):
        if q.in_textbox:
            continue
        if q.section != p.section:
            return _section_starts_page(doc, p.section)
        if _page_break_in(q):
            return True
        if q.table is not None or q.text.strip() or is_rule_para(q):
            return False
    return True


def _label(doc: DocModel, a: Annex, out: Collector) -> None:
    p = a.label
    if not a.labelled:  # its title is checked as the title, its page here
        if not a.danh_muc:
            out.add("PL-001", p, "phụ lục phải có nhãn “Phụ lục” (kèm số La Mã khi có từ hai phụ lục) ở dòng riêng "
                                 "trên tên phụ lục; chỉ danh mục (tên bắt đầu bằng “DANH MỤC”) được trình bày "
                                 "không có nhãn")
        if not starts_page(doc, p):
            out.add("PL-001", p, "phụ lục phải bắt đầu ở trang mới (ngắt trang hoặc ngắt mục trước “Phụ lục”)")
        return
    if a.typed is not None and a.typed.same_line:
        out.add("PL-001", p, "nhãn “Phụ lục” đứng một dòng riêng, tên phụ lục ở dòng dưới (chữ in hoa, đậm)",
                text=short(p.text))
    if not norm_text(p.text).startswith("Phụ lục"):
        out.add("PL-001", p, "từ “Phụ lục” trình bày bằng chữ in thường (chỉ viết hoa chữ đầu)")
    if run_sizes(p) != {14.0}:
        out.add("PL-001", p, "“Phụ lục” cỡ chữ 14", text=f"{size_text(p)}: {short(p.text)}")
    if not p.bold:
        out.add("PL-001", p, "“Phụ lục” phải in đậm")
    if p.italic or any(r.props.italic for r in p.visible_runs):
        out.add("PL-001", p, "“Phụ lục” trình bày kiểu chữ đứng")
    if p.ppr.jc != "center":
        out.add("PL-001", p, f"“Phụ lục” phải căn giữa (đang {JC_NAME.get(p.ppr.jc, p.ppr.jc)})")
    if not starts_page(doc, p):
        out.add("PL-001", p, "phụ lục phải bắt đầu ở trang mới (ngắt trang hoặc ngắt mục trước “Phụ lục”)")


# ---- PL-002 --------------------------------------------------------------------------------------

def _numerals(parts: list[Annex], out: Collector) -> None:
    if len(parts) < 2:
        return
    for k, a in enumerate(parts, start=1):
        expected = roman(k)
        if a.numeral != expected:
            got = a.numeral or "không có số"
            out.add("PL-002", a.label,
                     f"có từ hai phụ lục trở lên phải đánh số bằng chữ số La Mã theo thứ tự; mong đợi "
                     f"“Phụ lục {expected}”", text=f"{short(a.label.text)} ({got})")


# ---- PL-003 --------------------------------------------------------------------------------------

def _title(a: Annex, out: Collector) -> None:
    for k, p in enumerate(a.title):
        upper = is_upper(p, every_run=True)
        # A sentence-case bold line after the upper-case title is a subtitle, allowed.
        if k == 0 and not upper:
            out.add("PL-003", p, "tên phụ lục trình bày bằng chữ in hoa")
        if not p.bold:
            out.add("PL-003", p, "tên phụ lục phải in đậm")
        if not in_range(p):
            out.add("PL-003", p, "tên phụ lục cỡ chữ từ 13 đến 14", text=f"{size_text(p)}: {short(p.text)}")
        if p.ppr.jc != "center":
            out.add("PL-003", p, f"tên phụ lục phải căn giữa (đang {JC_NAME.get(p.ppr.jc, p.ppr.jc)})")


# ---- PL-004, PL-005 ------------------------------------------------------------------------------

@dataclass
class KemTheo:
    type: str | None = None
    so: str | None = None  # number part, "" when blank
    ky_hieu: str | None = None
    date: tuple | None = None  # (d, m, y) with None for blanks
    org: str | None = None


def _int(s: str | None) -> int | None:
    """A number of a date or số typed in the text; None when blank, not decimal digits ("²" is a
    digit but not a number) or longer than any such number."""
    s = (s or "").strip()
    return int(s) if s.isdecimal() and len(s) <= 9 else None


def parse_kem_theo(text: str) -> KemTheo | None:
    m = _KEM_THEO.match(norm_text(text))
    if not m:
        return None
    k = KemTheo()
    pm = _PARTS.match(m.group("body"))
    if not pm:
        return k
    k.type = pm.group("type").strip()
    raw = pm.group("so").strip(" :,")
    so = _SO_PART.match(raw)
    if so:
        k.so, k.ky_hieu = so.group("so").strip(" .…_"), so.group("kh").strip(" ,")
    elif not any(c.isalnum() for c in raw):
        k.so = ""  # left blank: "số …… ngày"
    # else: a number without a ký hiệu; ``so`` and ``ky_hieu`` stay None
    date = pm.group("date").strip(" ,")
    dm = _DATE_WORDS.match(date) or _DATE_SLASH.match(date)
    k.date = (_int(dm.group("d")), _int(dm.group("m")), _int(dm.group("y"))) if dm else (None, None, None)
    if pm.group("org") is not None:
        org = pm.group("org").strip(" .…_")
        k.org = org if any(c.isalpha() for c in org) else ""
    return k


def header_number_date(b: Blocks) -> tuple[str | None, str | None, tuple | None]:
    so = kh = None
    if b.so is not None:
        m = _SO_HEADER.match(norm_text(b.so.text))
        if m:
            so, kh = m.group("so") or None, m.group("kh")
    date = None
    if b.date is not None:
        m = _HEADER_DATE.search(norm_text(b.date.text))
        if m:
            date = (_int(m.group("d")), _int(m.group("m")), _int(m.group("y")))
    return so, kh, date


def _date_text(d: tuple) -> str:
    return "/".join("…" if x is None else str(x) for x in d)


def _kem_theo(b: Blocks, a: Annex, out: Collector) -> None:
    p = a.kem_theo
    if p is None:
        out.add("PL-004", a.label, "phụ lục phải có dòng “(Kèm theo … số … ngày … tháng … năm … của …)” "
                                    "dưới tên phụ lục")
        return
    if not p.italic:
        out.add("PL-004", p, "dòng “Kèm theo” trình bày bằng chữ in nghiêng")
    if any(r.props.bold for r in p.visible_runs):
        out.add("PL-004", p, "dòng “Kèm theo” không in đậm")
    if not in_range(p):
        out.add("PL-004", p, "dòng “Kèm theo” cỡ chữ từ 13 đến 14", text=f"{size_text(p)}: {short(p.text)}")
    if p.ppr.jc != "center":
        out.add("PL-004", p, f"dòng “Kèm theo” phải căn giữa (đang {JC_NAME.get(p.ppr.jc, p.ppr.jc)})")
    t = norm_text(p.text)
    if not (t.startswith("(") and t.endswith(")")):
        out.add("PL-004", p, "dòng “Kèm theo” đặt trong ngoặc đơn: “(Kèm theo … )”")
    k = parse_kem_theo(p.text)
    if k is None or k.type is None:
        out.add("PL-004", p, "dòng “Kèm theo” ghi rõ tên loại, số, ký hiệu, ngày tháng năm ban hành và cơ quan "
                              "ban hành của văn bản")
        return
    if k.org is None:
        out.add("PL-004", p, "dòng “Kèm theo” ghi rõ tên cơ quan ban hành văn bản (“… của …”)")
    if k.ky_hieu is None and k.so is None:
        out.add("PL-004", p, "dòng “Kèm theo” ghi rõ số, ký hiệu của văn bản")
    blanks = [name for name, missing in (("số", k.so == ""),
                                         ("ngày", k.date[0] is None), ("tháng", k.date[1] is None),
                                         ("năm", k.date[2] is None), ("cơ quan ban hành", k.org == ""))
              if missing]
    if blanks:
        out.add("PL-004", p, "dòng “Kèm theo” chưa điền " + ", ".join(blanks)
                 + "; văn bản giấy phải điền đầy đủ (văn bản điện tử được để trống)", severity=CANH_BAO)
    # PL-005: the same document as the header.
    so, kh, date = header_number_date(b)
    diffs = []
    if kh and k.ky_hieu and k.ky_hieu != kh:
        diffs.append(f"ký hiệu {k.ky_hieu} ≠ {kh}")
    if so and _int(k.so) is not None and _int(so) is not None and _int(k.so) != _int(so):
        diffs.append(f"số {k.so} ≠ {so}")
    if date and k.date:
        if any(x is not None and y is not None and x != y for x, y in zip(k.date, date)):
            diffs.append(f"ngày {_date_text(k.date)} ≠ {_date_text(date)}")
    if b.ten_loai is not None and k.type:
        own = norm_text(b.ten_loai.text).lower()
        if k.type.lower() not in (own, "văn bản"):
            diffs.append(f"tên loại “{k.type}” ≠ “{norm_text(b.ten_loai.text).capitalize()}”")
    if diffs:
        out.add("PL-005", p, "dòng “Kèm theo” phải ghi đúng tên loại, số, ký hiệu và ngày của văn bản ("
                 + "; ".join(diffs) + ")")


# ---- PL-006 --------------------------------------------------------------------------------------

_MENTION = re.compile(r"(?i:phụ lục)(?P<list>(?:\s*(?:,|và|-|–|đến|tới|số)?\s*(?:[IVXLC]+|\d+)(?![^\W_]))*)")
_NUMERAL = re.compile(r"[IVXLC]+|\d+")
_ROMAN_VALUES = {roman(n): n for n in range(1, 40)}


MAX_ANNEXES = 100  # a range "Phụ lục 1 - 99999999" wider than this names no annexes one by one


def _expand(listing: str) -> set[str]:
    """Numerals named in "Phụ lục I, II và IV" or "Phụ lục I - III"."""
    nums = _NUMERAL.findall(listing)
    out = set(nums)
    for m in re.finditer(r"(?P<a>[IVXLC]+|\d+)\s*(?:-|–|đến|tới)\s*(?P<b>[IVXLC]+|\d+)", listing):
        a, c = m.group("a"), m.group("b")
        if _int(a) is not None and _int(c) is not None and _int(c) - _int(a) <= MAX_ANNEXES:
            out |= {str(n) for n in range(_int(a), _int(c) + 1)}
        elif a in _ROMAN_VALUES and c in _ROMAN_VALUES:
            out |= {roman(n) for n in range(_ROMAN_VALUES[a], _ROMAN_VALUES[c] + 1)}
    return out


def _mentioned(doc: DocModel, b: Blocks, parts: list[Annex], out: Collector) -> None:
    # The main text: everything after the header block and before the signature table (or the
    # first annex), tables of the body included.
    first_annex = min(a.label.order for a in parts)
    sign = [p.order for p in doc.paragraphs if b.sign_table is not None and p.table == b.sign_table]
    end = min([first_annex] + sign[:1])
    start = b.header_end + 1 if (b.quoc_hieu or b.so or b.date) else 0
    text = " ".join(norm_text(p.text) for p in doc.paragraphs[start:end] if not p.in_textbox)
    any_mention = False
    named: set[str] = set()
    for m in _MENTION.finditer(text):
        any_mention = True
        named |= _expand(m.group("list"))
    # A Danh mục is cited by its name ("tại Danh mục kèm theo") or as "danh mục … kèm theo".
    danh_muc = "Danh mục" in text or re.search(r"(?i:danh mục)[^.;:]{0,200}(?i:kèm theo)", text) is not None
    numbered = len(parts) > 1
    for a in parts:
        if not a.labelled and a.danh_muc:
            ok = danh_muc
            want = "“Danh mục”"
        elif not a.labelled:
            ok = any_mention or danh_muc
            want = "“Phụ lục”"
        elif numbered and a.numeral:
            ok = a.numeral in named
            want = f"“Phụ lục {a.numeral}”"
        else:
            ok = any_mention
            want = "“Phụ lục”"
        if not ok:
            out.add("PL-006", a.label, f"nội dung văn bản phải dẫn chiếu đến phụ lục ({want})")
