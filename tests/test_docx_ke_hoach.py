"""Structure of the generated Kế hoạch .docx: the decree's properties, read from the file."""

from __future__ import annotations

import re

import pytest

from vanban.load import load_plan
from vanban.layout import prepare
from vanban.text import metrics
from tests.conftest import PLANS
from tests.docx_helpers import (
    last_table_rows,
    W, align, bold, find_para, italic, open_docx, paragraphs, part_xml, size_pt, text,
)

SAMPLES = ["quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao"]


@pytest.fixture(scope="module", params=SAMPLES)
def sample(request, demo_dir):
    name = request.param
    path = demo_dir / f"{name}.docx"
    return name, path, open_docx(path), load_plan(PLANS / f"{name}.yaml")


def sections(doc):
    return [p for p in doc.element.body.iter(f"{W}sectPr")]


def test_first_section_a4_portrait_margins_in_range(sample):
    _, _, doc, _ = sample
    first = sections(doc)[0]
    sz, mar = first.find(f"{W}pgSz"), first.find(f"{W}pgMar")
    assert abs(int(sz.get(f"{W}w")) - 11906) <= 5 and abs(int(sz.get(f"{W}h")) - 16838) <= 5
    assert sz.get(f"{W}orient") in (None, "portrait")
    assert 1134 <= int(mar.get(f"{W}top")) <= 1417
    assert 1134 <= int(mar.get(f"{W}bottom")) <= 1417
    assert 1701 <= int(mar.get(f"{W}left")) <= 1984
    assert 850 <= int(mar.get(f"{W}right")) <= 1134


def test_times_new_roman_in_all_four_slots(sample):
    _, path, doc, _ = sample
    styles = part_xml(path, "word/styles.xml")
    rfonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert rfonts.get(f"{W}{slot}") == "Times New Roman"
    # No other font is named anywhere: not in styles, not in the text.
    document = part_xml(path, "word/document.xml")
    for root in (styles, document):
        for rf in root.iter(f"{W}rFonts"):
            assert {v for k, v in rf.attrib.items() if not k.endswith("Theme")} <= {"Times New Roman"}


