"""Documents for the checker's tests, built by the tests.

- ``mutate`` copies a .docx and replaces one piece of XML in one part: the way to break
  exactly one rule in an otherwise good document. ``replace_part`` copies it with a whole
  part rewritten.
- ``handmade`` writes a Kế hoạch the way a clerk types it in Word: python-docx's default
  template, direct formatting on runs, rules typed as superscript underscores, page number
  field in the header. It satisfies the decree; its keyword arguments break one thing each.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

# The body of ``handmade``'s Kế hoạch (``extra_body_end`` replaces the "./." that ends it).
BODY = [
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 26/7/2025 của UBND huyện, UBND xã ban hành Kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "a) Nâng cao nhận thức của người dân về bảo vệ môi trường.",
    "b) Huy động sự tham gia của cộng đồng.",
    "2. Yêu cầu",
    "- Bảo đảm thiết thực, hiệu quả.",
    "II. NỘI DUNG",
    "1. Thu gom, phân loại rác thải sinh hoạt tại nguồn.",
    "2. Chi tiết tại Phụ lục kèm theo Kế hoạch này.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Các thôn, tổ dân phố triển khai thực hiện nghiêm túc Kế hoạch này./.",
]


def mutate(src: Path, dst: Path, part: str, old: str, new: str, count: int = 1) -> Path:
    with zipfile.ZipFile(src) as z:
        s = z.read(part).decode("utf-8")
    assert old in s, f"{old!r} not in {part}"
    return replace_part(src, dst, part, s.replace(old, new, count))


def replace_part(src: Path, dst: Path, part: str, data: str | bytes) -> Path:
    """Copy a .docx with the content of one part replaced (a str is written as UTF-8)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, data if name == part else zin.read(name))
    return dst


def _font(run, size, bold=False, italic=False, name="Times New Roman"):
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _para(container, text, size=14, bold=False, italic=False, align="center", first_line=None,
          before=0, after=0, superscript=False, font="Times New Roman", line=1.0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
                     "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if text:
        r = p.add_run(text)
        _font(r, size, bold, italic, font)
        if superscript:
            r.font.superscript = True
    return p


def _page_field(paragraph, size=14):
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        r = paragraph.add_run()
        _font(r, size)
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            r._element.append(fc)
        elif text == " PAGE ":
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            r._element.append(it)
        else:
            t = OxmlElement("w:t")
            t.text = text
            r._element.append(t)


def handmade(path: Path, *, so="Số: 15/KH-UBND", date="Hà Giang, ngày 05 tháng 01 năm 2026",
             quoc_hieu="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", tieu_ngu="Độc lập - Tự do - Hạnh phúc",
             agency=("ỦY BAN NHÂN DÂN", "XÃ MINH TÂN"), ten_loai="KẾ HOẠCH",
             trich_yeu="Tổ chức thực hiện nhiệm vụ bảo vệ môi trường năm 2026",
             body=None, body_align="both", body_size=14, first_line=1.0, body_before=6,
             noi_nhan=("- UBND tỉnh (báo cáo);", "- Các phòng, ban;", "- Lưu: VT, VP."),
             signer=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), name="Nguyễn Văn A", font="Times New Roman",
             margins=(2.5, 2.0, 3.0, 2.0), landscape=False, page_number=True, first_page_number=False,
             annex=None, agency_rule=True, motto_rule=True, title_rule=True, extra_body_end="./.") -> Path:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Twips(16838), Twips(11906)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = (Cm(m) for m in margins)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), font)
    doc._body._body.remove(doc.paragraphs[0]._element) if doc.paragraphs else None

    tbl = doc.add_table(rows=1, cols=2)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = tbl.rows[0].cells
    tbl.autofit = False
    tbl.columns[0].width, tbl.columns[1].width = Cm(6), Cm(10.5)
    left.width, right.width = Cm(6), Cm(10.5)
    left._element.remove(left.paragraphs[0]._element)
    right._element.remove(right.paragraphs[0]._element)
    for k, line in enumerate(agency):
        _para(left, line, 13, bold=(k == len(agency) - 1), font=font)
    if agency_rule:
        _para(left, "_" * 11, 13, superscript=True, font=font)
    _para(left, so, 13, font=font)
    _para(right, quoc_hieu, 13, bold=True, font=font)
    _para(right, tieu_ngu, 14, bold=True, font=font)
    if motto_rule:
        _para(right, "_" * 40, 14, superscript=True, font=font)
    _para(right, date, 14, italic=True, font=font)

    _para(doc, "", 14)
    _para(doc, ten_loai, 14, bold=True, font=font)
    _para(doc, trich_yeu, 14, bold=True, font=font)
    if title_rule:
        _para(doc, "_" * 11, 14, superscript=True, font=font)
    if body is None:
        body = BODY[:-1] + [BODY[-1].removesuffix("./.") + extra_body_end]
    for text in body:
        heading = text[:3] in ("I. ", "II.", "III") or text in ("1. Mục đích", "2. Yêu cầu")
        _para(doc, text, body_size, bold=heading, align=body_align, first_line=first_line, before=body_before,
              font=font)

    sig = doc.add_table(rows=1, cols=2)
    sig.autofit = False
    sig.columns[0].width, sig.columns[1].width = Cm(6.5), Cm(9)
    nn_cell, sg_cell = sig.rows[0].cells
    nn_cell.width, sg_cell.width = Cm(6.5), Cm(9)
    nn_cell._element.remove(nn_cell.paragraphs[0]._element)
    sg_cell._element.remove(sg_cell.paragraphs[0]._element)
    _para(nn_cell, "Nơi nhận:", 12, bold=True, italic=True, align="left", font=font)
    for item in noi_nhan:
        _para(nn_cell, item, 11, align="left", font=font)
    for line in signer:
        _para(sg_cell, line, 14, bold=True, font=font)
    for _ in range(4):
        _para(sg_cell, "", 14)
    _para(sg_cell, name, 14, bold=True, font=font)

    if page_number:
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_field(hp)
        if first_page_number:
            fp = sec.first_page_header.paragraphs[0]
            _page_field(fp)

    if annex:
        new = doc.add_section()
        new.orientation = WD_ORIENT.LANDSCAPE
        new.page_width, new.page_height = Twips(16838), Twips(11906)
        new.top_margin, new.bottom_margin, new.left_margin, new.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
        pg = OxmlElement("w:pgNumType")
        if annex.get("restart", True):
            pg.set(qn("w:start"), "1")
        new._sectPr.append(pg)
        new.different_first_page_header_footer = True
        _para(doc, annex.get("label", "Phụ lục"), 14, bold=True, font=font)
        _para(doc, annex.get("title", "DANH MỤC NHIỆM VỤ"), 14, bold=True, font=font)
        _para(doc, annex.get("kem_theo", "(Kèm theo Kế hoạch số 15/KH-UBND ngày 05 tháng 01 năm 2026 "
                                         "của Ủy ban nhân dân xã Minh Tân)"), 14, italic=True, font=font)
        t = doc.add_table(rows=2, cols=3)
        t.style = doc.styles["Table Grid"]
        for c, v in zip(t.rows[0].cells, ("TT", "Nội dung", "Cơ quan chủ trì")):
            c.paragraphs[0].add_run(v)
        for c, v in zip(t.rows[1].cells, ("1", "Thu gom rác", "Công chức địa chính")):
            c.paragraphs[0].add_run(v)
    doc.save(str(path))
    return path
