"""Timeline phrases of plans ("2026", "2025 - 2030", "2026 - 2030 và các năm tiếp theo",
"Quý II/2026", "Hằng năm", "trước ngày 15/12 hằng năm") read into a machine meaning, and
a task judged due, not yet due or overdue in a reporting period.

Phrases that cannot be read are reported (``ThoiHanError``), never guessed.

Reporting periods (``doc_ky``): a year ("2026"), a half year ("6T1/2026", "6T2/2026"), a quarter
("Q1/2026" … "Q4/2026"), a month ("T11/2026", "11/2026", "Tháng 11/2026") or a custom range
("01/01/2026-30/06/2026"). Each carries the calendar span it is named after (``tu_ngay`` …
``den_ngay``) and the cut-off window of its data (``chot_tu`` … ``chot_den``), by Điều 12 of
Nghị định 09/2019/NĐ-CP as we read it:

- month: from the 15th of the previous month to the 14th of the report month;
- quarter: from the 15th of the month before the quarter to the 14th of its last month;
- half year: first half from 15/12 of the previous year to 14/06; second half from 15/06 to 14/12;
- year: from 15/12 of the previous year to 14/12 of the report year;
- other periodic reports: set by the body issuing the regime; a custom range is its own window.

The decree's own text was not at hand when this was written; the days above are kept exactly as
read from a published copy, and a circular applying the decree (Thông tư 05/2023/TT-BYT) words
its quarterly and yearly windows the same way. A plan (``che_do_bao_cao.chot_so_lieu``) or a
period file may set another window, which wins.

The task judgement (``danh_gia_han``) stays on the calendar span: a plan's timelines are calendar
phrases ("2026", "Quý II/2026"), and a task "in 2026" belongs to the report on 2026 whatever day
its data are cut off. The window is what the forms and reports state as the time their figures
cover.

Deadline (``han_nop``): the last day a return is on time; a reminder is due only after it.
Khoản 5 Điều 8 of the decree wants at least 01 working day between the cut-off and the deadline
(``canh_bao_han``). Working days here are Monday to Friday except the fixed solar holidays
(01/01, 30/04, 01/05, 02/09); the lunar holidays (Tết, Giỗ Tổ) and the day added to Quốc khánh
move from year to year and are not counted, so the check may pass a deadline that falls on one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass


class ThoiHanError(ValueError):
    """A timeline phrase that has no sure meaning."""


@dataclass(frozen=True)
class ThoiHan:
    """Machine meaning of a timeline phrase.

    ``bat_dau``/``ket_thuc``: first and last day of the span (None = open); ``hang_nam``: the
    work recurs every year (within the span, or for ever); ``han_trong_nam``: (day, month) of
    a yearly deadline such as "trước ngày 15/12 hằng năm".
    """

    nguyen_van: str
    bat_dau: dt.date | None = None
    ket_thuc: dt.date | None = None
    hang_nam: bool = False
    han_trong_nam: tuple[int, int] | None = None


CHOT_SO_LIEU = "Thời gian chốt số liệu"  # the words forms and reports put before the window


def _ngay_15_truoc(d: dt.date) -> dt.date:
    """The 15th of the month before ``d``'s month."""
    return dt.date(d.year - 1, 12, 15) if d.month == 1 else dt.date(d.year, d.month - 1, 15)


def cua_so_chot(loai: str, tu_ngay: dt.date, den_ngay: dt.date) -> tuple[dt.date, dt.date]:
    """The cut-off window of a period by Điều 12 of Nghị định 09/2019/NĐ-CP (module notes): from
    the 15th of the month before the period's first month to the 14th of its last month; a custom
    range is its own window."""
    if loai == "tuy_chon":
        return tu_ngay, den_ngay
    return _ngay_15_truoc(tu_ngay), dt.date(den_ngay.year, den_ngay.month, 14)