def test_header_texts_and_formats(sample):
    name, _, doc, kh = sample
    h = prepare.header(kh)
    qh = find_para(doc, lambda t: t == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert bold(doc, qh) and 12 <= size_pt(doc, qh) <= 13 and align(doc, qh) == "center"
    tn = find_para(doc, lambda t: t == "Độc lập - Tự do - Hạnh phúc")
    assert bold(doc, tn) and 13 <= size_pt(doc, tn) <= 14
    so = find_para(doc, lambda t: t.startswith("Số:"))
    assert text(so) == h.so_line and size_pt(doc, so) == 13 and not bold(doc, so)
    date = find_para(doc, lambda t: ", ngày " in t and "tháng" in t)
    assert text(date) == h.dia_danh_ngay and italic(doc, date) and 13 <= size_pt(doc, date) <= 14
    # Size steps move together: Tiêu ngữ = Quốc hiệu + 1 = date.
    assert size_pt(doc, tn) == size_pt(doc, qh) + 1 == size_pt(doc, date)
    agency_lines = [text(p) for p in paragraphs(doc.element.body) if p.find(f"{W}pPr/{W}pStyle") is not None
                    and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBCoQuanBanHanh"]
    assert " ".join(agency_lines) == kh.co_quan_ban_hanh.ten.upper()


def test_so_and_date_share_a_table_row(sample):
    _, _, doc, _ = sample
    header = doc.element.body.find(f"{W}tbl")
    rows = header.findall(f"{W}tr")
    row_texts = [" ".join(text(p) for p in paragraphs(r)) for r in rows]
    assert any("Số:" in t and ", ngày " in t for t in row_texts)
    # Borderless header table.
    borders = header.find(f"{W}tblPr/{W}tblBorders")
    assert all(b.get(f"{W}val") in ("nil", "none") for b in borders)


def test_expected_numbers_and_dates():
    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    assert prepare.header(kh).so_line == "Số: 85/KH-SNNMT"
    assert prepare.header(kh).dia_danh_ngay == "Quảng Trị, ngày 08 tháng 4 năm 2026"
    draft = load_plan(PLANS / "thai-nguyen-du-thao.yaml")
    assert prepare.header(draft).so_line == "Số:      /KH-UBND"
    assert prepare.header(draft).dia_danh_ngay == "Thái Nguyên, ngày      tháng 4 năm 2026"


def test_rules_have_computed_lengths(sample):
    _, _, doc, kh = sample
    rules = [p for p in paragraphs(doc.element.body)
             if p.find(f"{W}pPr/{W}pStyle") is not None and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBGach"]
    assert len(rules) >= 3 + len(kh.phu_luc)
    tbl = doc.element.body.find(f"{W}tbl")
    grid = [int(g.get(f"{W}w")) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]

    def length(rule, available):
        ind = rule.find(f"{W}pPr/{W}ind")
        return available - int(ind.get(f"{W}left")) - int(ind.get(f"{W}right"))

    agency_rule, motto_rule = rules[0], rules[1]
    lines = [text(p) for p in paragraphs(tbl) if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBCoQuanBanHanh"]
    name_width = max(metrics.width_twips(line, 13, True) for line in lines)
    ratio = length(agency_rule, grid[0] - 2 * 57) / name_width
    assert 1 / 3 <= ratio <= 1 / 2
    motto = metrics.width_twips("Độc lập - Tự do - Hạnh phúc", 14, True)
    assert abs(length(motto_rule, grid[1] - 2 * 57) - motto) <= 2
    # The line itself is the rule style's bottom border.
    gach = doc.styles.element.get_by_id("VBGach")
    assert gach.find(f"{W}pPr/{W}pBdr/{W}bottom").get(f"{W}val") == "single"


def test_title_block(sample):
    _, _, doc, kh = sample
    kh_title = find_para(doc, lambda t: t == "KẾ HOẠCH")
    assert bold(doc, kh_title) and size_pt(doc, kh_title) == 14 and align(doc, kh_title) == "center"
    ty = find_para(doc, lambda t: t == kh.trich_yeu)
    assert bold(doc, ty) and 13 <= size_pt(doc, ty) <= 14 and align(doc, ty) == "center"
    assert ty.getprevious() is kh_title


def test_body_formatting(sample):
    _, _, doc, kh = sample
    body = [p for p in paragraphs(doc.element.body)
            if p.find(f"{W}pPr/{W}pStyle") is not None
            and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ("VBThanVan", "VBMuc", "VBKhoan", "VBTieuKhoan")]
    assert len(body) > 20
    from tests.docx_helpers import para_prop
    for p in body:
        assert align(doc, p) == "both"
        assert 13 <= size_pt(doc, p) <= 14
        ind = para_prop(doc, p, "ind")
        assert int(ind.get(f"{W}firstLine")) in (567, 720)
        sp = para_prop(doc, p, "spacing")
        assert int(sp.get(f"{W}before") or 0) >= 120
        assert 240 <= int(sp.get(f"{W}line")) <= 360
    headings = [p for p in body if text(p).startswith(("I. ", "II. ", "III. "))]
    assert headings and all(bold(doc, p) for p in headings)
    assert text(body[-1]).endswith("./.")


def test_signature_and_noi_nhan(sample):
    _, _, doc, kh = sample
    nn = find_para(doc, lambda t: t == "Nơi nhận:")
    assert bold(doc, nn) and italic(doc, nn) and size_pt(doc, nn) == 12
    cell = nn.getparent()
    items = [p for p in paragraphs(cell) if text(p).startswith("- ")]
    assert [text(p) for p in items] == prepare.noi_nhan(kh)
    assert all(size_pt(doc, p) == 11 for p in items)
    assert all(text(p).endswith(";") for p in items[:-1]) and text(items[-1]).startswith("- Lưu: VT")
    row = cell.getparent()
    assert row.find(f"{W}trPr/{W}cantSplit") is not None
    signer_cell = row.findall(f"{W}tc")[1]
    texts = [text(p) for p in paragraphs(signer_cell) if text(p)]
    assert texts == prepare.signer(kh) + [kh.nguoi_ky.ho_ten]
    for p in paragraphs(signer_cell):
        if text(p):
            assert bold(doc, p) and align(doc, p) == "center" and 13 <= size_pt(doc, p) <= 14


def test_page_numbers_top_centre_hidden_on_first_page(sample):
    _, path, doc, _ = sample
    first = sections(doc)[0]
    assert first.find(f"{W}titlePg") is not None
    refs = {r.get(f"{W}type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in first.findall(f"{W}headerReference")}
    rels = doc.part.rels
    default_xml = rels[refs["default"]].target_part.blob.decode()
    first_xml = rels[refs["first"]].target_part.blob.decode()
    assert re.search(r"<w:instrText[^>]*>\s*PAGE\s*</w:instrText>", default_xml)
    assert "PAGE" not in first_xml
    assert "<w:jc" in default_xml or "VBSoTrang" in default_xml
    assert not [r for r in first.findall(f"{W}footerReference")]


def test_annex_sections(sample):
    _, _, doc, kh = sample
    secs = sections(doc)
    assert len(secs) == 1 + len(kh.phu_luc)
    for s in secs[1:]:
        sz = s.find(f"{W}pgSz")
        assert sz.get(f"{W}orient") == "landscape" and int(sz.get(f"{W}w")) > int(sz.get(f"{W}h"))
        pg = s.find(f"{W}pgNumType")
        assert pg.get(f"{W}start") == "1"
        assert s.find(f"{W}titlePg") is not None
        mar = s.find(f"{W}pgMar")
        assert 1134 <= int(mar.get(f"{W}top")) <= 1417 and 1701 <= int(mar.get(f"{W}left")) <= 1984


def test_annex_heading_and_kem_theo_match_header(sample):
    _, _, doc, kh = sample
    if not kh.phu_luc:
        pytest.skip("this sample has no annex")
    h = prepare.header(kh)
    kem = find_para(doc, lambda t: t.startswith("(Kèm theo"))
    assert italic(doc, kem) and align(doc, kem) == "center"
    assert f"số {h.so_ky_hieu} " in text(kem)
    assert kh.ngay.words() in text(kem) and h.dia_danh_ngay.endswith(kh.ngay.words())
    label = find_para(doc, lambda t: t.startswith("Phụ lục"))
    assert bold(doc, label) and size_pt(doc, label) == 14
    assert text(label) == ("Phụ lục" if len(kh.phu_luc) == 1 else "Phụ lục I")


def test_annex_table(sample):
    _, _, doc, kh = sample
    if not kh.phu_luc:
        pytest.skip("this sample has no annex")
    pl = kh.phu_luc[0]
    pieces = annex_pieces(doc, pl)
    rows = [pieces[0][0]] + [r for piece in pieces for r in piece[1:]]
    for piece in pieces:  # each page's table starts with the column head, repeated on any further page
        head = piece[0]
        assert head.find(f"{W}trPr/{W}tblHeader") is not None
        assert [text(tc) for tc in head.findall(f"{W}tc")] == [c.title for c in pl.cot]
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    prepared = prepare.annex_rows(pl)
    assert len(rows) == 1 + len(prepared)
    # Every task appears, with its number restarting per group as prepared.
    noi_dung_col = [c.ma for c in pl.cot].index("noi_dung")
    task_rows = [r for r, p in zip(rows[1:], prepared) if p.kind == "task"]
    for r, p in zip(task_rows, [p for p in prepared if p.kind == "task"]):
        cells = r.findall(f"{W}tc")
        from vanban.text.than_van import plain
        assert text(cells[noi_dung_col]) == plain(p.task.noi_dung)
        assert text(cells[0]) == p.label


def annex_pieces(doc, pl) -> list[list]:
    """The rows of each table the first annex is made of (one per page where it is paginated)."""
    titles = [c.title for c in pl.cot]
    out = []
    for tbl in doc.element.body.findall(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        if rows and [text(tc) for tc in rows[0].findall(f"{W}tc")] == titles:
            out.append(rows)
    return out


def test_paginated_annex_repeats_merged_values_on_each_page(demo_dir):
    """A merge that would cross a page break is cut there: every page's table begins after a page
    break, and its first task row holds its own lead agency, supporting agencies and timeline."""
    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    doc = open_docx(demo_dir / "quang-tri-snnmt.docx")
    pieces = annex_pieces(doc, kh.phu_luc[0])
    assert len(pieces) > 1  # this annex has merges and runs over several pages
    for piece in pieces[1:]:
        before = piece[0].getparent().getprevious()
        assert before.tag == f"{W}p" and before.find(f"{W}pPr/{W}pageBreakBefore") is not None
        first = next(r for r in piece[1:] if len(r.findall(f"{W}tc")) == len(kh.phu_luc[0].cot))
        for tc in first.findall(f"{W}tc"):
            vm = tc.find(f"{W}tcPr/{W}vMerge")
            assert vm is None or vm.get(f"{W}val") == "restart"  # never continued from the page before
    codes = [c.ma for c in kh.phu_luc[0].cot]
    firsts = [next(r for r in p[1:] if len(r.findall(f"{W}tc")) == len(codes)) for p in pieces[1:]]
    for col in ("phoi_hop", "tien_do"):
        assert any(text(r.findall(f"{W}tc")[codes.index(col)]) for r in firsts)


def test_vertical_merges(demo_dir):
    doc = open_docx(demo_dir / "quang-tri-snnmt.docx")
    merges = [m for r in last_table_rows(doc) for m in r.iter(f"{W}vMerge")]
    restarts = [m for m in merges if m.get(f"{W}val") == "restart"]
    assert restarts and len(merges) > len(restarts)
    # A continued cell carries no text of its own.
    for m in merges:
        if m.get(f"{W}val") != "restart":
            assert text(m.getparent().getparent()) == ""


def test_group_rows_numbering(demo_dir):
    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    rows = prepare.annex_rows(kh.phu_luc[0])
    groups = [(r.label, r.depth) for r in rows if r.kind == "group"]
    assert groups == [("I", 0), ("II", 0), ("A", 1), ("B", 1), ("C", 1), ("D", 1), ("Đ", 1), ("E", 1)]
    # Numbering restarts in every group.
    tasks_after_b = []
    seen_b = False
    for r in rows:
        if r.kind == "group":
            if seen_b:
                break
            seen_b = r.label == "B"
        elif seen_b:
            tasks_after_b.append(r.label)
    assert tasks_after_b == ["1", "2", "3"]


def test_titled_groups_span_the_row(demo_dir):
    doc = open_docx(demo_dir / "hung-yen-132.docx")
    group_rows = [r for r in last_table_rows(doc) if text(r).startswith("Nhóm nhiệm vụ về")
                  or (r.find(f"{W}tc/{W}tcPr/{W}gridSpan") is not None)]
    assert len(group_rows) == 6


def test_footnotes_in_body_and_cells(demo_dir):
    for name in ("thai-nguyen-du-thao", "hung-yen-132"):
        path = demo_dir / f"{name}.docx"
        doc_xml = part_xml(path, "word/document.xml")
        refs = [r.get(f"{W}id") for r in doc_xml.iter(f"{W}footnoteReference")]
        assert len(refs) == 1
        notes = part_xml(path, "word/footnotes.xml")
        ids = {n.get(f"{W}id") for n in notes.findall(f"{W}footnote")}
        assert set(refs) <= ids
    notes = part_xml(demo_dir / "thai-nguyen-du-thao.docx", "word/footnotes.xml")
    assert "Sau đây viết tắt là Nghị quyết số 247/2025/QH15." in "".join(t.text or "" for t in notes.iter(f"{W}t"))


def test_footnote_ids_follow_the_marks_in_document_order(tmp_path):
    """The annex is prepared before the body, so its note was made first; Word and LibreOffice
    number and match notes by id, so the ids must follow the marks (body note 1, annex note 2) and
    each id must hold the text written at its mark."""
    from vanban import api

    src = (PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8")
    head = "  I. MỤC ĐÍCH, YÊU CẦU\n"
    assert src.count(head) == 1
    src = src.replace(head, "  I. MỤC ĐÍCH, YÊU CẦU^[Chú thích của thân văn bản.]\n")
    plan = PLANS / "hung-yen-132.yaml"
    (tmp_path / "kh.yaml").write_text(
        src.replace("danh_muc_co_quan: ../co-quan/", f"danh_muc_co_quan: {plan.parent.parent / 'co-quan'}/"),
        encoding="utf-8")
    out = api.tao_ke_hoach(tmp_path / "kh.yaml", tmp_path / "out")
    path = next(p for p in out.tep if p.suffix == ".docx")
    doc_xml = part_xml(path, "word/document.xml")
    refs = [r.get(f"{W}id") for r in doc_xml.iter(f"{W}footnoteReference")]
    assert refs == ["1", "2"]
    notes = {n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t"))
             for n in part_xml(path, "word/footnotes.xml").findall(f"{W}footnote")}
    assert "Chú thích của thân văn bản." in notes["1"]
    assert "quan trắc môi trường không khí" in notes["2"]


def test_subscript_mark(demo_dir):
    doc_xml = part_xml(demo_dir / "hung-yen-132.docx", "word/document.xml")
    subs = [r for r in doc_xml.iter(f"{W}r") if r.find(f"{W}rPr/{W}vertAlign") is not None
            and r.find(f"{W}rPr/{W}vertAlign").get(f"{W}val") == "subscript"]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in subs] == ["2.5"]


def test_no_template_tags_left(sample):
    _, path, _, _ = sample
    import zipfile
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                data = z.read(n).decode("utf-8")
                assert "{{" not in data and "{%" not in data, n


def test_core_properties(sample):
    _, _, doc, kh = sample
    assert doc.core_properties.author == kh.co_quan_ban_hanh.ten
    assert doc.core_properties.subject.startswith(kh.trich_yeu[:50])
