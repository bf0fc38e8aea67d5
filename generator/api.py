"""The library's entry points. The command line (``vanban.cli``) is a thin layer over these."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem, VanbanError
from .io import MAX_NAME, Task, check_distinct, fit_name, name_problem, parallel_map, short_hash, write_all
from .load import load_registry, read_model
from .model import DanhMucCoQuan, KeHoach
from .validate import Registry, check_flow_commas, check_plan
from .resources import data_dir, template_file

if TYPE_CHECKING:  # types only: the checker and the consolidation load when a call needs them
    from .baocao.tong_hop import TongHop
    from .check import Finding

DATA = data_dir()
SAMPLE_PLANS = DATA / "ke-hoach"
SAMPLE_PERIODS = DATA / "bao-cao"


@dataclass
class KetQua:
    """What a call wrote, and the warnings it met on the way."""

    tep: list[Path] = field(default_factory=list)
    canh_bao: list[Problem] = field(default_factory=list)
    kiem_tra: list[KetQuaKiemTra] = field(default_factory=list)  # of the .docx written, when asked


def doc_ke_hoach(plan: Path | str) -> tuple[KeHoach, Registry | None, list[Problem]]:
    """Load a plan and its agency registry; return the model, the registry and the warnings.
    The registry named by the plan is read like any input (a regular file, size limited)."""
    plan = Path(plan)
    kh, notes = read_model(plan, KeHoach)
    warnings = list(notes.warnings)
    registry = None
    if kh.danh_muc_co_quan:
        reg_path = (plan.parent / kh.danh_muc_co_quan)
        try:
            danh_muc, reg_notes = read_model(reg_path, DanhMucCoQuan)
        except InputError as e:
            if not reg_path.exists() and not reg_path.is_symlink():
                raise InputError([Problem(str(plan), "danh_muc_co_quan",
                                          f"không tìm thấy danh mục cơ quan “{reg_path}”",
                                          notes.line(("danh_muc_co_quan",)))]) from None
            raise e from None
        registry = Registry(danh_muc)
        warnings += reg_notes.warnings
    errors = check_flow_commas(kh, str(plan), registry, notes)
    if errors:
        raise InputError(errors)
    return kh, registry, warnings + check_plan(kh, str(plan), registry)


def _mau(mau: Path | str | None) -> tuple[Path | None, list[Problem]]:
    """The user's templates folder (``--mau``) checked before anything is read or written, and
    its warnings."""
    if mau is None:
        return None, []
    from .mau import kiem_tra_thu_muc_mau

    return Path(mau), kiem_tra_thu_muc_mau(mau)


def _docx_ke_hoach(kh: KeHoach, mau: Path | None, target: Path) -> None:
    from .render.docx_ke_hoach import render_ke_hoach_docx

    render_ke_hoach_docx(kh, target, mau=mau)


def _xlsx_phu_luc(kh: KeHoach, mau: Path | None, target: Path) -> None:
    from .render.xlsx_phu_luc import render_phu_luc_xlsx

    render_phu_luc_xlsx(kh, target, template_file("xlsx", "phu-luc.xlsx", mau))


def _pdf_ke_hoach(kh: KeHoach, pdfa: bool, mau: Path | None, target: Path) -> None:
    from .render.pdf_ke_hoach import render_ke_hoach_pdf  # weasyprint: only when asked

    render_ke_hoach_pdf(kh, target, pdfa=pdfa, mau=mau)


def _plan_jobs(plan: Path, out_dir: Path, name: str | None = None, pdf: bool = False, pdfa: bool = False,
               mau: Path | None = None):
    # Each writer imports its own renderer: write_all may run them side by side in forked
    # processes, and python-docx and openpyxl then load at the same time.
    kh, _registry, warnings = doc_ke_hoach(plan)
    name = _plan_name(plan, name)
    jobs: list[tuple[Path, Callable[[Path], None]]] = [(out_dir / f"{name}.docx", Task(_docx_ke_hoach, (kh, mau)))]
    if kh.phu_luc:
        jobs.append((out_dir / f"{name}-phu-luc.xlsx", Task(_xlsx_phu_luc, (kh, mau))))
    if pdf or pdfa:
        jobs.append((out_dir / f"{name}.pdf", Task(_pdf_ke_hoach, (kh, pdfa, mau))))
    return jobs, warnings


def _plan_name(plan: Path, name: str | None) -> str:
    """The outputs' common stem: ``name`` as given (refused when it cannot fit), else the plan's
    file name, shortened to fit."""
    longest = "-phu-luc.xlsx"
    if name is not None and name != "":
        name = unicodedata.normalize("NFC", name).strip(" ")  # stray spaces at the ends, as everywhere
        if name.lower().endswith((".docx", ".xlsx", ".pdf")):  # "ke-hoach.docx": the stem was meant
            name = name.rsplit(".", 1)[0]
        why = name_problem(name)
        if why:
            shown = "".join(f"‹U+{ord(c):04X}›" if unicodedata.category(c)[0] in "CZ" and c != " " else c
                            for c in (name if len(name) <= 40 else name[:40] + "…"))
            raise InputError([Problem("--ten", "", f"tên “{shown}” không dùng được: {why}; ghi một tên tệp "
                                                   "không có đuôi, chỉ gồm chữ, chữ số, dấu cách, “-”, “_”, "
                                                   "ví dụ “ke-hoach-2026”")])
        size = len(f"{name}{longest}".encode("utf-8", "surrogateescape"))
        if size > MAX_NAME:
            shown = name if len(name) <= 40 else name[:40] + "…"
            raise InputError([Problem("--ten", "", f"tên “{shown}” quá dài: tên tệp kết quả dài nhất "
                                                   f"(“<tên>{longest}”) sẽ dài {size} byte, tối đa {MAX_NAME} "
                                                   "byte; ghi tên ngắn hơn (chữ có dấu chiếm 2–3 byte mỗi chữ)")])
        return name
    return fit_name(plan.stem, longest)[:-len(longest)]


def tao_ke_hoach(plan: Path | str, out_dir: Path | str, overwrite: bool = False,
                 name: str | None = None, pdf: bool = False, pdfa: bool = False,
                 mau: Path | str | None = None) -> KetQua:
    """Generate ``<name>.docx``, ``<name>-phu-luc.xlsx`` when the plan has annexes, and
    ``<name>.pdf`` when asked (``pdfa``: archival PDF/A). ``mau``: a folder of the user's own
    templates (``vanban.mau``), each file there used in place of the built-in one."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings = _plan_jobs(Path(plan), Path(out_dir), name, pdf, pdfa, mau)
    return KetQua(write_all(jobs, overwrite), mau_warnings + warnings)