@dataclass(frozen=True)
class KyBaoCao:
    """A reporting period, its due date and the cut-off window of its data (``chot_tu`` …
    ``chot_den``; by default the decree's, see ``cua_so_chot``)."""

    ma: str  # "2026", "6T1/2026", "Q2/2026", "T11/2026", "01/01/2026-30/06/2026"
    loai: str  # "nam" | "sau_thang" | "quy" | "thang" | "tuy_chon"
    tu_ngay: dt.date
    den_ngay: dt.date
    han_nop: dt.date | None = None
    chot_tu: dt.date | None = None
    chot_den: dt.date | None = None

    def __post_init__(self):
        if self.chot_tu is None or self.chot_den is None:
            a, b = cua_so_chot(self.loai, self.tu_ngay, self.den_ngay)
            object.__setattr__(self, "chot_tu", self.chot_tu or a)
            object.__setattr__(self, "chot_den", self.chot_den or b)

    @property
    def ten(self) -> str:
        """Vietnamese name of the period: "năm 2026", "6 tháng đầu năm 2026", "quý II năm 2026",
        "tháng 11 năm 2026"."""
        y = self.den_ngay.year
        if self.loai == "nam":
            return f"năm {y}"
        if self.loai == "sau_thang":
            return f"6 tháng {'đầu' if self.den_ngay.month == 6 else 'cuối'} năm {y}"
        if self.loai == "quy":
            return f"quý {('I', 'II', 'III', 'IV')[(self.den_ngay.month - 1) // 3]} năm {y}"
        if self.loai == "thang":
            return f"tháng {self.den_ngay.month} năm {y}"
        return f"từ ngày {self.tu_ngay:%d/%m/%Y} đến ngày {self.den_ngay:%d/%m/%Y}"

    @property
    def chot_text(self) -> str:
        """"từ ngày 15/12/2025 đến ngày 14/12/2026"."""
        return f"từ ngày {self.chot_tu:%d/%m/%Y} đến ngày {self.chot_den:%d/%m/%Y}"


_ROMAN_Q = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _norm(text: str) -> str:
    s = unicodedata.normalize("NFC", text).replace("\u2013", "-").replace("\u2014", "-")
    # Digits of other scripts ("２０２６" typed with an East Asian input method, "٢٠٢٦") read as
    # the digits they are, so a period's code and file names are always written "2026".
    s = "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in s)
    return " ".join(s.split()).strip().rstrip(".;")


def _year(y: str) -> int:
    v = int(y)
    if not 1990 <= v <= 2100:
        raise ThoiHanError(f"năm {y} không hợp lệ; ghi năm từ 1990 đến 2100")
    return v


def _date(d: str, m: str, y: str) -> dt.date:
    try:
        return dt.date(_year(y), int(m), int(d))
    except ValueError:
        raise ThoiHanError(f"ngày {d}/{m}/{y} không có trong lịch") from None


def _last_day(y: int, mo: int) -> dt.date:
    """The last day of month ``mo`` of year ``y``."""
    return dt.date(y + (mo == 12), mo % 12 + 1, 1) - dt.timedelta(days=1)


def _quarter(q: str, y: str) -> tuple[dt.date, dt.date]:
    n = _ROMAN_Q[q.upper()]
    return dt.date(_year(y), 3 * n - 2, 1), _last_day(_year(y), 3 * n)


