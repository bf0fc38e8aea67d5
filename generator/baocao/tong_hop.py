"""Consolidation: the agencies' returns on a plan, for one period, merged into one picture.

``tong_hop`` reconciles every return (agency name through the registry, plan, period,
duplicates), merges the accepted results per task, derives each task's status from its lead
agencies and its timeline, and counts. The texts a consolidated report and a reminder letter
need are built from that result (``noi_dung_bao_cao``, ``bang_ket_qua``, ``bang_co_quan``,
``noi_dung_don_doc``), in the body syntax of ``vanban.text.than_van``.

Rules:

- A return counts only when its agency is a known agency assigned tasks by the plan, its plan
  number is the plan's and its period is the period consolidated; otherwise it is listed in
  ``khong_hop_le`` with the reason. Several valid returns of one agency: the one with the latest
  report date typed on it counts (a corrected return replaces the first), on a tie the first by
  file name; the others are listed as "trùng" naming the file that counts.
- A result row counts only for a task of the plan assigned to that agency, once per agency and
  task; other rows are listed in ``dong_khong_tinh``. The role is the plan's, never the form's.
- A task's status comes from its lead agencies: all leads "Đã hoàn thành" -> "Đã hoàn thành";
  some lead in progress or done -> "Đang thực hiện"; every lead that reported "Chưa thực hiện"
  -> "Chưa thực hiện"; no lead reported -> "Chưa báo cáo". A task is overdue ("Quá hạn") when
  its timeline is due or overdue in the period and its leads report it not completed; ongoing
  work with no deadline of its own ("hằng năm", "2026 - 2030 và các năm tiếp theo") only when
  it is not started; a task nobody reported on is not judged (``_late``).
- The members of a large registry group (``nhom_chung``: the communes of a province) are
  counted as the group in the report texts, per task and role and per part I–IV; a lead named
  by itself is still quoted. Their own texts stay in ``nhiem_vu`` and ``noi_dung`` (the workbook).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from ..errors import Problem, VanbanError
from ..model import KeHoach, NhiemVu, Nhom
from ..model.phu_luc import DANH_MUC
from ..model.bao_cao import (CHUA_THUC_HIEN, DA_HOAN_THANH, DANG_THUC_HIEN, VAI_TRO, KetQuaNhiemVu,
                             PhieuBaoCao)
from ..layout import prepare
from ..text import danh_so
from ..text.than_van import escape_inline, parse_inline
from ..text.thoi_han import DEN_HAN, QUA_HAN, KyBaoCao, ThoiHanError, danh_gia_han, doc_ky, doc_thoi_han
from ..validate.tra_cuu import TraCuuCoQuan, normalise
from .phan_cong import PhanCong, phan_cong

CHUA_BAO_CAO = "Chưa báo cáo"
QUA_HAN_TT = "Quá hạn"  # derived, counted among the other statuses
KHONG_XAC_DINH = "không xác định"  # timeline judgement of a phrase that cannot be read
TINH_TRANG_TONG_HOP = (DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN, CHUA_BAO_CAO)

# Kinds of rejected files and of rows not counted.
KHONG_DOC_DUOC = "không đọc được"
CO_QUAN_KHONG_XAC_DINH = "cơ quan không xác định"
KHAC_KE_HOACH = "khác kế hoạch"
KHAC_KY = "khác kỳ báo cáo"
TRUNG = "trùng"
KHONG_THUOC_KE_HOACH = "không thuộc kế hoạch"
KHONG_DUOC_GIAO = "không được giao"
TRUNG_DONG = "trùng dòng"

VAI_TRO_THUONG = {"chu_tri": "chủ trì", "phoi_hop": "phối hợp"}
NHOM_CHUNG = "Nhiệm vụ chung"  # tasks of an annex that stand outside any group

COT_PHU_LUC_KET_QUA = ("TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Tiến độ", "Tình trạng", "Kết quả thực hiện")
COT_CO_QUAN = ("TT", "Cơ quan", "Số nhiệm vụ chủ trì", "Số nhiệm vụ phối hợp", "Đã báo cáo",
               "Đã hoàn thành", "Tỷ lệ hoàn thành (%)")


# ---- the result -----------------------------------------------------------------------------

@dataclass(frozen=True)
class KhongHopLe:
    """A file that is not counted, and why."""

    tep: str
    ly_do: str  # the full sentence a user reads
    loai: str  # KHONG_DOC_DUOC | CO_QUAN_KHONG_XAC_DINH | KHAC_KE_HOACH | KHAC_KY | TRUNG
    co_quan: str | None = None  # the agency as written on the form
    tep_giu: str | None = None  # for a duplicate: the file that is counted
    chi_tiet: tuple[str, ...] = ()  # for a file that could not be read: each problem, located


@dataclass(frozen=True)
class DongKhongTinh:
    """A result row of an accepted return that is not counted."""

    tep: str
    co_quan: str  # canonical agency
    id: str  # the task id as written
    loai: str  # KHONG_THUOC_KE_HOACH | KHONG_DUOC_GIAO | TRUNG_DONG
    ly_do: str
    dong: int | None = None


@dataclass(frozen=True)
class TienDoKhongRo:
    id: str
    tien_do: str
    ly_do: str


@dataclass(frozen=True)
class BaoCaoCoQuan:
    """What one agency reported on one task."""

    co_quan: str
    vai_tro: str  # "chu_tri" | "phoi_hop" (from the plan)
    tinh_trang: str | None
    ty_le: float | None
    ket_qua: str | None
    san_pham: str | None
    kho_khan: str | None
    de_xuat: str | None
    tep: str
    dong: int | None = None


@dataclass
class NhiemVuTongHop:
    """One task of the plan, consolidated."""

    nhiem_vu: NhiemVu
    phu_luc: int  # index of its annex
    nhom: int  # index into TongHop.nhom (its top-level group)
    tien_do: str  # the timeline phrase as written
    danh_gia_han: str  # DEN_HAN | CHUA_DEN_HAN | QUA_HAN | KHONG_XAC_DINH
    chu_tri: list[str]  # lead agencies (canonical, groups expanded)
    phoi_hop: list[str]
    bao_cao: list[BaoCaoCoQuan]  # leads first, then supporting agencies, in plan order
    tinh_trang: str  # one of TINH_TRANG_TONG_HOP
    qua_han: bool
    qua_nhom: dict[str, str] = field(default_factory=dict)  # agency -> the group name it was assigned through

    @property
    def id(self) -> str:
        return self.nhiem_vu.id


@dataclass
class ThongKeCoQuan:
    co_quan: str
    so_chu_tri: int
    so_phoi_hop: int
    tep: str | None = None  # the accepted return, None when the agency did not report
    so_bao_cao: int = 0  # tasks with a status reported
    so_hoan_thanh: int = 0  # tasks reported "Đã hoàn thành"
    phieu_loi: str | None = None  # a return received from it but refused (not a duplicate)

    @property
    def so_nhiem_vu(self) -> int:
        return self.so_chu_tri + self.so_phoi_hop

    @property
    def da_bao_cao(self) -> bool:
        return self.tep is not None

    @property
    def ty_le(self) -> float:
        """Completed share of the tasks assigned, in percent."""
        return 100 * self.so_hoan_thanh / self.so_nhiem_vu if self.so_nhiem_vu else 0.0


@dataclass
class ThongKeNhom:
    nhan: str  # "I", "A", "" for a titled group; prefixed with the annex when there are several
    ten: str
    so_nhiem_vu: int = 0
    theo_tinh_trang: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TINH_TRANG_TONG_HOP, 0))
    qua_han: int = 0


@dataclass
class TongHop:
    ky: KyBaoCao
    ke_hoach: str  # the plan's số/ký hiệu
    nhiem_vu: list[NhiemVuTongHop]
    co_quan: list[ThongKeCoQuan]  # every assigned agency, in plan order
    nhom: list[ThongKeNhom]
    khong_hop_le: list[KhongHopLe]
    dong_khong_tinh: list[DongKhongTinh]
    tien_do_khong_ro: list[TienDoKhongRo]
    canh_bao: list[str]  # notes that change nothing counted (e.g. a role corrected to the plan's)
    kh: KeHoach = field(repr=False)  # the plan consolidated (its annex layout for Phụ lục I)
    # agency -> the registry group it is reported as (``nhom_chung``); empty without such groups
    nhom_chung: dict[str, str] = field(default_factory=dict)
    # agency -> {part of "Nội dung báo cáo" -> its text}, every accepted return, in plan order
    noi_dung: dict[str, dict[str, str]] = field(default_factory=dict)

    def _part(self, part: str) -> list[str]:
        """"<agency>: <text>" for one part of "Nội dung báo cáo", in plan order of agencies."""
        return [f"{a}: {texts[part]}" for a, texts in self.noi_dung.items() if part in texts]

    @property
    def cong_tac_chi_dao(self) -> list[str]:
        return self._part("cong_tac_chi_dao")

    @property
    def ton_tai(self) -> list[str]:
        return self._part("ton_tai")

    @property
    def phuong_huong(self) -> list[str]:
        return self._part("phuong_huong")

    @property
    def kien_nghi(self) -> list[str]:
        return self._part("kien_nghi")

    @property
    def tong_so(self) -> int:
        return len(self.nhiem_vu)

    @property
    def theo_tinh_trang(self) -> dict[str, int]:
        out = dict.fromkeys(TINH_TRANG_TONG_HOP, 0)
        for t in self.nhiem_vu:
            out[t.tinh_trang] += 1
        return out

    @property
    def qua_han(self) -> list[NhiemVuTongHop]:
        return [t for t in self.nhiem_vu if t.qua_han]

    @property
    def so_qua_han(self) -> int:
        return len(self.qua_han)

    @property
    def chua_bao_cao(self) -> list[ThongKeCoQuan]:
        """Assigned agencies without an accepted return."""
        return [c for c in self.co_quan if not c.da_bao_cao]

    @property
    def da_bao_cao(self) -> list[ThongKeCoQuan]:
        return [c for c in self.co_quan if c.da_bao_cao]


# ---- reconciling the returns ----------------------------------------------------------------

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _ma_van_ban(text: str | None) -> str:
    """Compare số/ký hiệu without regard to spaces, dash kinds, case or a leading zero."""
    s = unicodedata.normalize("NFC", text or "")
    s = re.sub(r"\s+", "", _DASHES.sub("-", s)).upper()
    return re.sub(r"^0+(?=\d)", "", s)


def _cung_ky(text: str, ky: KyBaoCao) -> bool | None:
    """Whether a period code on a form names the same days as ``ky``; None if it cannot be read."""
    try:
        other = doc_ky(text)
    except ThoiHanError:
        return None
    return (other.tu_ngay, other.den_ngay) == (ky.tu_ngay, ky.den_ngay)


def _ten_tep(tep: str) -> str:
    return PurePath(tep).name


def _co_quan(name: str, tra_cuu: TraCuuCoQuan | None,
             assigned: dict[str, list[PhanCong]]) -> tuple[str | None, str | None]:
    """(canonical agency, None) or (None, reason it cannot be counted)."""
    if tra_cuu is None:
        by_norm = {normalise(a): a for a in assigned}
        canon = by_norm.get(normalise(name))
        if canon is None:
            return None, f"cơ quan “{name}” không được giao nhiệm vụ nào trong kế hoạch"
        return canon, None
    canon = tra_cuu.canonical(name)
    if canon is None:
        near = tra_cuu.closest(name)
        hint = f" (tên gần nhất trong danh mục: “{near}”)" if near else ""
        return None, f"cơ quan “{name}” không có trong danh mục cơ quan{hint}"
    if canon in assigned:
        return canon, None
    if tra_cuu.is_group(canon):
        return None, (f"“{name}” là tên nhóm cơ quan; mỗi cơ quan trong nhóm gửi phiếu báo cáo riêng "
                      "dưới tên của mình")
    return None, f"cơ quan “{canon}” không được giao nhiệm vụ nào trong kế hoạch"


def _ngay_bao_cao(p: PhieuBaoCao) -> str:
    """The report date typed on the form ("2026-12-10"), "" when none: later wins among duplicates."""
    return (p.thong_tin.ngay or "") if p.thong_tin else ""


def _loi_doc(problems: list[Problem] | tuple[Problem, ...],
             co_quan: dict[str, str] | None = None) -> list[KhongHopLe]:
    """Files that could not be read: one entry per file, all its problems in the reason;
    ``co_quan``: the agency a refused form names, when it could still be made out."""
    by_file: dict[str, list[str]] = {}
    for p in problems:
        where = ", ".join(x for x in (f"dòng {p.line}" if p.line else "", p.path) if x)
        by_file.setdefault(p.file, []).append(f"{where}: {p.message}" if where else p.message)
    return [KhongHopLe(f, "không đọc được phiếu: " + "; ".join(msgs), KHONG_DOC_DUOC, (co_quan or {}).get(f),
                       chi_tiet=tuple(msgs)) for f, msgs in by_file.items()]


def _has_content(r: KetQuaNhiemVu) -> bool:
    return any(v not in (None, "") for v in (r.tinh_trang, r.ty_le, r.ket_qua, r.san_pham, r.kho_khan, r.de_xuat))


def _id_key(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


# ---- the consolidation ----------------------------------------------------------------------

def _groups(kh: KeHoach) -> tuple[list[ThongKeNhom], dict[str, tuple[int, int]]]:
    """Top-level groups of every annex, and task id -> (annex index, group index)."""
    groups: list[ThongKeNhom] = []
    where: dict[str, tuple[int, int]] = {}
    several = len(kh.phu_luc) > 1

    def walk(items: list[Nhom]) -> list[NhiemVu]:
        out: list[NhiemVu] = []
        for g in items:
            out += g.nhiem_vu
            out += walk(g.nhom)
        return out

    labels = prepare.annex_labels(kh.phu_luc)  # the plan's own names: "Phụ lục I", or a Danh mục's
    for i, pl in enumerate(kh.phu_luc):
        prefix = f"{labels[i] or DANH_MUC} - " if several else ""
        parts: list[tuple[str, str, list[NhiemVu]]] = []
        if pl.nhiem_vu:
            parts.append(("", NHOM_CHUNG, list(pl.nhiem_vu)))
        numbers: dict[str, int] = {}
        for g in pl.nhom:
            numbers[g.danh_so] = numbers.get(g.danh_so, 0) + 1
            parts.append((danh_so.label(g.danh_so, numbers[g.danh_so]), g.ten, walk([g])))
        for label, title, tasks in parts:
            groups.append(ThongKeNhom((prefix + label).strip(" -") if label or prefix else "", title))
            for t in tasks:
                where[t.id] = (i, len(groups) - 1)
    return groups, where


def _judge(task: NhiemVu, ky: KyBaoCao) -> tuple[str, str | None, bool]:
    """(judgement, why it is unknown, whether the task is ongoing work with no deadline of its own)."""
    phrase = task.tien_do or task.thoi_gian or ""
    try:
        th = doc_thoi_han(phrase)
    except ThoiHanError as e:
        return KHONG_XAC_DINH, str(e), False
    return danh_gia_han(th, ky), None, th.hang_nam and th.han_trong_nam is None


def _late(judgement: str, ongoing: bool, status: str) -> bool:
    """Overdue: a task due in the period (or before) and not completed; ongoing work ("hằng năm",
    "… và các năm tiếp theo") is overdue only when not started. A task nobody reported on is
    unknown, not overdue: it is counted among "Chưa báo cáo"."""
    if judgement not in (DEN_HAN, QUA_HAN) or status in (DA_HOAN_THANH, CHUA_BAO_CAO):
        return False
    return status == CHUA_THUC_HIEN if ongoing else True


def _status(reports: list[BaoCaoCoQuan], leads: list[str]) -> str:
    """The task status from its lead agencies (all agencies when the task names no lead)."""
    if not leads:
        leads = [r.co_quan for r in reports]
    got = {r.co_quan: r.tinh_trang for r in reports if r.co_quan in leads and r.tinh_trang}
    if not got:
        return CHUA_BAO_CAO
    if len(got) == len(set(leads)) and all(s == DA_HOAN_THANH for s in got.values()):
        return DA_HOAN_THANH
    if any(s in (DA_HOAN_THANH, DANG_THUC_HIEN) for s in got.values()):
        return DANG_THUC_HIEN
    return CHUA_THUC_HIEN


def tong_hop(kh: KeHoach, tra_cuu: TraCuuCoQuan | None, ky: KyBaoCao, phieu: list[PhieuBaoCao],
             loi_doc: list[Problem] | tuple[Problem, ...] = (),
             co_quan_loi: dict[str, str] | None = None) -> TongHop:
    """Consolidate the returns ``phieu`` on plan ``kh`` for period ``ky`` (see the module notes).
    ``loi_doc``: problems of the files that could not be read; ``co_quan_loi``: file -> the
    agency such a file names."""
    assigned = phan_cong(kh, tra_cuu)
    so_ky_hieu = prepare.header(kh).so_ky_hieu.strip()
    khong_hop_le = _loi_doc(loi_doc, co_quan_loi)
    canh_bao: list[str] = []

    # 1. Which returns count: one per agency, the latest by report date, else the first by file name.
    accepted: dict[str, PhieuBaoCao] = {}
    candidates: dict[str, list[PhieuBaoCao]] = {}
    rejected_early: list[KhongHopLe] = []
    for p in sorted(phieu, key=lambda p: (_ten_tep(p.tep).casefold(), p.tep)):
        reasons: list[tuple[str, str]] = []
        canon, why = _co_quan(p.co_quan, tra_cuu, assigned)
        if why:
            reasons.append((CO_QUAN_KHONG_XAC_DINH, why))
        if p.ke_hoach is None or not p.ke_hoach.strip():
            if kh.so is not None:
                reasons.append((KHAC_KE_HOACH, f"phiếu không ghi số, ký hiệu kế hoạch; cần “{so_ky_hieu}”"))
        elif _ma_van_ban(p.ke_hoach) != _ma_van_ban(so_ky_hieu):
            reasons.append((KHAC_KE_HOACH, f"phiếu báo cáo cho kế hoạch “{p.ke_hoach}”, không phải "
                                           f"Kế hoạch số {so_ky_hieu}"))
        same = _cung_ky(p.ky, ky)
        if same is None:
            reasons.append((KHAC_KY, f"kỳ báo cáo ghi trên phiếu “{p.ky}” không đọc được; cần “{ky.ma}”"))
        elif not same:
            reasons.append((KHAC_KY, f"phiếu báo cáo kỳ “{p.ky}”, không phải kỳ {ky.ten} (“{ky.ma}”)"))
        if reasons:
            rejected_early.append(KhongHopLe(p.tep, "; ".join(r for _, r in reasons), reasons[0][0], p.co_quan))
            continue
        assert canon is not None
        candidates.setdefault(canon, []).append(p)
    rejected = []
    for canon, ps in candidates.items():
        kept = max(ps, key=_ngay_bao_cao)  # the latest report date; on a tie the first by file name
        accepted[canon] = kept
        for d in ps:
            if d is kept:
                continue
            why = "ghi ngày báo cáo muộn hơn" if _ngay_bao_cao(kept) > _ngay_bao_cao(d) else "xếp trước theo tên tệp"
            rejected.append(KhongHopLe(
                d.tep, f"trùng: {canon} có {len(ps)} phiếu; tính phiếu “{_ten_tep(kept.tep)}” ({why}), phiếu "
                       f"“{_ten_tep(d.tep)}” không được tính", TRUNG, d.co_quan, kept.tep))
    khong_hop_le += sorted(rejected_early + rejected, key=lambda k: (_ten_tep(k.tep).casefold(), k.tep))

    # 2. The result rows that count: a task of the plan, assigned to that agency, once.
    dong_khong_tinh: list[DongKhongTinh] = []
    plan_ids = {_id_key(t.id): t.id for pl in kh.phu_luc for t in pl.all_tasks()}
    roles = {a: {pc.nhiem_vu.id: pc.vai_tro for pc in pcs} for a, pcs in assigned.items()}
    rows: dict[str, dict[str, BaoCaoCoQuan]] = {}  # task id -> agency -> report
    counted: dict[str, dict[str, BaoCaoCoQuan]] = {}  # agency -> task id -> report
    for agency, p in accepted.items():
        mine = counted.setdefault(agency, {})
        for r in p.ket_qua:
            tid = plan_ids.get(_id_key(r.id))
            if tid is None:
                dong_khong_tinh.append(DongKhongTinh(
                    p.tep, agency, r.id, KHONG_THUOC_KE_HOACH,
                    f"nhiệm vụ “{r.id}” không thuộc kế hoạch {so_ky_hieu}; dòng không được tính", r.dong))
                continue
            role = roles[agency].get(tid)
            if role is None:
                dong_khong_tinh.append(DongKhongTinh(
                    p.tep, agency, r.id, KHONG_DUOC_GIAO,
                    f"nhiệm vụ “{tid}” không được giao cho {agency}; dòng không được tính", r.dong))
                continue
            if tid in mine:
                first = mine[tid].dong
                at = f" (đã có ở dòng {first})" if first else ""
                dong_khong_tinh.append(DongKhongTinh(
                    p.tep, agency, r.id, TRUNG_DONG,
                    f"nhiệm vụ “{tid}” được báo cáo hai lần{at}; chỉ tính lần đầu", r.dong))
                continue
            if not _has_content(r):
                continue  # a row left blank: the task is not reported by this agency
            if r.vai_tro != role:
                where = f", dòng {r.dong}" if r.dong else ""
                canh_bao.append(f"{_ten_tep(p.tep)}{where}: {agency} ghi vai trò “{VAI_TRO[r.vai_tro]}” cho "
                                f"nhiệm vụ “{tid}”, kế hoạch giao “{VAI_TRO[role]}”; tính theo kế hoạch")
            rep = BaoCaoCoQuan(agency, role, r.tinh_trang, r.ty_le, r.ket_qua, r.san_pham, r.kho_khan,
                               r.de_xuat, p.tep, r.dong)
            mine[tid] = rep
            rows.setdefault(tid, {})[agency] = rep

    # 3. Per task, in plan order.
    groups, where = _groups(kh)
    order = list(assigned)
    team: dict[str, dict[str, list[str]]] = {}
    via: dict[str, dict[str, str]] = {}
    for agency in order:
        for pc in assigned[agency]:
            team.setdefault(pc.nhiem_vu.id, {"chu_tri": [], "phoi_hop": []})[pc.vai_tro].append(agency)
            if pc.nhom and pc.nhom != agency:
                via.setdefault(pc.nhiem_vu.id, {})[agency] = pc.nhom
    tasks: list[NhiemVuTongHop] = []
    tien_do_khong_ro: list[TienDoKhongRo] = []
    for pl in kh.phu_luc:
        for task in pl.all_tasks():
            judgement, why, ongoing = _judge(task, ky)
            if why:
                tien_do_khong_ro.append(TienDoKhongRo(task.id, task.tien_do or task.thoi_gian or "", why))
            roles_of = team.get(task.id, {"chu_tri": [], "phoi_hop": []})
            got = rows.get(task.id, {})
            reports = [got[a] for a in roles_of["chu_tri"] if a in got] + \
                      [got[a] for a in roles_of["phoi_hop"] if a in got]
            status = _status(reports, roles_of["chu_tri"])
            late = _late(judgement, ongoing, status)
            annex, group = where[task.id]
            tasks.append(NhiemVuTongHop(task, annex, group, task.tien_do or task.thoi_gian or "", judgement,
                                       list(roles_of["chu_tri"]), list(roles_of["phoi_hop"]), reports, status,
                                       late, via.get(task.id, {})))
    for t in tasks:
        g = groups[t.nhom]
        g.so_nhiem_vu += 1
        g.theo_tinh_trang[t.tinh_trang] += 1
        g.qua_han += t.qua_han

    # 4. Per agency.
    refused: dict[str, str] = {}
    for k in khong_hop_le:
        if k.loai != TRUNG and k.co_quan:
            canon = (tra_cuu.canonical(k.co_quan) if tra_cuu else None) or k.co_quan
            refused.setdefault(canon, k.tep)
    agencies: list[ThongKeCoQuan] = []
    for agency in order:
        pcs = assigned[agency]
        st = ThongKeCoQuan(agency, sum(pc.vai_tro == "chu_tri" for pc in pcs),
                           sum(pc.vai_tro == "phoi_hop" for pc in pcs))
        if agency in accepted:
            st.tep = accepted[agency].tep
            reps = counted.get(agency, {}).values()
            st.so_bao_cao = sum(1 for r in reps if r.tinh_trang)
            st.so_hoan_thanh = sum(1 for r in reps if r.tinh_trang == DA_HOAN_THANH)
        else:
            st.phieu_loi = refused.get(agency)
        agencies.append(st)

    noi_dung: dict[str, dict[str, str]] = {}
    for a in order:
        if a in accepted:
            texts = {k: (getattr(accepted[a], k) or "").strip() for k in PHAN_NOI_DUNG}
            if any(texts.values()):
                noi_dung[a] = {k: v for k, v in texts.items() if v}
    return TongHop(ky, so_ky_hieu, tasks, agencies, groups, khong_hop_le, dong_khong_tinh, tien_do_khong_ro,
                   canh_bao, kh, nhom_chung(tra_cuu, order), noi_dung)


TOM_TAT_NHOM = 20  # a group of more agencies than this (the communes) is reported as the group
PHAN_NOI_DUNG = ("cong_tac_chi_dao", "ton_tai", "phuong_huong", "kien_nghi")  # parts I–IV of a return


def nhom_chung(tra_cuu: TraCuuCoQuan | None, agencies: list[str]) -> dict[str, str]:
    """agency -> the registry group a consolidated report counts it under instead of quoting it.
    An agency is judged by the smallest group it belongs to (a department stays a department even
    when a catch-all group of every agency is large): that group must be marked
    ``tong_hop_chung: true``, or be unmarked with more than ``TOM_TAT_NHOM`` members (the communes
    and wards of a province)."""
    if tra_cuu is None:
        return {}
    wanted = set(agencies)
    smallest: dict[str, tuple[int, int]] = {}  # agency -> (size, index) of its smallest group
    groups = tra_cuu.danh_muc.nhom
    for i, g in enumerate(groups):
        members = [a for a in tra_cuu.members(g.ten) if a != g.ten]
        for a in members:
            if a in wanted and (len(members), i) < smallest.get(a, (len(members) + 1, 0)):
                smallest[a] = (len(members), i)
    out = {}
    for a, (size, i) in smallest.items():
        flag = groups[i].tong_hop_chung
        if flag or (flag is None and size > TOM_TAT_NHOM):
            out[a] = groups[i].ten
    return {a: out[a] for a in agencies if a in out}


# ---- texts ----------------------------------------------------------------------------------

def phan_tram(part: int | float, whole: int | float) -> str:
    """A share in percent with one decimal and the Vietnamese decimal comma: "34,5"."""
    value = 100 * part / whole if whole else 0.0
    return f"{value:.1f}".replace(".", ",")


def so_thap_phan(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _without_notes(text: str) -> str:
    """Task text for a report: the plan's inline marks kept, its footnotes left out."""
    out, pos = [], 0
    for m in re.finditer(r"\^\[(?:[^\[\]]|\[[^\]]*\])*\]", text):
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out).strip()