def xuat_mau(out_dir: Path | str, overwrite: bool = False) -> KetQua:
    """Copy the built-in templates to ``out_dir`` for editing, in the layout ``mau=`` reads
    (``docx/``, ``xlsx/``, ``html/``), with a README.txt on what each file is and what must keep
    its name. Nothing is replaced unless ``overwrite``."""
    from .mau import export_jobs

    return KetQua(write_all(export_jobs(out_dir), overwrite), [])


def demo(out_dir: Path | str = "out", overwrite: bool = False, check: bool = True,
         pdf: bool = False, pdfa: bool = False, mau: Path | str | None = None) -> KetQua:
    """The main job on the built-in sample data: every sample plan into ``out_dir``, then the
    reporting cycle of every sample period in ``data/bao-cao/<period>/`` (its ``thong-tin.yaml``
    names the plan; its ``phieu/`` holds the filled returns) into ``out_dir/<period>/``: the
    return forms, each valid return's agency report, the consolidated report, workbook and
    reminder letter. Then (``check``) every .docx written goes through the ND30 checker.

    Every sample is loaded and every target checked before anything is written. ``mau``: the
    user's templates folder, as for ``tao_ke_hoach``.
    """
    out_dir = Path(out_dir)
    plans = sorted(SAMPLE_PLANS.glob("*.yaml"))
    if not plans:  # an install without its data: say so, never succeed with nothing written
        raise VanbanError(f"{SAMPLE_PLANS}: không tìm thấy dữ liệu mẫu (tệp Kế hoạch .yaml) của chương trình; "
                          "bản cài đặt thiếu thư mục data/, hãy cài lại vanban (pip install --force-reinstall)")
    mau, warnings = _mau(mau)
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    for plan in plans:
        j, w = _plan_jobs(plan, out_dir, pdf=pdf, pdfa=pdfa, mau=mau)
        jobs += j
        warnings += w
    for period_dir in sorted(p for p in SAMPLE_PERIODS.glob("*") if (p / "thong-tin.yaml").is_file()):
        j, w = _cycle_jobs(period_dir, out_dir / period_dir.name, pdf, mau)
        jobs += j
        warnings += w
    # a period's plan is also a sample plan: its warnings are said once
    result = KetQua(write_all(jobs, overwrite), list(dict.fromkeys(warnings)))
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"])
    return result