def doc_thoi_han(text: str) -> ThoiHan:
    """Read a timeline phrase; raise ThoiHanError when its meaning is not certain."""
    raw = text
    s = _norm(text)
    low = s.lower()
    if not s:
        raise ThoiHanError("chưa ghi tiến độ")
    # "trước ngày 15/12 hằng năm" / "hằng năm" / "hàng năm"
    yearly = bool(re.search(r"\bh[aàằ]ng năm\b", low))
    m = re.fullmatch(r"(?:trước|chậm nhất|trước hoặc vào) ngày (\d{1,2})/(\d{1,2}) h[aàằ]ng năm", low)
    if m:
        d, mo = int(m.group(1)), int(m.group(2))
        try:
            dt.date(2024, mo, d)  # a leap year accepts 29/02
        except ValueError:
            raise ThoiHanError(f"ngày {d}/{mo} không có trong lịch") from None
        return ThoiHan(raw, hang_nam=True, han_trong_nam=(d, mo))
    if re.fullmatch(r"h[aàằ]ng năm|thường xuyên|thường xuyên, h[aàằ]ng năm", low):
        return ThoiHan(raw, hang_nam=True)
    # "trước ngày 30/6/2026"
    m = re.fullmatch(r"(?:trước|chậm nhất|trước hoặc vào) ngày (\d{1,2})/(\d{1,2})/(\d{4})", low)
    if m:
        end = _date(m.group(1), m.group(2), m.group(3))
        return ThoiHan(raw, ket_thuc=end)
    # "Quý II/2026", "quý 2 năm 2026"
    m = re.fullmatch(r"quý (i{1,3}|iv|[1-4])(?:/| năm )(\d{4})", low)
    if m:
        a, b = _quarter(m.group(1), m.group(2))
        return ThoiHan(raw, a, b)
    # "tháng 6/2026", "tháng 6 năm 2026"
    m = re.fullmatch(r"tháng (\d{1,2})(?:/| năm )(\d{4})", low)
    if m:
        mo, y = int(m.group(1)), _year(m.group(2))
        if not 1 <= mo <= 12:
            raise ThoiHanError(f"tháng {mo} không hợp lệ")
        return ThoiHan(raw, dt.date(y, mo, 1), _last_day(y, mo))
    # "2026", "2026 và các năm tiếp theo", "2025 - 2030", "2026 - 2030 và các năm tiếp theo", "2027-2028"
    m = re.fullmatch(r"(?:năm |giai đoạn )?(\d{4})(?: ?- ?(\d{4}))?( và các năm tiếp theo| và những năm tiếp theo)?", low)
    if m:
        a = _year(m.group(1))
        b = _year(m.group(2)) if m.group(2) else a
        if b < a:
            raise ThoiHanError(f"năm kết thúc {b} trước năm bắt đầu {a}")
        onward = bool(m.group(3))
        return ThoiHan(raw, dt.date(a, 1, 1), None if onward else dt.date(b, 12, 31), hang_nam=onward or yearly)
    raise ThoiHanError(f"không hiểu tiến độ “{s}”; ghi theo dạng “2026”, “2026 - 2030”, "
                       "“2026 - 2030 và các năm tiếp theo”, “Quý II/2026”, “Hằng năm”, "
                       "“trước ngày 15/12 hằng năm” hoặc “trước ngày 30/6/2026”")


DEN_HAN, CHUA_DEN_HAN, QUA_HAN = "đến hạn", "chưa đến hạn", "quá hạn"


def danh_gia_han(th: ThoiHan, ky: KyBaoCao) -> str:
    """Whether a task must be finished (đến hạn), is still running (chưa đến hạn), or should
    already have been finished before this period (quá hạn) — before its status is known.

    A recurring task is due in every period it is active in; a task with a finite span is due in
    the period that contains its end, overdue in periods after it, and not yet due before.
    """
    if th.bat_dau and th.bat_dau > ky.den_ngay:
        return CHUA_DEN_HAN
    if th.hang_nam:
        if th.han_trong_nam:
            d, m = th.han_trong_nam
            deadline = dt.date(ky.den_ngay.year, m, min(d, 28) if m == 2 else d)
            return DEN_HAN if deadline <= ky.den_ngay else CHUA_DEN_HAN
        if th.ket_thuc is None or th.ket_thuc >= ky.tu_ngay:
            return DEN_HAN
    if th.ket_thuc is None:
        return DEN_HAN if th.hang_nam else CHUA_DEN_HAN
    if th.ket_thuc < ky.tu_ngay:
        return QUA_HAN
    if th.ket_thuc <= ky.den_ngay:
        return DEN_HAN
    return CHUA_DEN_HAN


def doc_ky(text: str, han_nop: dt.date | None = None,
           chot: tuple[dt.date, dt.date] | None = None) -> KyBaoCao:
    """A period from the command line: "2026", "6T1/2026", "6T2/2026", "Q2/2026", "T11/2026"
    ("11/2026", "Tháng 11/2026") or "01/01/2026-30/06/2026"; ``chot``: a cut-off window that
    replaces the decree's."""
    ky = _doc_ky(text, han_nop)
    if chot is not None:
        ky = KyBaoCao(ky.ma, ky.loai, ky.tu_ngay, ky.den_ngay, ky.han_nop, chot[0], chot[1])
    return ky