def _plain(text: str) -> str:
    """Visible text of a plan cell (no inline marks, no footnotes), for table cells."""
    return "".join(r.text for r in parse_inline(text) if r.note is None).strip()


_MARKER = re.compile(r"^(?:[-–+•*]\s+|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+|[IVXLC]+\.\s+)")


def _lines(text: str) -> list[str]:
    """An agency's free text as body lines' content: no empty lines, no list marks of its own."""
    out = []
    for line in unicodedata.normalize("NFC", text).splitlines():
        s = " ".join(line.split())
        s = _MARKER.sub("", s).strip()
        if s:
            out.append(escape_inline(s))  # an agency's text: its * ^ ~ stay characters
    return out


SHEET_NOI_DUNG_TONG_HOP = "Nội dung báo cáo"  # the workbook sheet with every agency's parts I–IV


def _agency_items(items: list[str], th: TongHop | None = None) -> list[str]:
    """"- <agency>: <text>" lines; a text of several lines goes on as "+ " lines under its agency.
    Members of a ``nhom_chung`` group take one count line for the group, after the agencies
    quoted; their texts are in the workbook."""
    chung = th.nhom_chung if th else {}
    out: list[str] = []
    wrote: dict[str, int] = {}
    for agency, _, text in (i.partition(": ") for i in items):
        parts = _lines(text)
        if not parts:
            continue
        if agency in chung:
            wrote[chung[agency]] = wrote.get(chung[agency], 0) + 1
        elif len(parts) == 1:
            out.append(f"- {agency}: {parts[0]}")
        else:
            out.append(f"- {agency}:")
            out += [f"+ {p}" for p in parts]
    for group, n in wrote.items():
        reported = sum(1 for c in th.da_bao_cao if chung.get(c.co_quan) == group)
        out.append(f"- {escape_inline(group)}: {n}/{reported} đơn vị đã gửi báo cáo nêu nội dung này (nội dung của "
                   f"từng đơn vị tại sheet “{SHEET_NOI_DUNG_TONG_HOP}” của bảng tổng hợp).")
    return out or ["Các cơ quan chưa báo cáo nội dung này."]


