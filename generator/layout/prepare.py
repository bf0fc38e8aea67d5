"""What a document says, prepared once from the model for every output format.

The .docx, .xlsx (and later PDF) renderers all read these values, so the header, the
"Kèm theo" line of an annex and the annex rows can never disagree between formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import KeHoach, NhiemVu, Nhom, PhuLuc
from .bang import vertical_merges
from ..model.van_ban import VanBan
from ..text import danh_so, metrics, so_ngay
from ..text.nguoi_ky import signer_lines
from ..text.noi_nhan import item_text, luu_text, noi_nhan_lines
from ..text.than_van import Para, Run, parse_body


@dataclass
class Header:
    co_quan_chu_quan: str | None
    co_quan_ban_hanh: str  # upper case, as in the header
    so_ky_hieu: str  # "85/KH-SNNMT"
    so_line: str  # "Số: 85/KH-SNNMT"
    dia_danh_ngay: str
    ten_loai: str  # "KẾ HOẠCH"
    trich_yeu: str
    do_mat_khan: str | None


def header(vb: VanBan) -> Header:
    if vb.loai == "CV":
        # A công văn's ký hiệu: agency and drafting unit ("UBND-KT"), the unit from the "Lưu" line.
        kh = so_ngay.ky_hieu(None, vb.co_quan_ban_hanh.viet_tat, vb.noi_nhan.luu.don_vi)
    else:
        kh = so_ngay.ky_hieu(vb.loai, vb.co_quan_ban_hanh.viet_tat)
    marks = [m for m in (vb.do_mat, vb.do_khan) if m]
    return Header(
        co_quan_chu_quan=vb.co_quan_chu_quan.upper() if vb.co_quan_chu_quan else None,
        co_quan_ban_hanh=vb.co_quan_ban_hanh.ten.upper(),
        so_ky_hieu=so_ngay.so_ky_hieu(vb.so, kh),
        so_line=so_ngay.so_line(vb.so, kh),
        dia_danh_ngay=so_ngay.dia_danh_line(vb.dia_danh, vb.ngay),
        ten_loai=vb.ten_loai.upper(),
        trich_yeu=vb.trich_yeu,
        do_mat_khan=" - ".join(marks) if marks else None,
    )


def kem_theo(vb: VanBan, cua: str | None = None) -> str:
    """``(Kèm theo Kế hoạch số 85/KH-SNNMT ngày 08 tháng 4 năm 2026 của Sở ...)`` from the header
    data; ``cua`` names whose document it is when not the issuing body's ("Chủ tịch UBND tỉnh …")."""
    h = header(vb)
    return (f"(Kèm theo {vb.ten_loai} số {h.so_ky_hieu} {vb.ngay.words()} "
            f"của {cua or vb.co_quan_ban_hanh.ten})")


def annex_kem_theo(kh: KeHoach, pl: PhuLuc) -> str:
    """The Kèm theo line under a plan's annex (``phu_luc[].kem_theo_cua`` names the office)."""
    return kem_theo(kh, pl.kem_theo_cua)


def signer(vb: VanBan) -> list[str]:
    k = vb.nguoi_ky
    return signer_lines(k.quyen_han, k.chuc_vu, k.tap_the, k.cap_truong, k.truong_don_vi)


def noi_nhan(vb: VanBan) -> list[str]:
    nn = vb.noi_nhan
    items = [item_text(m.ten, m.muc_dich, m.thanh_phan) for m in nn.gui]
    luu = luu_text(nn.luu.don_vi, nn.luu.so_ban_luu, nn.luu.nguoi_soan, nn.luu.so_ban)
    return noi_nhan_lines(items, luu, nn.nhu_tren)


class TruongThem(dict):
    """The extra fields as every template reads them: ``{{ truong_them.nguoi_lien_he }}``. Its own
    type, so that a field the data lacks is reported by its name (``sandbox.describe``)."""


def truong_them(*values: dict) -> TruongThem:
    """The extra fields of a document: those of each source in turn, a later one replacing an
    earlier one of the same name (the plan's, then the period file's)."""
    out = TruongThem()
    for v in values:
        out.update(v or {})
    return out


END_MARK = "./."