def _cycle_jobs(period_dir: Path, out: Path, pdf: bool, mau: Path | None = None):
    """One sample period, end to end: forms, agency reports, consolidation."""
    from .load import load_model
    from .model.ky_bao_cao import ThongTinKy

    info_file = period_dir / "thong-tin.yaml"
    info_warnings: list[Problem] = []
    info = load_model(info_file, ThongTinKy, info_warnings)
    if not info.ke_hoach or not info.ky:
        raise InputError([Problem(str(info_file), "ke_hoach" if not info.ke_hoach else "ky",
                                  "tệp kỳ báo cáo mẫu cần ghi ke_hoach (tệp Kế hoạch) và ky (kỳ báo cáo)")])
    plan = period_dir / info.ke_hoach
    loaded = doc_ke_hoach(plan)  # read once for the three stages
    registry = loaded[1]
    jobs, warnings = _bieu_mau_jobs(plan, info.ky, out / "bieu-mau", info.han_nop, loaded=loaded,
                                    chot=info.chot_so_lieu, mau=mau)
    warnings = info_warnings + warnings
    returns = period_dir / "phieu"
    for f in sorted(returns.glob("*.xlsx")):
        try:
            jobs += _bao_cao_jobs(f, out / "bao-cao", registry, pdf=False, mau=mau, canh_bao=warnings)
        except InputError as e:  # the consolidation lists it among the refused returns
            warnings.append(Problem(str(f), "", f"không lập được báo cáo của cơ quan: {len(e.problems)} lỗi "
                                                "(xem danh sách phiếu không hợp lệ của báo cáo tổng hợp)"))
    j, w, th, _no_letter = _tong_hop_jobs(plan, returns, info.ky, out, info_file, pdf=pdf, loaded=loaded, info=info,
                                          mau=mau)
    if th.khong_hop_le:  # the sample period has them on purpose; ``vanban tonghop`` would exit 3
        warnings.append(Problem(str(returns), "", f"{len(th.khong_hop_le)} phiếu không được tính trong báo cáo "
                                                  "tổng hợp (dữ liệu mẫu cố ý có phiếu lỗi và phiếu trùng để "
                                                  "minh họa; với lệnh tonghop, mã thoát là 3): "
                                                  + ", ".join(Path(k.tep).name for k in th.khong_hop_le)))
    return jobs + j, warnings + w[len(loaded[2]):]  # the plan's warnings are in ``warnings`` once


# ---- the reporting cycle ----------------------------------------------------------------------

def _slug(text: str, default: str = "van-ban") -> str:
    """ASCII file-name part: "Sở Xây dựng" -> "so-xay-dung"; ``default`` when nothing is left."""
    import re
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower() or default


def _ten_co_quan(agencies: list[str], registry: Registry | None) -> dict[str, str]:
    """The file-name part of each agency: the registry's viet_tat (when no other agency of
    ``agencies`` has the same), else the ASCII slug of its name; a slug that two agencies share
    (names that differ only in diacritics or punctuation) or that is empty (a name without any
    Latin letter or digit) gets ``-`` and the ``short_hash`` of the NFC name. ``agencies`` is a
    plan's whole assignment, so an agency's name does not depend on which forms a run writes."""
    from collections import Counter

    abbr = {a: _slug(registry.viet_tat(a) or "", "").upper() if registry else "" for a in agencies}
    shared = Counter(v.casefold() for v in abbr.values() if v)
    keys = {a: abbr[a] if abbr[a] and shared[abbr[a].casefold()] == 1 else _slug(a, "") for a in agencies}
    count = Counter(k.casefold() for k in keys.values())
    for a, k in keys.items():
        if not k:
            keys[a] = f"co-quan-{short_hash(a)}"
        elif count[k.casefold()] > 1:
            keys[a] = f"{k}-{short_hash(a)}"
    return keys


