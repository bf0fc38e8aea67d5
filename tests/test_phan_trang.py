"""Where an annex table's pages begin (vanban.layout.phan_trang): the rule the .docx and the PDF
share."""

from __future__ import annotations

import pytest

from vanban.layout import phan_trang as P
from vanban.layout.geometry import Geometry, TextStyle


def table(n: int, lines: int = 3):
    """``n`` task rows under one group, every row's lead agency the same (one merge down)."""
    text = "\n".join(f"dòng {k}" for k in range(lines))
    rows = [("I", "Nhóm")] + [[str(i), text, "Sở Xây dựng"] for i in range(1, n + 1)]
    merges = [{}] + [{2: "restart"}] + [{2: "continue"} for _ in range(n - 1)]
    return rows, merges


def test_no_merges_no_forced_pages():
    rows, _ = table(60)
    assert P.trang_moi(Geometry(), 50, [1, 4, 2], ["TT", "Nội dung", "Chủ trì"], rows, [{} for _ in rows]) == []


def test_pages_begin_where_the_rows_no_longer_fit_and_merges_restart_there():
    rows, merges = table(60)
    geo = Geometry()
    pages = P.trang_moi(geo, 50, [1, 4, 2], ["TT", "Nội dung", "Chủ trì"], rows, merges)
    assert len(pages) >= 2 and pages == sorted(pages)
    m = P.BangDo([1, 4, 2], geo.annex_page.text_width / 20, geo)
    heights = P._heights(rows, merges, set(pages), m, True)
    room = P.cho_trong(geo, 50, m.dau(["TT", "Nội dung", "Chủ trì"]))
    bounds = [0, *pages, len(rows)]
    for k, (a, b) in enumerate(zip(bounds, bounds[1:])):
        assert sum(heights[a:b]) <= room[min(k, 1)]  # each page's rows fit its room
        if b < len(rows):
            assert sum(heights[a:b + 1]) > room[min(k, 1)] * P.PAGE_FILL  # and the next one did not
    cut = P.cat_gop(rows, merges, pages)
    for i in pages:
        assert cut[i][2] == "restart"  # the lead agency written again on the new page
    assert [m.get(2) for m in cut].count("restart") == len(pages) + 1


def test_a_group_row_goes_with_its_first_task():
    rows, merges = table(30)
    rows = rows[:15] + [("II", "Nhóm hai")] + rows[15:]
    merges = merges[:15] + [{}] + [{2: "restart"}] + merges[16:]
    pages = P.trang_moi(Geometry(), 0, [1, 4, 2], ["TT", "Nội dung", "Chủ trì"], rows, merges)
    for i in pages:
        assert not isinstance(rows[i - 1], tuple) or i - 1 == 0  # never a group row at a page's foot


def test_a_merge_left_with_one_row_is_a_plain_cell():
    rows = [["1", "a", "X"], ["2", "b", "X"]]
    assert P.cat_gop(rows, [{2: "restart"}, {2: "continue"}], [1]) == [{}, {}]


@pytest.mark.parametrize("text", ["", "Sở Tư pháp", "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các sở,"
                                  " ngành triển khai thực hiện   đúng tiến độ quý II/2026",
                                  "Rà soát\nDòng hai rất dài của một ô bảng phụ lục kế hoạch năm 2026"])
def test_lines_of_one_face_are_those_of_wrap(text):
    from vanban.text import metrics

    got = ["".join(p[0] for p in line) for line in metrics.wrap_pieces([(text, False, False, "")], 90, 12)]
    want = [line for part in text.split("\n") for line in metrics.wrap(part, 90, 12)]
    assert got == want
    assert P.o_dong(text, 90, TextStyle(12)) == [((w, False, False, ""),) if w else () for w in want]


def test_a_bold_run_is_measured_bold():
    """"**…**" in a cell: its words are wider in bold, and the cell's height counts the lines
    the PDF draws, in their faces."""
    from vanban.text import metrics

    words = "Nhiệm vụ trọng tâm của năm"
    width = metrics.width_pt(words, 12) + 1  # one line in the regular face, not in bold
    assert metrics.width_pt(words, 12, bold=True) > width
    style = TextStyle(12)
    assert len(P.o_dong(words, width, style)) == 1
    lines = P.o_dong(f"**{words}**", width, style)
    assert len(lines) == 2 and all(p[1] for line in lines for p in line)
    m = P.BangDo([1], width + 17, Geometry())  # the cell margins (85 + 85 twips) added back
    assert m.o(f"**{words}**", 0) > m.o(words, 0)