def with_end_mark(runs: list[Run]) -> list[Run]:
    """The runs closed by "./.": a final "." typed in the text becomes part of the mark
    ("… thực hiện./.", never "../."); a mark already typed is kept as it is."""
    runs = list(runs)
    last = runs[-1] if runs else None
    if last is not None and last.note is None:
        if last.text.endswith(END_MARK):
            return runs
        if last.text.endswith(".") and not last.text.endswith(".."):
            trimmed = last.text[:-1]
            runs[-1] = Run(trimmed, last.bold, last.italic, last.vert)
            if not trimmed:
                runs.pop()
    runs.append(Run(END_MARK))
    return runs


def closed(paras: list[Para]) -> list[Para]:
    """The body with its last paragraph closed by the decree's end mark "./."."""
    if not paras:
        return paras
    last = paras[-1]
    return paras[:-1] + [Para(last.level, with_end_mark(list(last.runs)), last.number, last.title, last.line)]


def body(kh: KeHoach) -> list[Para]:
    """Intro paragraphs, then the body (``closed`` adds the decree's end mark "./." to the last)."""
    paras: list[Para] = []
    if kh.mo_dau:
        paras += [Para("doan", p.runs, None, False, p.line) for p in parse_body(kh.mo_dau)]
    paras += parse_body(kh.noi_dung)
    return paras


# ---- annex rows ---------------------------------------------------------------------------

@dataclass
class Row:
    kind: str  # "group" | "task"
    depth: int = 0  # group nesting depth
    label: str = ""  # group label ("I", "A") or task number ("1")
    title: str = ""  # group title
    task: NhiemVu | None = None
    merge: dict[str, str] = field(default_factory=dict)  # column -> "restart" | "continue"
    tt: str = ""  # the task number as the TT column shows it: "1", or "1." (so_thu_tu: so_cham)

    def cell(self, ma: str) -> str:
        if self.task is None:
            return ""
        if ma == "tt":
            return self.tt
        return self.task.cell(ma)


def annex_label(index: int, count: int) -> str:
    """"Phụ lục" alone, or "Phụ lục I", "Phụ lục II" when there are several (Phụ lục I, III.1)."""
    return "Phụ lục" if count == 1 else f"Phụ lục {danh_so.roman(index + 1)}"


def annex_labels(annexes: list[PhuLuc]) -> list[str]:
    """The label line of each annex: a Danh mục has none (""), the others are numbered among
    themselves ("Phụ lục", or "Phụ lục I", "Phụ lục II" …)."""
    count = sum(not pl.danh_muc for pl in annexes)
    out, k = [], 0
    for pl in annexes:
        if pl.danh_muc:
            out.append("")
        else:
            out.append(annex_label(k, count))
            k += 1
    return out


def annex_rows(pl: PhuLuc) -> list[Row]:
    rows: list[Row] = []
    counter = [0]
    dot = "." if pl.so_thu_tu == "so_cham" else ""

    def tasks(items: list[NhiemVu]) -> None:
        if not pl.danh_so_lien_tuc:
            counter[0] = 0
        for t in items:
            counter[0] += 1
            number = str(counter[0])
            rows.append(Row("task", label=number, tt=number + dot, task=t))

    def groups(items: list[Nhom], depth: int) -> None:
        numbers: dict[str, int] = {}
        for g in items:
            numbers[g.danh_so] = numbers.get(g.danh_so, 0) + 1
            rows.append(Row("group", depth, danh_so.label(g.danh_so, numbers[g.danh_so]), g.ten))
            if g.nhiem_vu:
                tasks(g.nhiem_vu)
            groups(g.nhom, depth + 1)

    if pl.nhiem_vu:
        tasks(pl.nhiem_vu)
    groups(pl.nhom, 0)
    _merges(rows, pl.gop_o)
    return rows


def annex_table_data(pl: PhuLuc) -> tuple[list, list[dict[int, str]]]:
    """The plan's annex as a table's rows (a group row ``(label, title)``, a task row the texts of
    its cells in column order) and, per row, its merged cells by column index."""
    codes = [c.ma for c in pl.cot]
    rows: list = []
    merges: list[dict[int, str]] = []
    for row in annex_rows(pl):
        if row.kind == "group":
            rows.append((row.label, row.title))
            merges.append({})
        else:
            rows.append([row.cell(ma) for ma in codes])
            merges.append({codes.index(ma): how for ma, how in row.merge.items()})
    return rows, merges