def _ten_bieu_mau(period_ma: str, key: str, agency: str) -> str:
    return fit_name(f"bieu-mau-{_slug(period_ma)}-{key}", ".xlsx", key=agency)


def _ky(ky: str, han_nop=None, kh: KeHoach | None = None, chot=None):
    """The period; its due date from ``han_nop`` or else the plan's reporting deadline; its data
    cut-off window from ``chot`` (the period file's), else the plan's, else the decree's."""
    import datetime as dt

    from .model.ky_bao_cao import parse_han
    from .text.thoi_han import ThoiHanError, doc_ky, doc_thoi_han

    try:
        due = han_nop if isinstance(han_nop, dt.date) or han_nop is None else parse_han(han_nop)
    except ValueError as e:
        raise InputError([Problem("--han-nop", "", f"hạn nộp “{han_nop}” không hợp lệ: {e}")]) from None
    try:
        period = doc_ky(str(ky))
    except ThoiHanError as e:
        raise InputError([Problem("--ky", "", str(e))]) from None
    if due is None and kh is not None and kh.che_do_bao_cao and kh.che_do_bao_cao.thoi_han:
        try:
            th = doc_thoi_han(kh.che_do_bao_cao.thoi_han)
        except ThoiHanError:
            th = None
        if th is not None and th.han_trong_nam:
            d, m = th.han_trong_nam
            y = period.den_ngay.year
            due = dt.date(y, m, 28 if (d, m) == (29, 2) and not _leap(y) else d)
        elif th is not None and th.ket_thuc:
            due = th.ket_thuc
    if chot is None and kh is not None and kh.che_do_bao_cao:
        chot = kh.che_do_bao_cao.chot_so_lieu
    return doc_ky(str(ky), due, chot)


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _canh_bao_ky(period, where_due: Problem, where_chot: Problem | None) -> list[Problem]:
    """The period's warnings (``vanban.text.thoi_han``), each at the place its date came from:
    ``where_due`` for the deadline, ``where_chot`` for a window set by hand (None: the decree's)."""
    from .text.thoi_han import canh_bao_chot, canh_bao_han

    out = []
    if (msg := canh_bao_han(period)) is not None:
        out.append(Problem(where_due.file, where_due.path, msg))
    if where_chot is not None and (msg := canh_bao_chot(period)) is not None:
        out.append(Problem(where_chot.file, where_chot.path, msg))
    return out


def _noi_ky(plan, han_nop, chot, info_file=None, info=None) -> tuple[Problem, Problem | None]:
    """Where a period's deadline and window came from: the command line, the period file or the plan."""
    if han_nop:
        due = Problem("--han-nop", "", "")
    elif info is not None and info.han_nop:
        due = Problem(str(info_file), "han_nop", "")
    else:
        due = Problem(str(plan or ""), "che_do_bao_cao.thoi_han", "")
    if chot is not None:
        return due, Problem(str(info_file or ""), "chot_so_lieu", "")
    return due, Problem(str(plan or ""), "che_do_bao_cao.chot_so_lieu", "")


def tao_bieu_mau(plan: Path | str | None, ky: str, out_dir: Path | str, overwrite: bool = False,
                 han_nop: str | datetime.date | None = None, co_quan: list[str] | None = None,
                 mau: Path | str | None = None) -> KetQua:
    """Return forms for period ``ky``: one ``bieu-mau-<ky>-<agency>.xlsx`` per agency the plan
    assigns tasks (``co_quan``: only these, names as in the registry or the plan). Without a plan:
    one blank form (``co_quan``: pre-filled agency names, one form each). ``mau``: the user's
    templates folder, as for ``tao_ke_hoach``."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings = _bieu_mau_jobs(plan, ky, Path(out_dir), han_nop, co_quan, mau=mau)
    return KetQua(write_all(jobs, overwrite), mau_warnings + warnings)


def _bieu_mau(template: Path, kh, period, agency: str, tasks, own: bool, viet_tat: str | None,
              target: Path) -> None:
    """One return form (a worker process may run it); ``own``: the consolidating agency's own;
    ``viet_tat``: the abbreviation pre-filled on it."""
    from .render.xlsx_bieu_mau import render_bieu_mau

    render_bieu_mau(kh, period, agency, tasks, target, template=template, la_co_quan_tong_hop=own,
                    viet_tat=viet_tat)


def _viet_tat(agency: str, kh: KeHoach, registry: Registry | None) -> str | None:
    """The abbreviation pre-filled on an agency's form: the registry's, else the plan's own when
    the agency is the plan's issuer."""
    abbr = registry.viet_tat(agency) if registry else None
    issuer = kh.co_quan_ban_hanh
    if not abbr and issuer is not None and " ".join(issuer.ten.split()).casefold() == " ".join(agency.split()).casefold():
        abbr = issuer.viet_tat
    return abbr


