"""The library's entry points. The command line (``generator.cli``) is a thin layer over these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .io import Task, parallel_map, write_all
from .load import load_plan, load_registry
from .model import KeHoach
from .validate import Registry, check_plan
from .resources import data_dir

DATA = data_dir()
SAMPLE_PLANS = DATA / "ke-hoach"
SAMPLE_PERIODS = DATA / "bao-cao"


@dataclass
class KetQua:
    """What a call wrote, and the warnings it met on the way."""

    tep: list[Path] = field(default_factory=list)
    canh_bao: list[Problem] = field(default_factory=list)
    kiem_tra: list = field(default_factory=list)  # KetQuaKiemTra of the .docx written, when asked


def doc_ke_hoach(plan: Path | str) -> tuple[KeHoach, Registry | None, list[Problem]]:
    """Load a plan and its agency registry; return the model, the registry and the warnings."""
    plan = Path(plan)
    kh = load_plan(plan)
    registry = None
    if kh.danh_muc_co_quan:
        reg_path = (plan.parent / kh.danh_muc_co_quan)
        try:
            registry = Registry(load_registry(reg_path))
        except InputError as e:
            if not reg_path.exists():
                raise InputError([Problem(str(plan), "danh_muc_co_quan",
                                          f"không tìm thấy danh mục cơ quan “{reg_path}”")]) from None
            raise e from None
    return kh, registry, check_plan(kh, str(plan), registry)


def _docx_ke_hoach(kh: KeHoach, target: Path) -> None:
    from .render.docx_ke_hoach import render_ke_hoach_docx

    render_ke_hoach_docx(kh, target)


def _xlsx_phu_luc(kh: KeHoach, target: Path) -> None:
    from .render.xlsx_phu_luc import render_phu_luc_xlsx

    render_phu_luc_xlsx(kh, target)


def _pdf_ke_hoach(kh: KeHoach, pdfa: bool, target: Path) -> None:
    from .render.pdf_ke_hoach import render_ke_hoach_pdf  # weasyprint: only when asked

    render_ke_hoach_pdf(kh, target, pdfa=pdfa)


def _plan_jobs(plan: Path, out_dir: Path, name: str | None = None, pdf: bool = False, pdfa: bool = False):
    # Each writer imports its own renderer: write_all may run them side by side in forked
    # processes, and python-docx and openpyxl then load at the same time.
    kh, _registry, warnings = doc_ke_hoach(plan)
    name = name or plan.stem
    jobs: list[tuple[Path, Callable[[Path], None]]] = [(out_dir / f"{name}.docx", Task(_docx_ke_hoach, (kh,)))]
    if kh.phu_luc:
        jobs.append((out_dir / f"{name}-phu-luc.xlsx", Task(_xlsx_phu_luc, (kh,))))
    if pdf or pdfa:
        jobs.append((out_dir / f"{name}.pdf", Task(_pdf_ke_hoach, (kh, pdfa))))
    return jobs, warnings


def tao_ke_hoach(plan: Path | str, out_dir: Path | str, overwrite: bool = False,
                 name: str | None = None, pdf: bool = False, pdfa: bool = False) -> KetQua:
    """Generate ``<name>.docx``, ``<name>-phu-luc.xlsx`` when the plan has annexes, and
    ``<name>.pdf`` when asked (``pdfa``: archival PDF/A)."""
    jobs, warnings = _plan_jobs(Path(plan), Path(out_dir), name, pdf, pdfa)
    return KetQua(write_all(jobs, overwrite), warnings)


def demo(out_dir: Path | str = "out", overwrite: bool = False, check: bool = True,
         pdf: bool = False, pdfa: bool = False) -> KetQua:
    """The main job on the built-in sample data: every sample plan into ``out_dir``, then the
    reporting cycle of every sample period in ``data/bao-cao/<period>/`` (its ``thong-tin.yaml``
    names the plan; its ``phieu/`` holds the filled returns) into ``out_dir/<period>/``: the
    return forms, each valid return's agency report, the consolidated report, workbook and
    reminder letter. Then (``check``) every .docx written goes through the ND30 checker.

    Every sample is loaded and every target checked before anything is written.
    """
    out_dir = Path(out_dir)
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    warnings: list[Problem] = []
    for plan in sorted(SAMPLE_PLANS.glob("*.yaml")):
        j, w = _plan_jobs(plan, out_dir, pdf=pdf, pdfa=pdfa)
        jobs += j
        warnings += w
    for period_dir in sorted(p for p in SAMPLE_PERIODS.glob("*") if (p / "thong-tin.yaml").is_file()):
        j, w = _cycle_jobs(period_dir, out_dir / period_dir.name, pdf)
        jobs += j
        warnings += w
    # a period's plan is also a sample plan: its warnings are said once
    result = KetQua(write_all(jobs, overwrite), list(dict.fromkeys(warnings)))
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"])
    return result


def _cycle_jobs(period_dir: Path, out: Path, pdf: bool):
    """One sample period, end to end: forms, agency reports, consolidation."""
    from .load import load_model
    from .model.ky_bao_cao import ThongTinKy

    info_file = period_dir / "thong-tin.yaml"
    info = load_model(info_file, ThongTinKy)
    if not info.ke_hoach or not info.ky:
        raise InputError([Problem(str(info_file), "ke_hoach" if not info.ke_hoach else "ky",
                                  "tệp kỳ báo cáo mẫu cần ghi ke_hoach (tệp Kế hoạch) và ky (kỳ báo cáo)")])
    plan = period_dir / info.ke_hoach
    loaded = doc_ke_hoach(plan)  # read once for the three stages
    registry = loaded[1]
    jobs, warnings = _bieu_mau_jobs(plan, info.ky, out / "bieu-mau", info.han_nop, loaded=loaded)
    returns = period_dir / "phieu"
    for f in sorted(returns.glob("*.xlsx")):
        try:
            jobs += _bao_cao_jobs(f, out / "bao-cao", registry, pdf=False, canh_bao=warnings)
        except InputError as e:  # the consolidation lists it among the refused returns
            warnings.append(Problem(str(f), "", f"không lập được báo cáo của cơ quan: {len(e.problems)} lỗi "
                                                "(xem danh sách phiếu không hợp lệ của báo cáo tổng hợp)"))
    j, _w, th = _tong_hop_jobs(plan, returns, info.ky, out, info_file, pdf=pdf, loaded=loaded, info=info)
    if th.khong_hop_le:  # the sample period has them on purpose; ``vanban tonghop`` would exit 3
        warnings.append(Problem(str(returns), "", f"{len(th.khong_hop_le)} phiếu không được tính trong báo cáo "
                                                  "tổng hợp (dữ liệu mẫu cố ý có phiếu lỗi và phiếu trùng để "
                                                  "minh họa; với lệnh tonghop, mã thoát là 3): "
                                                  + ", ".join(Path(k.tep).name for k in th.khong_hop_le)))
    return jobs + j, warnings  # the plan's warnings are in ``warnings`` once


# ---- the reporting cycle ----------------------------------------------------------------------

def _slug(text: str) -> str:
    """ASCII file-name part: "Sở Xây dựng" -> "so-xay-dung"."""
    import re
    import unicodedata

    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower() or "van-ban"


def _ky(ky: str, han_nop=None, kh: KeHoach | None = None):
    """The period; its due date from ``han_nop`` or else the plan's reporting deadline."""
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
            due = dt.date(period.den_ngay.year, m, d)
        elif th is not None and th.ket_thuc:
            due = th.ket_thuc
    return doc_ky(str(ky), due)