def _merges(rows: list[Row], columns: list[str]) -> None:
    """Mark the merged task cells of ``columns`` (the one rule: ``layout.bang.vertical_merges``)."""
    table = [(r.label, r.title) if r.kind != "task" else [r.cell(ma) for ma in columns] for r in rows]
    for r, m in zip(rows, vertical_merges(table, range(len(columns)))):
        r.merge.update({columns[k]: how for k, how in m.items()})


# ---- measured header layout ----------------------------------------------------------------

TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class HeaderLayout:
    """Line breaks of the agency names and the rule lengths (twips), computed once from the text
    widths so every output format draws the same header."""

    parent_lines: list[str]
    agency_lines: list[str]
    agency_rule: int
    motto_rule: int
    trich_yeu_rule: int


def header_layout(vb: VanBan, left_cell: int, text_width: int, *, agency_size: float = 13,
                  agency_bold: bool = True, parent_size: float = 13, motto_size: float = 14,
                  trich_yeu_size: float = 14) -> HeaderLayout:
    from ..text import metrics
    from ..text.than_van import plain
    from .geometry import RULE_RATIO

    h = header(vb)
    cell_pt = left_cell / metrics.TWIPS_PER_PT
    if vb.co_quan_ban_hanh.dong:
        agency = [line.upper() for line in vb.co_quan_ban_hanh.dong]
    else:
        agency = metrics.balanced_wrap(h.co_quan_ban_hanh, cell_pt, agency_size, agency_bold)
    parent = metrics.balanced_wrap(h.co_quan_chu_quan, cell_pt, parent_size) if h.co_quan_chu_quan else []
    agency_width = max(metrics.width_twips(line, agency_size, agency_bold) for line in agency)
    ty_lines = metrics.wrap(plain(h.trich_yeu), text_width / metrics.TWIPS_PER_PT, trich_yeu_size, True)
    ty_width = max(metrics.width_twips(line, trich_yeu_size, True) for line in ty_lines)
    return HeaderLayout(parent, agency, round(agency_width * RULE_RATIO),
                        metrics.width_twips(TIEU_NGU, motto_size, True), round(ty_width * RULE_RATIO))


KINH_GUI = "Kính gửi"


@dataclass(frozen=True)
class KinhGuiLine:
    text: str
    left: int  # twips from the text's left edge
    hanging: int = 0  # twips


def kinh_gui_layout(recipients: list[str], text_width: int, size: float = 14) -> list[KinhGuiLine]:
    """The Kính gửi block (Phụ lục I, II.9.a), centred on the text width; the punctuation is
    generated. One recipient: "Kính gửi: X." wrapping under its own first letter; several:
    "Kính gửi:" then "- X;" lines, the last ending ".", the dashes under the colon."""
    names = [" ".join(n.split()).lstrip("-– ").rstrip(";.,: ") for n in recipients]
    names = [n for n in names if n]
    if not names:
        return []
    if len(names) == 1:
        text = f"{KINH_GUI}: {names[0]}."
        hang = metrics.width_twips(f"{KINH_GUI}: ", size)
        x = max(0, (text_width - metrics.width_twips(text, size)) // 2)
        return [KinhGuiLine(text, x + hang, hang)]
    lines = [f"- {n}{';' if k < len(names) - 1 else '.'}" for k, n in enumerate(names)]
    colon = metrics.width_twips(KINH_GUI, size)  # the dashes start under the colon
    dash = metrics.width_twips("- ", size)
    widest = colon + max(metrics.width_twips(line, size) for line in lines)
    x = max(0, (text_width - widest) // 2)
    return [KinhGuiLine(f"{KINH_GUI}:", x)] + [KinhGuiLine(line, x + colon + dash, dash) for line in lines]


# ---- công văn: "V/v …" under Số ------------------------------------------------------------

VV = "V/v "


def trich_yeu_cong_van(text: str, cell_width: int, size: float) -> str:
    """"V/v …" in balanced lines that fit the header cell, joined by line breaks. A trích yếu
    typed without "V/v" gets it, its first word in lower case unless it is an abbreviation."""
    text = " ".join(text.split())
    if not text.startswith("V/v"):
        first = text.split(" ", 1)[0]
        text = VV + (text if first.isupper() else text[:1].lower() + text[1:])
    return "\n".join(metrics.balanced_wrap(text, cell_width / metrics.TWIPS_PER_PT, size))
