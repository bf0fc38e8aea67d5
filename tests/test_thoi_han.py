"""Timeline phrases to machine meaning; tasks judged due / not yet due / overdue."""

import datetime as dt

import pytest

from generator.text.thoi_han import (CHUA_DEN_HAN, DEN_HAN, QUA_HAN, ThoiHanError, danh_gia_han, doc_ky,
                                     doc_thoi_han)

D = dt.date


@pytest.mark.parametrize("text,start,end,yearly,deadline", [
    ("2026", D(2026, 1, 1), D(2026, 12, 31), False, None),
    ("2025 - 2030", D(2025, 1, 1), D(2030, 12, 31), False, None),
    ("2027-2028", D(2027, 1, 1), D(2028, 12, 31), False, None),
    ("2026 – 2030", D(2026, 1, 1), D(2030, 12, 31), False, None),
    ("2026 - 2030 và các năm tiếp theo", D(2026, 1, 1), None, True, None),
    ("2026 - 2030 \nvà các năm tiếp theo", D(2026, 1, 1), None, True, None),
    ("2026 và các năm tiếp theo", D(2026, 1, 1), None, True, None),
    ("Quý II/2026", D(2026, 4, 1), D(2026, 6, 30), False, None),
    ("quý 4 năm 2026", D(2026, 10, 1), D(2026, 12, 31), False, None),
    ("Tháng 12/2026", D(2026, 12, 1), D(2026, 12, 31), False, None),
    ("Hằng năm", None, None, True, None),
    ("Hàng năm", None, None, True, None),
    ("trước ngày 15/12 hằng năm", None, None, True, (15, 12)),
    ("Trước ngày 30/6/2026", None, D(2026, 6, 30), False, None),
])
def test_phrases(text, start, end, yearly, deadline):
    th = doc_thoi_han(text)
    assert (th.bat_dau, th.ket_thuc, th.hang_nam, th.han_trong_nam) == (start, end, yearly, deadline)


@pytest.mark.parametrize("text", ["sớm", "Quý V/2026", "2030 - 2026", "trước ngày 31/02 hằng năm", "", "2026/2027"])
def test_unreadable_phrases_are_reported(text):
    with pytest.raises(ThoiHanError):
        doc_thoi_han(text)


@pytest.mark.parametrize("text,ky,expected", [
    ("2026", "2026", DEN_HAN),
    ("2026", "2027", QUA_HAN),
    ("2027-2028", "2026", CHUA_DEN_HAN),
    ("2025 - 2030", "2026", CHUA_DEN_HAN),
    ("2025 - 2030", "2030", DEN_HAN),
    ("2026 - 2030 và các năm tiếp theo", "2026", DEN_HAN),
    ("2026 - 2030 và các năm tiếp theo", "2035", DEN_HAN),
    ("Quý II/2026", "6T1/2026", DEN_HAN),
    ("Quý II/2026", "Q1/2026", CHUA_DEN_HAN),
    ("Quý II/2026", "6T2/2026", QUA_HAN),
    ("trước ngày 15/12 hằng năm", "2026", DEN_HAN),
    ("trước ngày 15/12 hằng năm", "6T1/2026", CHUA_DEN_HAN),
    ("Hằng năm", "Q3/2026", DEN_HAN),
])
def test_due_in_period(text, ky, expected):
    assert danh_gia_han(doc_thoi_han(text), doc_ky(ky)) == expected


def test_periods():
    assert doc_ky("2026").ten == "năm 2026"
    assert doc_ky("6t1/2026").ten == "6 tháng đầu năm 2026"
    assert doc_ky("Q2/2026").ten == "quý II năm 2026"
    k = doc_ky("01/01/2026-30/06/2026")
    assert (k.tu_ngay, k.den_ngay, k.loai) == (D(2026, 1, 1), D(2026, 6, 30), "tuy_chon")
    with pytest.raises(ThoiHanError):
        doc_ky("năm ngoái")
    with pytest.raises(ThoiHanError):
        doc_ky("30/06/2026-01/01/2026")