def _ngay_ke_hoach(kh: KeHoach) -> str:
    d = kh.ngay
    if d.complete:
        return f"ngày {d.ngay}/{d.thang}/{d.nam}"
    return d.words()


def _trich_yeu(kh: KeHoach) -> str:
    """The plan's subject as it reads after "về": first letter lower case ("triển khai …")."""
    s = kh.trich_yeu.strip().rstrip(".")
    if len(s) > 1 and s[0].isupper() and s[1].islower():
        s = s[0].lower() + s[1:]
    return s


def trich_dan_ke_hoach(kh: KeHoach) -> str:
    """"Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh Hưng Yên về …"."""
    return f"{trich_dan_ngan(kh)} về {_trich_yeu(kh)}"


def trich_dan_ngan(kh: KeHoach) -> str:
    """"Kế hoạch số 132/KH-UBND ngày 16/4/2026 của Ủy ban nhân dân tỉnh Hưng Yên" (for a trích yếu)."""
    so = prepare.header(kh).so_ky_hieu.strip()
    return f"{kh.ten_loai} số {so} {_ngay_ke_hoach(kh)} của {kh.co_quan_ban_hanh.ten}"


def _liet_ke(names: list[str]) -> str:
    return ", ".join(names)


def cau_so_lieu(th: TongHop) -> str:
    """"Tổng số nhiệm vụ: 29; đã hoàn thành 10 (34,5%); …; chưa báo cáo 5 (17,2%)."."""
    n = th.tong_so
    c = th.theo_tinh_trang
    parts = [f"Tổng số nhiệm vụ: {n}"]
    parts += [f"{s[0].lower() + s[1:]} {c[s]} ({phan_tram(c[s], n)}%)" for s in TINH_TRANG_TONG_HOP]
    return "; ".join(parts) + "."