def _bieu_mau_jobs(plan: Path | str | None, ky: str, out_dir: Path, han_nop=None, co_quan: list[str] | None = None,
                   loaded=None, chot=None, mau: Path | None = None):
    """``loaded``: the plan as ``doc_ke_hoach`` returned it, when the caller has read it already;
    ``chot``: the period file's data cut-off window."""
    from .baocao.phan_cong import phan_cong
    from .render.xlsx_bieu_mau import nhan_phieu
    from .validate.registry import cung_co_quan

    out_dir = Path(out_dir)
    template = template_file("xlsx", "bieu-mau.xlsx", mau)
    warnings: list[Problem] = []
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    if plan is None:
        import unicodedata

        period = _ky(ky, han_nop, chot=chot)
        warnings += _canh_bao_ky(period, *_noi_ky(None, han_nop, None))
        names = list(dict.fromkeys(unicodedata.normalize("NFC", n) for n in co_quan or [""]))
        keys = _ten_co_quan([n for n in names if n], None)
        for name in names:
            target = out_dir / _ten_bieu_mau(period.ma, keys[name] if name else "trong", name)
            jobs.append((target, Task(_bieu_mau, (template, None, period, name, [], False, None))))
        check_distinct((t, f"phiếu của {n}" if n else "phiếu trống") for (t, _), n in zip(jobs, names))
        return jobs, warnings

    kh, registry, warnings = loaded or doc_ke_hoach(plan)
    period = _ky(ky, han_nop, kh, chot)
    if loaded is None:  # a cycle of the demo says them once, from its consolidation
        warnings = warnings + _canh_bao_ky(period, *_noi_ky(plan, han_nop, None))
    assigned = phan_cong(kh, registry)
    if not assigned:
        raise InputError([Problem(str(plan), "phu_luc", "kế hoạch không có nhiệm vụ nào giao cho cơ quan "
                                                        "(chu_tri, phoi_hop trong phụ lục); không có phiếu để tạo")])
    keys = _ten_co_quan(list(assigned), registry)  # before --co-quan: names stay the same from run to run
    if co_quan:
        chosen = {}
        problems = []
        for i, name in enumerate(co_quan):
            canon = (registry.canonical(name) if registry else None) or name
            if canon not in assigned:
                problems.append(Problem("--co-quan", "", f"“{name}” không được giao nhiệm vụ nào trong kế hoạch; "
                                                         "các cơ quan được giao: " + "; ".join(assigned)))
            else:
                chosen[canon] = assigned[canon]
        if problems:
            raise InputError(problems)
        assigned = chosen
    for agency, tasks in assigned.items():
        target = out_dir / _ten_bieu_mau(period.ma, keys[agency], agency)
        # the consolidating agency's own return goes straight into the consolidation: its form says so
        own = cung_co_quan(agency, nhan_phieu(kh), registry)
        jobs.append((target, Task(_bieu_mau, (template, kh, period, agency, tasks, own,
                                              _viet_tat(agency, kh, registry)))))  # forms render in parallel
    check_distinct((t, f"phiếu của {a}") for (t, _), a in zip(jobs, assigned))
    return jobs, warnings


