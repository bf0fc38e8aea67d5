"""Timeline phrases to machine meaning; tasks judged due / not yet due / overdue."""

import datetime as dt

import pytest

from vanban.text.thoi_han import (CHUA_DEN_HAN, DEN_HAN, QUA_HAN, ThoiHanError, canh_bao_chot, canh_bao_han,
                                     danh_gia_han, doc_chot_so_lieu, doc_ky, doc_thoi_han, la_ngay_lam_viec)

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
    # month periods: judged on the calendar month, as the other periods are
    ("Tháng 11/2026", "T11/2026", DEN_HAN),
    ("Tháng 11/2026", "T10/2026", CHUA_DEN_HAN),
    ("Tháng 11/2026", "T12/2026", QUA_HAN),
    ("Quý IV/2026", "T11/2026", CHUA_DEN_HAN),
    ("Quý IV/2026", "T12/2026", DEN_HAN),
    ("trước ngày 15/12 hằng năm", "T12/2026", DEN_HAN),
    ("trước ngày 15/12 hằng năm", "T11/2026", CHUA_DEN_HAN),
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


# ---- Nghị định 09/2019/NĐ-CP, Điều 12: the data cut-off window of every kind of period -------------

@pytest.mark.parametrize("ky,loai,start,end,tu,den", [
    # year: 15/12 of the previous year to 14/12
    ("2026", "nam", D(2026, 1, 1), D(2026, 12, 31), D(2025, 12, 15), D(2026, 12, 14)),
    ("2029", "nam", D(2029, 1, 1), D(2029, 12, 31), D(2028, 12, 15), D(2029, 12, 14)),
    # half years: 15/12 of the previous year to 14/06; 15/06 to 14/12
    ("6T1/2026", "sau_thang", D(2026, 1, 1), D(2026, 6, 30), D(2025, 12, 15), D(2026, 6, 14)),
    ("6T2/2026", "sau_thang", D(2026, 7, 1), D(2026, 12, 31), D(2026, 6, 15), D(2026, 12, 14)),
    # quarters: the 15th of the month before the quarter to the 14th of its last month
    ("Q1/2026", "quy", D(2026, 1, 1), D(2026, 3, 31), D(2025, 12, 15), D(2026, 3, 14)),
    ("QII/2026", "quy", D(2026, 4, 1), D(2026, 6, 30), D(2026, 3, 15), D(2026, 6, 14)),
    ("Q3/2026", "quy", D(2026, 7, 1), D(2026, 9, 30), D(2026, 6, 15), D(2026, 9, 14)),
    ("Q4/2026", "quy", D(2026, 10, 1), D(2026, 12, 31), D(2026, 9, 15), D(2026, 12, 14)),
    # months: the 15th of the previous month to the 14th of the month
    ("T1/2026", "thang", D(2026, 1, 1), D(2026, 1, 31), D(2025, 12, 15), D(2026, 1, 14)),
    ("T11/2026", "thang", D(2026, 11, 1), D(2026, 11, 30), D(2026, 10, 15), D(2026, 11, 14)),
    ("T12/2026", "thang", D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 15), D(2026, 12, 14)),
    ("T2/2028", "thang", D(2028, 2, 1), D(2028, 2, 29), D(2028, 1, 15), D(2028, 2, 14)),  # leap year
    ("T2/2027", "thang", D(2027, 2, 1), D(2027, 2, 28), D(2027, 1, 15), D(2027, 2, 14)),
    ("T3/2028", "thang", D(2028, 3, 1), D(2028, 3, 31), D(2028, 2, 15), D(2028, 3, 14)),
    # another periodic report: its range is set by the body issuing the regime, and is its window
    ("01/02/2028-29/02/2028", "tuy_chon", D(2028, 2, 1), D(2028, 2, 29), D(2028, 2, 1), D(2028, 2, 29)),
    ("16/12/2025-15/01/2026", "tuy_chon", D(2025, 12, 16), D(2026, 1, 15), D(2025, 12, 16), D(2026, 1, 15)),
])
def test_cut_off_window(ky, loai, start, end, tu, den):
    k = doc_ky(ky)
    assert (k.loai, k.tu_ngay, k.den_ngay, k.chot_tu, k.chot_den) == (loai, start, end, tu, den)
    assert k.chot_text == f"từ ngày {tu:%d/%m/%Y} đến ngày {den:%d/%m/%Y}"