def tao_bieu_mau(plan: Path | str | None, ky: str, out_dir: Path | str, overwrite: bool = False,
                 han_nop=None, co_quan: list[str] | None = None) -> KetQua:
    """Return forms for period ``ky``: one ``bieu-mau-<ky>-<agency>.xlsx`` per agency the plan
    assigns tasks (``co_quan``: only these, names as in the registry or the plan). Without a plan:
    one blank form (``co_quan``: pre-filled agency names, one form each)."""
    jobs, warnings = _bieu_mau_jobs(plan, ky, Path(out_dir), han_nop, co_quan)
    return KetQua(write_all(jobs, overwrite), warnings)


def _bieu_mau(kh, period, agency: str, tasks, viet_tat: str | None, target: Path) -> None:
    from .render.xlsx_bieu_mau import render_bieu_mau

    render_bieu_mau(kh, period, agency, tasks, target, viet_tat=viet_tat)


def _viet_tat(agency: str, kh: KeHoach, registry: Registry | None) -> str | None:
    """The abbreviation pre-filled on an agency's form: the registry's, else the plan's own when
    the agency is the plan's issuer."""
    abbr = registry.viet_tat(agency) if registry else None
    issuer = kh.co_quan_ban_hanh
    if not abbr and issuer is not None and " ".join(issuer.ten.split()).casefold() == " ".join(agency.split()).casefold():
        abbr = issuer.viet_tat
    return abbr


