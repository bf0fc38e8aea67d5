"""vanban.layout.bo_cuc: rules of the one annex layout that every writer translates."""

from __future__ import annotations

import pytest

from vanban.layout.bo_cuc import MIN_SHARE, CotBang, do_rong
from vanban.layout.geometry import Geometry
from vanban.text import metrics


def _pt(geo, cot):
    total = sum(c.rong for c in cot)
    return [geo.annex_page.text_width / 20 * c.rong / total for c in cot]


def test_a_narrow_column_is_widened_to_its_words_and_the_others_give_the_room():
    geo = Geometry()
    cot = [CotBang("STT", 0.3, True), CotBang("Nội dung thực hiện", 5), CotBang("Thời gian thực hiện", 0.9, True),
           CotBang("Ghi chú", 1.5)]
    rows = [("I", "Nhóm một"), ["1", "Kiểm tra các cơ sở sản xuất", "Trước ngày 15/12/2026", ""]]
    out = do_rong(geo, cot, rows)
    widths = _pt(geo, out)
    pad = (geo.annex_cell[0] + geo.annex_cell[1]) / 20
    head = geo.style("VBBangDau")
    assert widths[0] >= metrics.width_pt("STT", head.size, bold=True) + pad
    assert widths[2] >= metrics.width_pt("15/12/2026", geo.style("VBBang").size) + pad
    assert widths[2] >= metrics.width_pt("gian", head.size, bold=True) + pad
    assert sum(widths) == pytest.approx(geo.annex_page.text_width / 20)  # the table keeps its width
    assert widths[1] < _pt(geo, cot)[1]  # the room came from the wide column
    assert [c.tieu_de for c in out] == [c.tieu_de for c in cot] and [c.giua for c in out] == [c.giua for c in cot]


def test_columns_that_fit_are_left_as_they_are():
    geo = Geometry()
    cot = [CotBang("TT", 1, True), CotBang("Nội dung", 6), CotBang("Ghi chú", 2)]
    assert do_rong(geo, cot, [["1", "Một việc", "Không"]]) is cot


def test_a_very_long_word_widens_a_column_only_to_its_share():
    geo = Geometry()
    cot = [CotBang("TT", 1, True), CotBang("Nội dung", 6), CotBang("Liên kết", 1)]
    out = do_rong(geo, cot, [["1", "Việc", "https://example.invalid/" + "a" * 300]])
    assert _pt(geo, out)[2] == pytest.approx(geo.annex_page.text_width / 20 * MIN_SHARE)


# ---- a whole document, laid out once ---------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _plan_with_two_notes(tmp_path):
    from tests.conftest import PLANS

    src = (PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8")
    src = src.replace("  I. MỤC ĐÍCH, YÊU CẦU\n", "  I. MỤC ĐÍCH, YÊU CẦU^[Chú thích của thân văn bản.]\n", 1)
    src = src.replace("danh_muc_co_quan: ../co-quan/", f"danh_muc_co_quan: {PLANS.parent / 'co-quan'}/")
    plan = tmp_path / "kh.yaml"
    plan.write_text(src, encoding="utf-8")
    return plan


def test_the_docx_numbers_the_layouts_footnotes_in_its_order(tmp_path):
    from lxml import etree
    import zipfile

    from vanban import api
    from vanban.layout import bo_cuc
    from vanban.load import load_plan
    from vanban.render.geometry import from_template
    from vanban.resources import templates_dir

    plan = _plan_with_two_notes(tmp_path)
    bc = bo_cuc.ke_hoach(load_plan(plan), from_template(templates_dir("docx") / "ke-hoach.docx"))
    assert len(bc.chu_thich) == 2 and bc.chu_thich[0] == "Chú thích của thân văn bản."
    out = api.tao_ke_hoach(plan, tmp_path / "out")
    path = next(p for p in out.tep if p.suffix == ".docx")
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    texts = {n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t")).strip()
             for n in notes.findall(f"{W}footnote")}
    printed = [" ".join(texts[r.get(f"{W}id")].split()) for r in doc.iter(f"{W}footnoteReference")]
    assert printed == [" ".join(t.split()) for t in bc.chu_thich]


def test_sections_of_the_layout_are_the_sections_of_both_formats(tmp_path):
    from lxml import etree
    import zipfile

    from vanban import api
    from vanban.layout import bo_cuc
    from vanban.load import load_plan
    from vanban.render import pdf_ke_hoach
    from vanban.render.geometry import from_template
    from vanban.resources import templates_dir
    from tests.conftest import PLANS

    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    bc = bo_cuc.ke_hoach(kh, from_template(templates_dir("docx") / "ke-hoach.docx"))
    assert [(m.ngang, m.phu_luc) for m in bc.muc] == [(False, None)] + [(True, k) for k in range(len(kh.phu_luc))]
    out = api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", tmp_path / "out")
    path = next(p for p in out.tep if p.suffix == ".docx")
    with zipfile.ZipFile(path) as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    sects = list(doc.iter(f"{W}sectPr"))
    assert len(sects) == len(bc.muc)
    for m, s in zip(bc.muc, sects):
        size = s.find(f"{W}pgSz")
        assert (int(size.get(f"{W}w")) > int(size.get(f"{W}h"))) == m.ngang
        start = s.find(f"{W}pgNumType")
        assert start is not None and start.get(f"{W}start") == str(m.trang_dau)
    sets = pdf_ke_hoach.render_html(kh)
    assert sorted({s.annex for s in sets}) == [0] + [m.phu_luc + 1 for m in bc.muc[1:]]