def _doc_ky(text: str, han_nop: dt.date | None) -> KyBaoCao:
    s = _norm(text).upper().replace(" ", "")
    m = re.fullmatch(r"(\d{4})", s)
    if m:
        y = _year(m.group(1))
        return KyBaoCao(s, "nam", dt.date(y, 1, 1), dt.date(y, 12, 31), han_nop)
    m = re.fullmatch(r"6T([12])/(\d{4})", s)
    if m:
        y = _year(m.group(2))
        a, b = ((dt.date(y, 1, 1), dt.date(y, 6, 30)) if m.group(1) == "1"
                else (dt.date(y, 7, 1), dt.date(y, 12, 31)))
        return KyBaoCao(s, "sau_thang", a, b, han_nop)
    m = re.fullmatch(r"Q(I{1,3}|IV|[1-4])/(\d{4})", s)
    if m:
        a, b = _quarter(m.group(1), m.group(2))
        return KyBaoCao(s, "quy", a, b, han_nop)
    m = re.fullmatch(r"(?:T|THÁNG|THANG)?(\d{1,2})(?:/|NĂM)(\d{4})", s)
    if m:
        mo, y = int(m.group(1)), _year(m.group(2))
        if not 1 <= mo <= 12:
            raise ThoiHanError(f"tháng {mo} không hợp lệ; tháng từ 1 đến 12, ví dụ “T11/{y}”")
        return KyBaoCao(f"T{mo}/{y}", "thang", dt.date(y, mo, 1), _last_day(y, mo), han_nop)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})-(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        a = _date(m.group(1), m.group(2), m.group(3))
        b = _date(m.group(4), m.group(5), m.group(6))
        if b < a:
            raise ThoiHanError("ngày kết thúc kỳ báo cáo trước ngày bắt đầu")
        return KyBaoCao(s, "tuy_chon", a, b, han_nop)
    raise ThoiHanError(f"kỳ báo cáo “{text}” không hợp lệ; dùng “2026” (năm), “6T1/2026” (6 tháng đầu năm), "
                       "“Q2/2026” (quý), “T11/2026” (tháng) hoặc “01/01/2026-30/06/2026”")


def doc_chot_so_lieu(text) -> tuple[dt.date, dt.date]:
    """A cut-off window: "01/01/2026 - 31/12/2026" or "từ ngày 01/01/2026 đến ngày 31/12/2026"."""
    s = _norm(str(text)).lower()
    m = re.fullmatch(r"(?:từ (?:ngày )?)?(\d{1,2})/(\d{1,2})/(\d{4}) ?(?:-|đến (?:ngày )?) ?"
                     r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if not m:
        raise ThoiHanError(f"thời gian chốt số liệu “{s}” không hợp lệ; ghi “01/01/2026 - 31/12/2026” "
                           "(từ ngày - đến ngày)")
    a = _date(m.group(1), m.group(2), m.group(3))
    b = _date(m.group(4), m.group(5), m.group(6))
    if b < a:
        raise ThoiHanError(f"thời gian chốt số liệu: ngày cuối {b:%d/%m/%Y} trước ngày đầu {a:%d/%m/%Y}")
    return a, b


NGAY_LE = ((1, 1), (30, 4), (1, 5), (2, 9))  # fixed solar public holidays (day, month)


def la_ngay_lam_viec(d: dt.date) -> bool:
    """Monday to Friday, not a fixed solar holiday (module notes: lunar holidays not counted)."""
    return d.weekday() < 5 and (d.day, d.month) not in NGAY_LE


def ngay_lam_viec_sau(d: dt.date) -> dt.date:
    """The first working day after ``d``."""
    d += dt.timedelta(days=1)
    while not la_ngay_lam_viec(d):
        d += dt.timedelta(days=1)
    return d


def canh_bao_han(ky: KyBaoCao) -> str | None:
    """Khoản 5 Điều 8 of Nghị định 09/2019/NĐ-CP: the deadline leaves at least 01 working day after
    the cut-off. The warning a user reads when it does not, else None."""
    if ky.han_nop is None or ky.chot_den is None:
        return None
    earliest = ngay_lam_viec_sau(ky.chot_den)
    if ky.han_nop >= earliest:
        return None
    return (f"hạn nộp {ky.han_nop:%d/%m/%Y} không để đủ 01 ngày làm việc sau ngày chốt số liệu "
            f"{ky.chot_den:%d/%m/%Y} (khoản 5 Điều 8 Nghị định 09/2019/NĐ-CP); hạn nộp sớm nhất "
            f"nên là ngày {earliest:%d/%m/%Y}")


def canh_bao_chot(ky: KyBaoCao) -> str | None:
    """A window set by hand that shares no day with its period (a year typed wrong, most likely)."""
    if ky.chot_den < ky.tu_ngay or ky.chot_tu > ky.den_ngay:
        return (f"thời gian chốt số liệu {ky.chot_text} nằm ngoài kỳ báo cáo {ky.ten} "
                f"(từ ngày {ky.tu_ngay:%d/%m/%Y} đến ngày {ky.den_ngay:%d/%m/%Y})")
    return None