def _bieu_mau_jobs(plan: Path | str | None, ky: str, out_dir: Path, han_nop=None, co_quan: list[str] | None = None,
                   loaded=None):
    """``loaded``: the plan as ``doc_ke_hoach`` returned it, when the caller has read it already."""
    from .baocao.phan_cong import phan_cong
    from .render.xlsx_bieu_mau import render_bieu_mau

    out_dir = Path(out_dir)
    warnings: list[Problem] = []
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    if plan is None:
        period = _ky(ky, han_nop)
        for name in co_quan or [""]:
            target = out_dir / f"bieu-mau-{_slug(period.ma)}-{_slug(name) if name else 'trong'}.xlsx"
            jobs.append((target, lambda p, name=name: render_bieu_mau(None, period, name, [], p)))
        return jobs, warnings

    kh, registry, warnings = loaded or doc_ke_hoach(plan)
    period = _ky(ky, han_nop, kh)
    assigned = phan_cong(kh, registry)
    if not assigned:
        raise InputError([Problem(str(plan), "phu_luc", "kế hoạch không có nhiệm vụ nào giao cho cơ quan "
                                                        "(chu_tri, phoi_hop trong phụ lục); không có phiếu để tạo")])
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
    used: set[str] = set()
    for agency, tasks in assigned.items():
        abbr = registry.viet_tat(agency) if registry else None
        key = _slug(abbr).upper() if abbr else _slug(agency)
        if key in used:
            key = _slug(agency)
        used.add(key)
        target = out_dir / f"bieu-mau-{_slug(period.ma)}-{key}.xlsx"
        # forms render in parallel
        jobs.append((target, Task(_bieu_mau, (kh, period, agency, tasks, _viet_tat(agency, kh, registry)))))
    return jobs, warnings


def tao_bao_cao(phieu: Path | str, out_dir: Path | str, overwrite: bool = False,
                registry: Path | str | None = None, pdf: bool = False) -> KetQua:
    """An agency's Báo cáo ``<form name>-bao-cao.docx`` from its filled return form; the
    reader's warnings on the form (a formula's saved value used, invisible characters removed)
    in ``canh_bao``."""
    reg = Registry(load_registry(Path(registry))) if registry else None
    warnings: list[Problem] = []
    jobs = _bao_cao_jobs(Path(phieu), Path(out_dir), reg, pdf, canh_bao=warnings)
    return KetQua(write_all(jobs, overwrite), warnings)


def _bao_cao_jobs(phieu: Path, out_dir: Path, reg: Registry | None, pdf: bool = False,
                  canh_bao: list[Problem] | None = None):
    """``canh_bao`` receives the reader's warnings on the form."""
    from .baocao.van_ban import bao_cao_co_quan
    from .load.phieu import doc_phieu
    from .render.docx_van_ban import render_van_ban_docx
    from .text.thoi_han import ThoiHanError, doc_ky

    p = doc_phieu(phieu)
    if canh_bao is not None:
        canh_bao += p.canh_bao
    try:
        period = doc_ky(p.ky)
    except ThoiHanError as e:
        raise InputError([Problem(str(phieu), "Sheet '_vanban'", str(e))]) from None
    doc = bao_cao_co_quan(p, period, reg)
    name = f"{phieu.stem}-bao-cao"
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (Path(out_dir) / f"{name}.docx", lambda t: render_van_ban_docx(doc, t))]
    if pdf:
        jobs.append((Path(out_dir) / f"{name}.pdf", lambda t: _pdf(doc, t)))
    return jobs


def _pdf(doc, target: Path) -> None:
    from .render.pdf_van_ban import render_van_ban_pdf  # weasyprint: only when asked
    render_van_ban_pdf(doc, target)


@dataclass
class KetQuaTongHop(KetQua):
    """What ``tong_hop_bao_cao`` wrote, with the consolidation itself."""

    tong_hop: object = None  # generator.baocao.tong_hop.TongHop

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
    and hidden files are skipped; any other file is a return."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError([Problem(str(folder), "", "không tìm thấy thư mục phiếu báo cáo")])
    phieu, problems, agencies = [], [], {}
    files = [f for f in sorted(folder.iterdir(), key=lambda x: x.name.casefold())
             if not f.name.startswith(("~$", ".")) and f.is_file()]
    for f, (p, errors, name) in zip(files, parallel_map(_doc_mot_phieu, files)):
        if p is not None:
            phieu.append(p)
            continue
        problems += errors
        if name:
            agencies[str(f)] = name
    return phieu, problems, agencies


