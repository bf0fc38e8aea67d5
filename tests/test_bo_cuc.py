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