def mo_dau_bao_cao(th: TongHop, kh: KeHoach) -> str:
    """The intro paragraph of the consolidated report."""
    return (f"Thực hiện {trich_dan_ke_hoach(kh)}, trên cơ sở báo cáo của các cơ quan, đơn vị được giao "
            f"nhiệm vụ, kết quả thực hiện {th.ky.ten} (thời gian chốt số liệu: {th.ky.chot_text}) được tổng "
            "hợp như sau:")


def noi_dung_bao_cao(th: TongHop, kh: KeHoach) -> str:
    """The consolidated report body, in the body syntax (``vanban.text.than_van``)."""
    n = th.tong_so
    lines = ["I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo, tổ chức thực hiện"]
    lines += _agency_items(th.cong_tac_chi_dao, th)
    lines.append("2. Kết quả thực hiện các nhiệm vụ")
    late = th.so_qua_han
    lines.append(cau_so_lieu(th) + (
        f" Trong đó, {late} nhiệm vụ ({phan_tram(late, n)}%) quá hạn: đã đến hạn theo tiến độ nhưng chưa hoàn "
        "thành, hoặc là nhiệm vụ thường xuyên nhưng chưa thực hiện."
        if late else " Không có nhiệm vụ nào quá hạn."))
    for g in th.nhom:
        c = g.theo_tinh_trang
        name = f"{g.nhan}. {g.ten}" if g.nhan else g.ten
        name = _without_notes(name).rstrip(".:;")
        counts = "; ".join(f"{s[0].lower() + s[1:]} {c[s]}" for s in TINH_TRANG_TONG_HOP)
        lines.append(f"- {name}: {g.so_nhiem_vu} nhiệm vụ; {counts}; quá hạn {g.qua_han}.")
    done, missing = th.da_bao_cao, th.chua_bao_cao
    sentence = (f"Có {len(done)}/{len(th.co_quan)} cơ quan, đơn vị được giao nhiệm vụ đã gửi báo cáo")
    if missing:
        sentence += (f"; {len(missing)} cơ quan, đơn vị chưa gửi báo cáo: "
                     f"{_liet_ke([c.co_quan for c in missing])}.")
    else:
        sentence += "."
    lines.append(sentence)
    refused = [c.co_quan for c in missing if c.phieu_loi]
    if refused:
        lines.append(f"Trong số cơ quan, đơn vị chưa báo cáo, {len(refused)} cơ quan, đơn vị đã gửi phiếu báo cáo "
                     f"nhưng phiếu có lỗi, chưa tổng hợp được: {_liet_ke(refused)}.")
    lines.append("Kết quả thực hiện từng nhiệm vụ tại Phụ lục I; số liệu tổng hợp theo từng cơ quan, đơn vị "
                 "tại Phụ lục II kèm theo Báo cáo này.")
    lines.append("3. Các nhiệm vụ quá hạn")
    if th.qua_han:
        for t in th.qua_han:
            content = _without_notes(t.nhiem_vu.noi_dung).rstrip(".;: ")
            leads = "; ".join(t.nhiem_vu.chu_tri) or "chưa xác định"
            lines.append(f"- {content} (chủ trì: {leads}; tiến độ: {t.tien_do or 'chưa ghi'}; "
                         f"tình trạng: {t.tinh_trang.lower()}).")
    else:
        lines.append("Không có nhiệm vụ quá hạn.")
    lines.append("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    lines += _agency_items(th.ton_tai, th)
    lines.append("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    lines += _agency_items(th.phuong_huong, th)
    lines.append("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    lines += _agency_items(th.kien_nghi, th)
    return unicodedata.normalize("NFC", "\n".join(lines))


def _ket_qua_text(r: BaoCaoCoQuan) -> str:
    """"Sở Xây dựng (chủ trì, đã hoàn thành): <its result>"."""
    text = escape_inline(" ".join((r.ket_qua or "").split()))
    about = VAI_TRO_THUONG[r.vai_tro] + (f", {r.tinh_trang.lower()}" if r.tinh_trang else "")
    return f"{escape_inline(r.co_quan)} ({about})" + (f": {text}" if text else "")


def tinh_trang_text(t: NhiemVuTongHop) -> str:
    return f"{t.tinh_trang}\n{QUA_HAN_TT}" if t.qua_han else t.tinh_trang


def _chung(t: NhiemVuTongHop, agency: str, role: str, chung: dict[str, str]) -> str:
    """The group an agency's line on task ``t`` is counted under, or "" when it is quoted: a member
    of a ``nhom_chung`` group, unless it leads the task by name (a lead answers for the task)."""
    if role == "phoi_hop" or agency in t.qua_nhom:
        return chung.get(agency, "")
    return ""


def _ket_qua_cell(t: NhiemVuTongHop, chung: dict[str, str]) -> str:
    """A task's merged results: one line per agency, leads first; the members of a ``nhom_chung``
    group (the communes) as one count line per group after the agencies of the same role that
    are quoted, their own lines being in the workbook."""
    lines = []
    for role in ("chu_tri", "phoi_hop"):
        team: dict[str, list[str]] = {}
        for a in getattr(t, role):
            if g := _chung(t, a, role, chung):
                team.setdefault(g, []).append(a)
        mine = [r for r in t.bao_cao if r.vai_tro == role]
        lines += [_ket_qua_text(r) for r in mine if not _chung(t, r.co_quan, role, chung)]
        for g, members in team.items():
            got = [r for r in mine if _chung(t, r.co_quan, role, chung) == g and r.tinh_trang]
            if not any(_chung(t, r.co_quan, role, chung) == g for r in mine):
                continue  # none of them reported: the agencies not reported are listed elsewhere
            counts = "; ".join(f"{s[0].lower() + s[1:]} {n}" for s in (DA_HOAN_THANH, DANG_THUC_HIEN, CHUA_THUC_HIEN)
                               if (n := sum(1 for x in got if x.tinh_trang == s)))
            lines.append(f"{escape_inline(g)} ({VAI_TRO_THUONG[role]}): {len(got)}/{len(members)} cơ quan đã báo "
                         f"cáo" + (f"; {counts}" if counts else "") + " (chi tiết tại bảng tổng hợp)")
    return "\n".join(lines)


def bang_ket_qua(th: TongHop) -> list[tuple[str, str] | list[str]]:
    """Rows of Phụ lục I (columns ``COT_PHU_LUC_KET_QUA``): a group row is a tuple ``(label, title)``,
    a task row a list of cell texts (lines in a cell separated by "\\n")."""
    by_id = {t.id: t for t in th.nhiem_vu}
    out: list[tuple[str, str] | list[str]] = []
    plan = th.kh  # its annex rows give the numbering and groups of the plan's own annex
    for i, pl in enumerate(plan.phu_luc):
        if len(plan.phu_luc) > 1:
            out.append((prepare.annex_label(i, len(plan.phu_luc)).removeprefix("Phụ lục ").strip(), pl.ten))
        for row in prepare.annex_rows(pl):
            if row.kind == "group":
                out.append((row.label, _plain(row.title)))
                continue
            t = by_id[row.task.id]
            out.append([row.label, _plain(t.nhiem_vu.noi_dung), "; ".join(t.nhiem_vu.chu_tri), t.tien_do,
                        tinh_trang_text(t), _ket_qua_cell(t, th.nhom_chung)])
    return out


def bang_co_quan(th: TongHop) -> list[list[str]]:
    """Rows of Phụ lục II (columns ``COT_CO_QUAN``), one per assigned agency, as cell texts."""
    return [[str(i), escape_inline(c.co_quan), str(c.so_chu_tri), str(c.so_phoi_hop), str(c.so_bao_cao), str(c.so_hoan_thanh),
             so_thap_phan(c.ty_le)] for i, c in enumerate(th.co_quan, start=1)]


def noi_dung_don_doc(th: TongHop, kh: KeHoach, han_moi: dt.date,
                     nhan: list[ThongKeCoQuan] | None = None) -> str:
    """Body of the reminder letter (công văn đôn đốc) to the agencies that did not report
    (``nhan``: those of them the letter goes to; by default all)."""
    missing = th.chua_bao_cao if nhan is None else nhan
    if not missing:
        raise VanbanError(f"tất cả cơ quan, đơn vị đã gửi báo cáo {th.ky.ten}; không cần công văn đôn đốc")
    han_cu = f" trước ngày {th.ky.han_nop:%d/%m/%Y}" if th.ky.han_nop else ""
    lines = [
        f"Thực hiện {trich_dan_ke_hoach(kh)}, các cơ quan, đơn vị được giao nhiệm vụ có trách nhiệm báo cáo "
        f"kết quả thực hiện {th.ky.ten}{han_cu}.",
        f"Đến nay, chưa nhận được báo cáo hợp lệ về kết quả thực hiện {th.ky.ten} (phiếu báo cáo) của "
        f"{len(missing)} cơ quan, đơn vị sau:",
    ]
    for k, c in enumerate(missing):
        end = "." if k == len(missing) - 1 else ";"
        roles = []
        if c.so_chu_tri:
            roles.append(f"chủ trì {c.so_chu_tri} nhiệm vụ")
        if c.so_phoi_hop:
            roles.append(f"phối hợp {c.so_phoi_hop} nhiệm vụ")
        if c.phieu_loi:
            roles.append(f"phiếu đã gửi ({escape_inline(_ten_tep(c.phieu_loi))}) có lỗi, chưa tổng hợp được")
        lines.append(f"- {c.co_quan} ({'; '.join(roles)}){end}")
    lines.append(
        f"Để kịp thời tổng hợp, báo cáo kết quả thực hiện Kế hoạch số {th.ke_hoach} {th.ky.ten}, đề nghị các cơ "
        f"quan, đơn vị nêu trên khẩn trương báo cáo kết quả thực hiện các nhiệm vụ được giao theo mẫu phiếu "
        f"báo cáo (tệp Excel) đã được gửi kèm, gửi trước ngày {han_moi:%d/%m/%Y}.")
    if any(c.phieu_loi for c in missing):
        lines.append("Cơ quan, đơn vị có phiếu báo cáo bị lỗi đề nghị sửa theo hướng dẫn tại sheet “Hướng dẫn” "
                     "của phiếu (không sửa các cột bị khóa, chọn tình trạng trong danh sách, tỷ lệ hoàn thành từ "
                     "0 đến 100) và gửi lại.")
    lines.append("Quá thời hạn trên, danh sách cơ quan, đơn vị chưa gửi báo cáo sẽ được nêu trong báo cáo tổng "
                 "hợp kết quả thực hiện Kế hoạch.")
    return unicodedata.normalize("NFC", "\n".join(lines))