def tong_hop_bao_cao(plan: Path | str, returns: Path | str, ky: str, out_dir: Path | str,
                     overwrite: bool = False, thong_tin: Path | str | None = None, han_nop=None,
                     han_moi=None, pdf: bool = False, check: bool = False) -> KetQuaTongHop:
    """Consolidate the returns in folder ``returns`` on ``plan`` for period ``ky``; write
    ``tong-hop-<ky>.docx`` (the consolidated Báo cáo), ``tong-hop-<ky>.xlsx`` and, when returns
    are missing, ``don-doc-<ky>.docx`` (the reminder, new deadline ``han_moi``, by default 7 days
    after today)."""
    jobs, warnings, th = _tong_hop_jobs(Path(plan), Path(returns), ky, Path(out_dir), thong_tin, han_nop,
                                        han_moi, pdf)
    result = KetQuaTongHop(write_all(jobs, overwrite), warnings, tong_hop=th)
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"])
    return result


def _tong_hop_jobs(plan: Path, returns: Path, ky: str | None, out_dir: Path, thong_tin=None, han_nop=None,
                   han_moi=None, pdf: bool = False, loaded=None, info=None):
    import datetime as dt

    from .baocao.tong_hop import tong_hop
    from .baocao.van_ban import bao_cao_tong_hop, cong_van_don_doc
    from .load import load_model
    from .model.ky_bao_cao import ThongTinKy, parse_han
    from .render.docx_van_ban import render_van_ban_docx
    from .render.xlsx_tong_hop import render_tong_hop_xlsx

    kh, registry, warnings = loaded or doc_ke_hoach(plan)
    if info is None:
        info = load_model(Path(thong_tin), ThongTinKy) if thong_tin else ThongTinKy()
    period = _ky(ky or info.ky, han_nop or info.han_nop, kh)
    try:
        new_due = parse_han(han_moi) if han_moi and not isinstance(han_moi, dt.date) else han_moi
    except ValueError as e:
        raise InputError([Problem("--han-moi", "", f"hạn mới “{han_moi}” không hợp lệ: {e}")]) from None
    new_due = new_due or info.don_doc.han_moi or (dt.date.today() + dt.timedelta(days=7))
    phieu, loi_doc, co_quan_loi = doc_phieu_thu_muc(returns)
    warnings = [*warnings, *(w for p in phieu for w in p.canh_bao)]  # the reader's, per return
    th = tong_hop(kh, registry, period, phieu, loi_doc, co_quan_loi)
    src = str(thong_tin or "")
    report = bao_cao_tong_hop(th, kh, info, src)
    name = f"tong-hop-{_slug(period.ma)}"
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{name}.docx", lambda t: render_van_ban_docx(report, t)),
        (out_dir / f"{name}.xlsx", lambda t: render_tong_hop_xlsx(th, kh, t)),
    ]
    if pdf:
        jobs.append((out_dir / f"{name}.pdf", lambda t: _pdf(report, t)))
    if th.chua_bao_cao:
        letter = cong_van_don_doc(th, kh, registry, new_due, info, src)
        jobs.append((out_dir / f"don-doc-{_slug(period.ma)}.docx", lambda t: render_van_ban_docx(letter, t)))
    return jobs, warnings, th


@dataclass
class KetQuaKiemTra:
    """The checker's answer for one file: its findings, or why it could not be read."""

    tep: Path
    phat_hien: list = field(default_factory=list)
    loi_doc: str | None = None

    @property
    def so_loi(self) -> int:
        from .check import LOI
        return sum(1 for f in self.phat_hien if f.severity == LOI)

    @property
    def so_canh_bao(self) -> int:
        return len(self.phat_hien) - self.so_loi


def kiem_tra(paths: list[Path | str]) -> list[KetQuaKiemTra]:
    """Check .docx files against the ND30 rules (``generator.check``), one result per file."""
    from .check import DocxReadError, kiem_tra as check_file

    out = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            out.append(KetQuaKiemTra(path, loi_doc=f"{path}: không tìm thấy tệp"))
            continue
        try:
            out.append(KetQuaKiemTra(path, check_file(path)))
        except DocxReadError as e:
            out.append(KetQuaKiemTra(path, loi_doc=str(e)))
    return out