@pytest.mark.parametrize("text", ["T11/2026", "t11/2026", "11/2026", "Tháng 11/2026", "tháng 11 năm 2026",
                                  "THÁNG 11/2026"])
def test_month_spellings(text):
    k = doc_ky(text)
    assert (k.ma, k.ten, k.loai) == ("T11/2026", "tháng 11 năm 2026", "thang")
    assert (k.chot_tu, k.chot_den) == (D(2026, 10, 15), D(2026, 11, 14))


@pytest.mark.parametrize("text", ["T13/2026", "0/2026", "Tháng 00/2026", "T11/1800", "31/02/2027-01/03/2027"])
def test_bad_periods_reported(text):
    with pytest.raises(ThoiHanError):
        doc_ky(text)


def test_window_override_wins():
    k = doc_ky("2026", D(2027, 1, 10), (D(2026, 1, 1), D(2026, 12, 31)))
    assert (k.chot_tu, k.chot_den, k.han_nop) == (D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 10))
    assert (k.tu_ngay, k.den_ngay, k.ma) == (D(2026, 1, 1), D(2026, 12, 31), "2026")  # the period itself unchanged
    assert canh_bao_chot(k) is None
    stray = doc_ky("2026", None, (D(2025, 1, 1), D(2025, 12, 31)))
    assert "nằm ngoài kỳ báo cáo năm 2026" in canh_bao_chot(stray)


@pytest.mark.parametrize("text,expected", [
    ("01/01/2026 - 31/12/2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ("01/01/2026-31/12/2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ("1/1/2026 – 31/12/2026", (D(2026, 1, 1), D(2026, 12, 31))),
    ("từ ngày 15/12/2027 đến ngày 29/02/2028", (D(2027, 12, 15), D(2028, 2, 29))),
])
def test_window_phrases(text, expected):
    assert doc_chot_so_lieu(text) == expected


@pytest.mark.parametrize("text,words", [
    ("31/12/2026 - 01/01/2026", "trước ngày đầu"),
    ("01/01/2027 - 29/02/2027", "không có trong lịch"),
    ("cả năm 2026", "01/01/2026 - 31/12/2026"),
])
def test_bad_window_phrases(text, words):
    with pytest.raises(ThoiHanError) as e:
        doc_chot_so_lieu(text)
    assert words in str(e.value)


# ---- Khoản 5 Điều 8: at least 01 working day between the cut-off and the deadline ----------------

def test_deadline_after_a_working_day_is_quiet():
    k = doc_ky("2026", D(2026, 12, 15))  # cut-off Monday 14/12/2026, deadline Tuesday 15/12
    assert D(2026, 12, 14).weekday() == 0 and la_ngay_lam_viec(D(2026, 12, 15))
    assert canh_bao_han(k) is None
    assert canh_bao_han(doc_ky("2026")) is None  # no deadline, nothing to judge


@pytest.mark.parametrize("ky,han,earliest", [
    ("2026", D(2026, 12, 14), "15/12/2026"),  # on the cut-off day itself
    ("2026", D(2026, 12, 10), "15/12/2026"),  # before the data are even cut off
    ("6T1/2024", D(2024, 6, 16), "17/06/2024"),  # cut-off Friday 14/06/2024: Saturday, Sunday are no working day
    ("01/04/2027-29/04/2027", D(2027, 4, 30), "03/05/2027"),  # 30/04 and 01/05 are holidays, 02/05 a Sunday
])
def test_deadline_without_a_working_day_warns(ky, han, earliest):
    k = doc_ky(ky, han)
    msg = canh_bao_han(k)
    assert msg is not None
    assert f"hạn nộp {han:%d/%m/%Y}" in msg and f"ngày chốt số liệu {k.chot_den:%d/%m/%Y}" in msg
    assert "khoản 5 Điều 8 Nghị định 09/2019/NĐ-CP" in msg and f"nên là ngày {earliest}" in msg
    assert canh_bao_han(doc_ky(ky, D(*reversed([int(x) for x in earliest.split("/")])))) is None


def test_working_days():
    assert D(2024, 6, 14).weekday() == 4  # the calendar the cases above rely on
    assert not la_ngay_lam_viec(D(2026, 9, 2)) and not la_ngay_lam_viec(D(2027, 1, 1))
    assert not la_ngay_lam_viec(D(2026, 12, 19)) and la_ngay_lam_viec(D(2026, 12, 18))
