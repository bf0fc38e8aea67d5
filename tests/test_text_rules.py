"""The decree's text rules, one function each."""

import pytest

from vanban.text import danh_so, so_ngay
from vanban.text.nguoi_ky import signer_lines
from vanban.text.noi_nhan import item_text, luu_text, noi_nhan_lines
from vanban.text.so_ngay import NgayThang


@pytest.mark.parametrize("so,expected", [(5, "Số: 05/KH-SNNMT"), (9, "Số: 09/KH-SNNMT"),
                                         (10, "Số: 10/KH-SNNMT"), (132, "Số: 132/KH-SNNMT")])
def test_so_line_pads_below_ten(so, expected):
    assert so_ngay.so_line(so, "KH-SNNMT") == expected


def test_so_line_draft_keeps_blank():
    assert so_ngay.so_line(None, "KH-UBND") == "Số:      /KH-UBND"


def test_ky_hieu_typed_and_cong_van():
    assert so_ngay.ky_hieu("KH", "UBND") == "KH-UBND"
    assert so_ngay.ky_hieu(None, "UBND", "VX") == "UBND-VX"


@pytest.mark.parametrize("d,m,y,expected", [
    (5, 1, 2026, "ngày 05 tháng 01 năm 2026"),
    (16, 4, 2026, "ngày 16 tháng 4 năm 2026"),
    (29, 2, 2024, "ngày 29 tháng 02 năm 2024"),
    (5, 3, 2020, "ngày 05 tháng 3 năm 2020"),
    (31, 12, 2025, "ngày 31 tháng 12 năm 2025"),
])
def test_date_padding(d, m, y, expected):
    assert NgayThang(y, m, d).words() == expected


def test_draft_date_keeps_spacing_for_unknown_parts():
    assert NgayThang(2026, 4).words() == "ngày      tháng 4 năm 2026"
    assert so_ngay.dia_danh_line("Thái Nguyên", NgayThang(2026, 4)) == "Thái Nguyên, ngày      tháng 4 năm 2026"
    assert not NgayThang(2026, 4).complete


def test_place_date_line():
    assert so_ngay.dia_danh_line("Quảng Trị", NgayThang(2026, 1, 5)) == "Quảng Trị, ngày 05 tháng 01 năm 2026"


@pytest.mark.parametrize("args,expected", [
    ((None, "Giám đốc"), ["GIÁM ĐỐC"]),
    (("KT.", "Phó Chủ tịch", None, "Chủ tịch"), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (("TM.", "Chủ tịch", "Ủy ban nhân dân"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    (("TM.+KT.", "Phó Chủ tịch", "Ủy ban nhân dân", "Chủ tịch"),
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (("TL.", "Chánh Văn phòng", None, "Bộ trưởng"), ["TL. BỘ TRƯỞNG", "CHÁNH VĂN PHÒNG"]),
    (("TUQ.", "Giám đốc Sở Nội vụ", None, "Chủ tịch"), ["TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"]),
    (("Q.", None, None, "Giám đốc"), ["Q. GIÁM ĐỐC"]),
    (("TL.+KT.", "Phó Chánh Văn phòng", None, "Bộ trưởng", "Chánh Văn phòng"),
     ["TL. BỘ TRƯỞNG", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]),
])
def test_signer_lines(args, expected):
    assert signer_lines(*args) == expected


def test_noi_nhan_punctuation_is_generated():
    items = [item_text("Bộ NN&MT", "báo cáo"), item_text("VPUBND tỉnh", thanh_phan=["LĐVP", "THĐT", "KTTH"]),
             item_text("Lãnh đạo Sở")]
    lines = noi_nhan_lines(items, luu_text("QLMT"))
    assert lines == ["- Bộ NN&MT (báo cáo);", "- VPUBND tỉnh: LĐVP, THĐT, KTTH;", "- Lãnh đạo Sở;",
                     "- Lưu: VT, QLMT."]


def test_noi_nhan_nhu_tren_first():
    lines = noi_nhan_lines(["Sở Tài chính"], luu_text(), nhu_tren=True)
    assert lines == ["- Như trên;", "- Sở Tài chính;", "- Lưu: VT."]


@pytest.mark.parametrize("kwargs,expected", [
    ({}, "- Lưu: VT."),
    ({"don_vi": "TCCB"}, "- Lưu: VT, TCCB."),
    ({"don_vi": "HC", "so_ban_luu": 2}, "- Lưu: VT, HC (2)."),
    ({"don_vi": "QLMT", "nguoi_soan": "LAN", "so_ban": 30}, "- Lưu: VT, QLMT. LAN.(30)"),
    ({"don_vi": "KT2", "nguoi_soan": "THIN"}, "- Lưu: VT, KT2, THIN."),
    ({"so_ban": 5}, "- Lưu: VT. (5)"),
])
def test_luu_line(kwargs, expected):
    assert luu_text(**kwargs) == expected


def test_luu_line_matches_decree_pattern():
    import re
    pattern = re.compile(r"^- Lưu: VT(?:, [^;]+?)?\.(?: [A-ZĐ][A-Za-zĐđ.]*\s?\(?\d+\)?\.?)?$")
    for kwargs in ({}, {"don_vi": "KT2"}, {"don_vi": "HC", "so_ban_luu": 2},
                   {"don_vi": "QLMT", "nguoi_soan": "LAN", "so_ban": 30}, {"don_vi": "KT2", "nguoi_soan": "THIN"}):
        assert pattern.match(luu_text(**kwargs)), kwargs


def test_vietnamese_letters_skip_f_j_w_z():
    assert [danh_so.letter(i) for i in range(1, 9)] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert danh_so.letter(5, upper=True) == "Đ"


def test_roman():
    assert [danh_so.roman(i) for i in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]