def tao_bao_cao(phieu: Path | str, out_dir: Path | str, overwrite: bool = False,
                registry: Path | str | None = None, pdf: bool = False, mau: Path | str | None = None) -> KetQua:
    """An agency's Báo cáo ``<form name>-bao-cao.docx`` from its filled return form; the
    reader's warnings on the form (a formula's saved value used, invisible characters removed)
    in ``canh_bao``. ``mau``: the user's templates folder, as for ``tao_ke_hoach``."""
    mau, warnings = _mau(mau)
    reg = Registry(load_registry(Path(registry), warnings)) if registry else None
    jobs = _bao_cao_jobs(Path(phieu), Path(out_dir), reg, pdf, mau, canh_bao=warnings)
    return KetQua(write_all(jobs, overwrite), warnings)


def _bao_cao_jobs(phieu: Path, out_dir: Path, reg: Registry | None, pdf: bool = False, mau: Path | None = None,
                  canh_bao: list[Problem] | None = None):
    """``canh_bao`` receives the reader's warnings on the form."""
    from .baocao.van_ban import bao_cao_co_quan
    from .load.phieu import doc_phieu
    from .render.docx_van_ban import render_van_ban_docx
    from .text.thoi_han import ThoiHanError, doc_ky

    from .text.thoi_han import doc_chot_so_lieu

    p = doc_phieu(phieu)
    if canh_bao is not None:
        canh_bao += p.canh_bao
    try:
        chot = doc_chot_so_lieu(p.chot_so_lieu) if p.chot_so_lieu else None  # the window the form states
    except ThoiHanError:
        chot = None  # a form of an earlier release: the decree's window
    try:
        period = doc_ky(p.ky, chot=chot)
    except ThoiHanError as e:
        raise InputError([Problem(str(phieu), "Sheet '_vanban'", str(e))]) from None
    doc = bao_cao_co_quan(p, period, reg)
    name = fit_name(f"{phieu.stem}-bao-cao", ".docx")[:-len(".docx")]
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (Path(out_dir) / f"{name}.docx", lambda t: render_van_ban_docx(doc, t, mau=mau))]
    if pdf:
        jobs.append((Path(out_dir) / f"{name}.pdf", lambda t: _pdf(doc, t, mau)))
    return jobs


def _pdf(doc, target: Path, mau: Path | None = None) -> None:
    from .render.pdf_van_ban import render_van_ban_pdf  # weasyprint: only when asked
    render_van_ban_pdf(doc, target, mau=mau)


@dataclass
class KetQuaTongHop(KetQua):
    """What ``tong_hop_bao_cao`` wrote, with the consolidation itself."""

    tong_hop: TongHop | None = None
    khong_don_doc: str | None = None  # why no reminder was written although returns are missing

    @property
    def so_phieu_khong_tinh(self) -> int:
        """How many files of the returns folder were not counted (refused, unreadable, duplicate,
        of another plan or period, of an unknown agency): ``tong_hop.khong_hop_le``."""
        return len(self.tong_hop.khong_hop_le) if self.tong_hop is not None else 0


def _doc_mot_phieu(path: Path):
    """(form, None, None) or (None, its problems, the agency it names): one return, in a worker."""
    from .load.phieu import co_quan_cua_phieu, doc_phieu

    try:
        return doc_phieu(path), None, None
    except InputError as e:
        return None, e.problems, co_quan_cua_phieu(path)


def doc_phieu_thu_muc(folder: Path | str) -> tuple[list, list[Problem], dict[str, str]]:
    """Every return in ``folder``: the forms read, the problems of the files that could not be,
    and for those the agency they name when it can still be made out. Excel's lock files ("~$…")
    and hidden files are skipped; any other file is a return. A subfolder is not read but listed
    among the problems (returns put there would otherwise go uncounted without a word); so is any
    entry that is not a regular file (a FIFO, a broken symlink: the reader names what it is)."""
    from .safety import display_path

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError([Problem(display_path(folder), "", "không tìm thấy thư mục phiếu báo cáo")])
    phieu, problems, agencies = [], [], {}
    entries = [f for f in sorted(folder.iterdir(), key=lambda x: x.name.casefold())
               if not f.name.startswith(("~$", "."))]
    files = [f for f in entries if not f.is_dir()]
    results = dict(zip(files, parallel_map(_doc_mot_phieu, files)))
    for f in entries:
        if f not in results:
            problems.append(Problem(display_path(f), "", "là thư mục con: phiếu trong thư mục con không được đọc; "
                                                         "chuyển các phiếu ra thẳng thư mục phiếu báo cáo"))
            continue
        p, errors, name = results[f]
        if p is not None:
            phieu.append(p)
            continue
        problems += errors
        if name:
            agencies[display_path(f)] = name
    return phieu, problems, agencies


def tong_hop_bao_cao(plan: Path | str, returns: Path | str, ky: str, out_dir: Path | str,
                     overwrite: bool = False, thong_tin: Path | str | None = None,
                     han_nop: str | datetime.date | None = None, han_moi: str | datetime.date | None = None,
                     pdf: bool = False, check: bool = False, don_doc: bool = False,
                     hom_nay: datetime.date | None = None, mau: Path | str | None = None) -> KetQuaTongHop:
    """Consolidate the returns in folder ``returns`` on ``plan`` for period ``ky``; write
    ``tong-hop-<ky>.docx`` (the consolidated Báo cáo), ``tong-hop-<ky>.xlsx`` and, when returns
    are missing and the deadline has passed (or ``don_doc``: at once), ``don-doc-<ky>.docx`` (the
    reminder, to the missing agencies other than the consolidating agency and the letter's
    issuer). ``mau``: the user's templates folder, as for ``tao_ke_hoach``.

    The new deadline ``han_moi`` (or the period file's ``don_doc.han_moi``) must be after the
    period's deadline and the letter's date; by default it is 7 days after the later of the two.
    "Today" (``hom_nay``) is by default the consolidated report's date in the period file, else the
    system date; the letter's date is its own in the period file, else today. The deadline has
    passed when the letter's date is after it. ``khong_don_doc`` of the result says why no
    reminder was written."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings, th, no_letter = _tong_hop_jobs(Path(plan), Path(returns), ky, Path(out_dir), thong_tin,
                                                   han_nop, han_moi, pdf, don_doc=don_doc, hom_nay=hom_nay, mau=mau)
    result = KetQuaTongHop(write_all(jobs, overwrite), mau_warnings + warnings, tong_hop=th, khong_don_doc=no_letter)
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"])
    return result


def _ngay(n):
    import datetime as dt

    return dt.date(n.nam, n.thang, n.ngay) if n is not None and n.complete else None


def _tong_hop_jobs(plan: Path, returns: Path, ky: str | None, out_dir: Path, thong_tin=None, han_nop=None,
                   han_moi=None, pdf: bool = False, loaded=None, info=None, don_doc: bool = False, hom_nay=None,
                   mau: Path | None = None):
    import datetime as dt

    from .baocao.tong_hop import tong_hop
    from .baocao.van_ban import bao_cao_tong_hop, cong_van_don_doc, nhan_don_doc
    from .load import load_model
    from .model.ky_bao_cao import ThongTinKy, parse_han
    from .render.docx_van_ban import render_van_ban_docx
    from .render.xlsx_tong_hop import render_tong_hop_xlsx

    kh, registry, warnings = loaded or doc_ke_hoach(plan)
    warnings = list(warnings)
    if info is None:
        info = load_model(Path(thong_tin), ThongTinKy, warnings) if thong_tin else ThongTinKy()
    period = _ky(ky or info.ky, han_nop or info.han_nop, kh, info.chot_so_lieu)
    warnings += _canh_bao_ky(period, *_noi_ky(plan, han_nop, info.chot_so_lieu, thong_tin, info))
    src = str(thong_tin or "")
    try:
        new_due = parse_han(han_moi) if han_moi and not isinstance(han_moi, dt.date) else han_moi
    except ValueError as e:
        raise InputError([Problem("--han-moi", "", f"hạn mới “{han_moi}” không hợp lệ: {e}")]) from None
    where_new = Problem("--han-moi", "", "") if new_due else Problem(src, "don_doc.han_moi", "")
    new_due = new_due or info.don_doc.han_moi
    today = hom_nay or _ngay(info.bao_cao.ngay) or dt.date.today()
    letter_day = _ngay(info.don_doc.ngay) or today
    due = period.han_nop
    if new_due is not None:
        wrong = []
        if due is not None and new_due <= due:
            wrong.append(f"hạn mới {new_due:%d/%m/%Y} không sau hạn nộp của kỳ {due:%d/%m/%Y}; hạn mới phải "
                         f"sau ngày {due:%d/%m/%Y}")
        elif new_due <= letter_day:
            wrong.append(f"hạn mới {new_due:%d/%m/%Y} không sau ngày của công văn đôn đốc {letter_day:%d/%m/%Y}; "
                         f"hạn mới phải sau ngày {letter_day:%d/%m/%Y}")
        if wrong:
            raise InputError([Problem(where_new.file, where_new.path, wrong[0])])
    else:
        new_due = max(due or letter_day, letter_day) + dt.timedelta(days=7)

    phieu, loi_doc, co_quan_loi = doc_phieu_thu_muc(returns)
    warnings = [*warnings, *(w for p in phieu for w in p.canh_bao)]  # the reader's, per return
    th = tong_hop(kh, registry, period, phieu, loi_doc, co_quan_loi)
    report = bao_cao_tong_hop(th, kh, info, src, registry)
    name = f"tong-hop-{_slug(period.ma)}"
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{name}.docx", lambda t: render_van_ban_docx(report, t, mau=mau)),
        (out_dir / f"{name}.xlsx", lambda t: render_tong_hop_xlsx(th, kh, t)),
    ]
    if pdf:
        jobs.append((out_dir / f"{name}.pdf", lambda t: _pdf(report, t, mau)))
    no_letter = None
    if th.chua_bao_cao:
        to, dropped = nhan_don_doc(th, kh, registry, info)
        for d in dropped:
            warnings.append(Problem(src or str(plan), "don_doc.kinh_gui" if info.don_doc.kinh_gui else "",
                                    f"công văn đôn đốc không gửi {d}: là cơ quan gửi công văn hoặc cơ quan "
                                    "tổng hợp"))
        if not to:
            no_letter = ("chưa lập công văn đôn đốc: chỉ còn cơ quan tổng hợp hoặc cơ quan gửi công văn chưa có "
                         "phiếu (" + "; ".join(dropped) + "); không gửi công văn cho chính mình")
        elif not don_doc and due is None:
            no_letter = ("chưa lập công văn đôn đốc: kỳ báo cáo chưa có hạn nộp (ghi --han-nop hoặc han_nop "
                         "trong tệp --thong-tin); ghi --don-doc để lập ngay")
        elif not don_doc and letter_day <= due:
            no_letter = (f"chưa lập công văn đôn đốc: chưa quá hạn nộp {due:%d/%m/%Y} (tính đến ngày "
                         f"{letter_day:%d/%m/%Y}); ghi --don-doc để lập ngay")
        else:
            letter = cong_van_don_doc(th, kh, registry, new_due, info, src)
            jobs.append((out_dir / f"don-doc-{_slug(period.ma)}.docx",
                         lambda t: render_van_ban_docx(letter, t, mau=mau)))
    return jobs, warnings, th, no_letter


@dataclass
class KetQuaKiemTra:
    """The checker's answer for one file: its findings, or why it could not be read."""

    tep: Path
    phat_hien: list[Finding] = field(default_factory=list)
    loi_doc: str | None = None

    @property
    def so_loi(self) -> int:
        from .check import LOI
        return sum(1 for f in self.phat_hien if f.severity == LOI)

    @property
    def so_canh_bao(self) -> int:
        return len(self.phat_hien) - self.so_loi


def kiem_tra(paths: Iterable[Path | str]) -> list[KetQuaKiemTra]:
    """Check .docx files against the ND30 rules (``vanban.check``), one result per file."""
    from .check import DocxReadError, kiem_tra as check_file

    out = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            out.append(KetQuaKiemTra(path, loi_doc=f"{path}: không tìm thấy tệp"))
            continue
        try:
            out.append(KetQuaKiemTra(path, check_file(path)))
        except DocxReadError as e:  # every damage the checker meets, located; the other files go on
            out.append(KetQuaKiemTra(path, loi_doc=str(e)))
        except OSError as e:
            out.append(KetQuaKiemTra(path, loi_doc=f"{path}: không đọc được tệp ({e.strerror or type(e).__name__})"))
    return out
