"""The library's entry points. The command line (``vanban.cli``) is a thin layer over these.

Progress: the functions that do batch work (``tao_ke_hoach``, ``tao_bieu_mau``, ``tao_bao_cao``,
``tong_hop_bao_cao``, ``doc_phieu_thu_muc``, ``demo``, ``kiem_tra``, ``xuat_mau``) take
``theo_doi: Callable[[str, int, int], None] | None``: ``theo_doi(label, done, total)`` is called in
the calling process each time one more item of a stage is done ("Phiếu báo cáo", 37, 150), also
when the work runs in worker processes (counted as their results come back). ``label`` names
the stage in Vietnamese; a stage's ``done`` grows from 1 to ``total``. The callback must be quick
(the command line redraws at most ten times a second).

Messages name the arguments of these functions (``han_nop``, ``overwrite=True``) through
``vanban.errors.ten_tham_so``; a ``Problem`` about an argument has it in ``argument``."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem, VanbanError, ten_tham_so
from .io import MAX_NAME, Task, TheoDoi, check_distinct, fit_name, name_problem, parallel_map, short_hash, write_all
from .load import doc_danh_muc, read_model
from .model import DanhMucCoQuan, KeHoach
from .validate import TraCuuCoQuan, check_flow_commas, check_plan
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


def doc_ke_hoach(plan: Path | str, danh_muc: Path | str | None = None) -> tuple[KeHoach, TraCuuCoQuan | None, list[Problem]]:
    """Load a plan and its agency registry; return the model, the registry and the warnings.
    The registry named by the plan is read like any input (a regular file, size limited);
    ``danh_muc``: the registry file to read in its place (a plan kept apart from the registry it
    names, as the web portal keeps an uploaded plan)."""
    return _doc_ke_hoach(Path(plan), danh_muc)[:3]


@dataclass(frozen=True)
class KeHoachDaDoc:
    """A plan and its registry read once (``ke_hoach_da_doc``), for a caller that uses them
    many times (the web portal, for every submission of a period). The functions that take a
    plan (``phieu_trong``, ``phan_cong_co_quan``, ``doc_phieu_cua``, ``tong_hop_tu_phieu``,
    ``tao_bao_cao_tu_phieu``) take this in its place and read nothing again; ``danh_muc`` is then
    the one it was read with. ``tep``: the files read (the plan first), for telling when they
    changed."""

    ke_hoach: Path
    danh_muc: Path | None
    tep: tuple[Path, ...]
    _loaded: tuple = field(repr=False, compare=False)

    @property
    def kh(self) -> KeHoach:
        return self._loaded[0]

    @property
    def tra_cuu(self) -> TraCuuCoQuan | None:
        return self._loaded[1]

    @property
    def canh_bao(self) -> list[Problem]:
        return list(self._loaded[2])


def ke_hoach_da_doc(plan: Path | str, danh_muc: Path | str | None = None) -> KeHoachDaDoc:
    """``doc_ke_hoach`` kept for reuse: the plan and registry read and checked once (InputError
    as ``doc_ke_hoach``)."""
    plan = Path(plan)
    loaded = _doc_ke_hoach(plan, danh_muc)
    kh = loaded[0]
    reg = Path(danh_muc) if danh_muc is not None else (plan.parent / kh.danh_muc_co_quan
                                                        if kh.danh_muc_co_quan else None)
    return KeHoachDaDoc(plan, Path(danh_muc) if danh_muc is not None else None,
                        (plan,) + ((reg,) if reg is not None else ()), loaded)


def _da_doc(plan: Path | str | KeHoachDaDoc, danh_muc: Path | str | None = None) -> tuple[Path, tuple]:
    """(the plan's path, what ``_doc_ke_hoach`` gives): from a ``KeHoachDaDoc`` without reading."""
    if isinstance(plan, KeHoachDaDoc):
        return plan.ke_hoach, plan._loaded
    return Path(plan), _doc_ke_hoach(Path(plan), danh_muc)


def _doc_ke_hoach(plan: Path, danh_muc: Path | str | None = None):
    """``doc_ke_hoach`` and the plan's notes (``vanban.load.YamlNotes``: the line of each place)."""
    kh, notes = read_model(plan, KeHoach)
    warnings = list(notes.warnings)
    tra_cuu = None
    if kh.danh_muc_co_quan or danh_muc is not None:
        reg_path = Path(danh_muc) if danh_muc is not None else (plan.parent / kh.danh_muc_co_quan)
        try:
            danh_muc, reg_notes = read_model(reg_path, DanhMucCoQuan)
        except InputError as e:
            if not reg_path.exists() and not reg_path.is_symlink():
                raise InputError([Problem(str(plan), "danh_muc_co_quan",
                                          f"không tìm thấy danh mục cơ quan “{reg_path}”",
                                          notes.line(("danh_muc_co_quan",)))]) from None
            raise e from None
        tra_cuu = TraCuuCoQuan(danh_muc)
        warnings += reg_notes.warnings
    errors = check_flow_commas(kh, str(plan), tra_cuu, notes)
    if errors:
        raise InputError(errors)
    return kh, tra_cuu, warnings + check_plan(kh, str(plan), tra_cuu, notes), notes


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
    from .render.geometry import from_template
    from .render.xlsx_phu_luc import render_phu_luc_xlsx

    # laid out by the Word template the .docx is made from: the pages begin at the same rows
    render_phu_luc_xlsx(kh, target, template_file("xlsx", "phu-luc.xlsx", mau),
                        from_template(template_file("docx", "ke-hoach.docx", mau)))


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
            raise InputError([Problem("", "", f"tên “{shown}” quá dài: tên tệp kết quả dài nhất "
                                           f"(“<tên>{longest}”) sẽ dài {size} byte, tối đa {MAX_NAME} "
                                           "byte; ghi tên ngắn hơn (chữ có dấu chiếm 2–3 byte mỗi chữ)",
                                       argument="name")])
        return name
    return fit_name(plan.stem, longest)[:-len(longest)]


def tao_ke_hoach(plan: Path | str, out_dir: Path | str, overwrite: bool = False,
                 name: str | None = None, pdf: bool = False, pdfa: bool = False,
                 mau: Path | str | None = None, theo_doi: TheoDoi | None = None) -> KetQua:
    """Generate ``<name>.docx``, ``<name>-phu-luc.xlsx`` when the plan has annexes, and
    ``<name>.pdf`` when asked (``pdfa``: archival PDF/A). ``mau``: a folder of the user's own
    templates (``vanban.mau``), each file there used in place of the built-in one. ``theo_doi``:
    the progress callback (module notes)."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings = _plan_jobs(Path(plan), Path(out_dir), name, pdf, pdfa, mau)
    return KetQua(write_all(jobs, overwrite, theo_doi, "Văn bản"), mau_warnings + warnings)


def xuat_mau(out_dir: Path | str, overwrite: bool = False, theo_doi: TheoDoi | None = None) -> KetQua:
    """Copy the built-in templates to ``out_dir`` for editing, in the layout ``mau=`` reads
    (``docx/``, ``xlsx/``, ``html/``), with a README.txt on what each file is and what must keep
    its name. Nothing is replaced unless ``overwrite``."""
    from .mau import export_jobs

    return KetQua(write_all(export_jobs(out_dir), overwrite, theo_doi, "Tệp mẫu"), [])


def demo(out_dir: Path | str = "out", overwrite: bool = False, check: bool = True,
         pdf: bool = False, pdfa: bool = False, mau: Path | str | None = None,
         theo_doi: TheoDoi | None = None) -> KetQua:
    """The main job on the built-in sample data: every sample plan into ``out_dir``, then the
    reporting cycle of every sample period in ``data/bao-cao/<period>/`` (its ``thong-tin.yaml``
    names the plan; its ``phieu/`` holds the filled returns) into ``out_dir/<period>/``: the
    return forms, each valid return's agency report, the consolidated report, workbook and
    reminder letter. Then (``check``) every .docx written goes through the ND30 checker.

    Every sample is loaded and every target checked before anything is written. ``mau``: the
    user's templates folder, as for ``tao_ke_hoach``; ``theo_doi``: the progress callback (module
    notes): the returns read, the documents written, the documents checked.
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
        j, w = _cycle_jobs(period_dir, out_dir / period_dir.name, pdf, mau, theo_doi)
        jobs += j
        warnings += w
    # a period's plan is also a sample plan: its warnings are said once
    result = KetQua(write_all(jobs, overwrite, theo_doi, "Văn bản mẫu"), list(dict.fromkeys(warnings)))
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"], theo_doi)
    return result


def _cycle_jobs(period_dir: Path, out: Path, pdf: bool, mau: Path | None = None, theo_doi: TheoDoi | None = None):
    """One sample period, end to end: forms, agency reports, consolidation."""
    from .model.ky_bao_cao import ThongTinKy

    info_file = period_dir / "thong-tin.yaml"
    info, info_notes = read_model(info_file, ThongTinKy)
    info_warnings: list[Problem] = list(info_notes.warnings)
    if not info.ke_hoach or not info.ky:
        where = ("ke_hoach",) if not info.ke_hoach else ("ky",)
        raise InputError([Problem(str(info_file), where[0],
                                  "tệp kỳ báo cáo mẫu cần ghi ke_hoach (tệp Kế hoạch) và ky (kỳ báo cáo)",
                                  info_notes.line(where))])
    plan = period_dir / info.ke_hoach
    loaded = _doc_ke_hoach(plan)  # read once for the three stages
    tra_cuu = loaded[1]
    jobs, warnings = _bieu_mau_jobs(plan, info.ky, out / "bieu-mau", info.han_nop, loaded=loaded,
                                    chot=info.chot_so_lieu, mau=mau)
    warnings = info_warnings + warnings
    returns = period_dir / "phieu"
    for f in sorted(returns.glob("*.xlsx")):
        try:
            jobs += _bao_cao_jobs(f, out / "bao-cao", tra_cuu, pdf=False, mau=mau, canh_bao=warnings)
        except InputError as e:  # the consolidation lists it among the refused returns
            warnings.append(Problem(str(f), "", f"không lập được báo cáo của cơ quan: {len(e.problems)} lỗi "
                                                "(xem danh sách phiếu không hợp lệ của báo cáo tổng hợp)"))
    j, w, th, _no_letter = _tong_hop_jobs(plan, returns, info.ky, out, info_file, pdf=pdf, loaded=loaded, info=info,
                                          mau=mau, info_notes=info_notes, theo_doi=theo_doi)[:4]
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


def _ten_co_quan(agencies: list[str], tra_cuu: TraCuuCoQuan | None) -> dict[str, str]:
    """The file-name part of each agency: the registry's viet_tat (when no other agency of
    ``agencies`` has the same), else the ASCII slug of its name; a slug that two agencies share
    (names that differ only in diacritics or punctuation) or that is empty (a name without any
    Latin letter or digit) gets ``-`` and the ``short_hash`` of the NFC name. ``agencies`` is a
    plan's whole assignment, so an agency's name does not depend on which forms a run writes."""
    from collections import Counter

    abbr = {a: _slug(tra_cuu.viet_tat(a) or "", "").upper() if tra_cuu else "" for a in agencies}
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
        raise InputError([Problem("", "", f"hạn nộp “{han_nop}” không hợp lệ: {e}", argument="han_nop")]) from None
    try:
        period = doc_ky(str(ky))
    except ThoiHanError as e:
        raise InputError([Problem("", "", str(e), argument="ky")]) from None
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

    from dataclasses import replace

    out = []
    if (msg := canh_bao_han(period)) is not None:
        out.append(replace(where_due, message=msg))
    if where_chot is not None and (msg := canh_bao_chot(period)) is not None:
        out.append(replace(where_chot, message=msg))
    return out


def _noi_ky(plan, han_nop, chot, info_file=None, info=None, plan_notes=None,
            info_notes=None) -> tuple[Problem, Problem | None]:
    """Where a period's deadline and window came from: the caller's argument, the period file or
    the plan, with the line (``plan_notes``, ``info_notes``: the files' ``YamlNotes``)."""
    def at(file, notes, *loc: str) -> Problem:
        return Problem(str(file or ""), ".".join(loc), "", notes.line(loc) if notes is not None else None)

    if han_nop:
        due = Problem("", "", "", argument="han_nop")
    elif info is not None and info.han_nop:
        due = at(info_file, info_notes, "han_nop")
    else:
        due = at(plan, plan_notes, "che_do_bao_cao", "thoi_han")
    if chot is not None:
        return due, at(info_file, info_notes, "chot_so_lieu")
    return due, at(plan, plan_notes, "che_do_bao_cao", "chot_so_lieu")


def tao_bieu_mau(plan: Path | str | None, ky: str, out_dir: Path | str, overwrite: bool = False,
                 han_nop: str | datetime.date | None = None, co_quan: list[str] | None = None,
                 mau: Path | str | None = None, theo_doi: TheoDoi | None = None,
                 danh_muc: Path | str | None = None) -> KetQua:
    """Return forms for period ``ky``: one ``bieu-mau-<ky>-<agency>.xlsx`` per agency the plan
    assigns tasks (``co_quan``: only these, names as in the registry or the plan). Without a plan:
    one blank form (``co_quan``: pre-filled agency names, one form each). ``mau``: the user's
    templates folder, as for ``tao_ke_hoach``; ``theo_doi``: the progress callback (module notes),
    counting "Phiếu báo cáo"; ``danh_muc``: the registry, as for ``doc_ke_hoach``."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings = _bieu_mau_jobs(plan, ky, Path(out_dir), han_nop, co_quan, mau=mau, danh_muc=danh_muc)
    return KetQua(write_all(jobs, overwrite, theo_doi, "Phiếu báo cáo"), mau_warnings + warnings)


def _bieu_mau(template: Path, kh, period, agency: str, tasks, own: bool, viet_tat: str | None,
              target: Path) -> None:
    """One return form (a worker process may run it); ``own``: the consolidating agency's own;
    ``viet_tat``: the abbreviation pre-filled on it."""
    from .render.xlsx_bieu_mau import render_bieu_mau

    render_bieu_mau(kh, period, agency, tasks, target, template=template, la_co_quan_tong_hop=own,
                    viet_tat=viet_tat)


def _viet_tat(agency: str, kh: KeHoach, tra_cuu: TraCuuCoQuan | None) -> str | None:
    """The abbreviation pre-filled on an agency's form: the registry's, else the plan's own when
    the agency is the plan's issuer."""
    abbr = tra_cuu.viet_tat(agency) if tra_cuu else None
    issuer = kh.co_quan_ban_hanh
    if not abbr and issuer is not None and " ".join(issuer.ten.split()).casefold() == " ".join(agency.split()).casefold():
        abbr = issuer.viet_tat
    return abbr


def _bieu_mau_jobs(plan: Path | str | None, ky: str, out_dir: Path, han_nop=None, co_quan: list[str] | None = None,
                   loaded=None, chot=None, mau: Path | None = None, danh_muc: Path | str | None = None):
    """``loaded``: the plan as ``doc_ke_hoach`` returned it, when the caller has read it already;
    ``chot``: the period file's data cut-off window."""
    from .baocao.phan_cong import phan_cong
    from .render.xlsx_bieu_mau import nhan_phieu
    from .validate.tra_cuu import cung_co_quan

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

    kh, tra_cuu, warnings, notes = loaded or _doc_ke_hoach(Path(plan), danh_muc)
    period = _ky(ky, han_nop, kh, chot)
    if loaded is None:  # a cycle of the demo says them once, from its consolidation
        warnings = warnings + _canh_bao_ky(period, *_noi_ky(plan, han_nop, None, plan_notes=notes))
    assigned = phan_cong(kh, tra_cuu)
    if not assigned:
        raise InputError([Problem(str(plan), "phu_luc", "kế hoạch không có nhiệm vụ nào giao cho cơ quan "
                                                        "(chu_tri, phoi_hop trong phụ lục); không có phiếu để tạo")])
    keys = _ten_co_quan(list(assigned), tra_cuu)  # before --co-quan: names stay the same from run to run
    if co_quan:
        chosen = {}
        problems = []
        for i, name in enumerate(co_quan):
            canon = (tra_cuu.canonical(name) if tra_cuu else None) or name
            if canon not in assigned:
                problems.append(Problem("", "", f"“{name}” không được giao nhiệm vụ nào trong kế hoạch; "
                                                 "các cơ quan được giao: " + "; ".join(assigned),
                                         argument="co_quan"))
            else:
                chosen[canon] = assigned[canon]
        if problems:
            raise InputError(problems)
        assigned = chosen
    for agency, tasks in assigned.items():
        target = out_dir / _ten_bieu_mau(period.ma, keys[agency], agency)
        # the consolidating agency's own return goes straight into the consolidation: its form says so
        own = cung_co_quan(agency, nhan_phieu(kh), tra_cuu)
        jobs.append((target, Task(_bieu_mau, (template, kh, period, agency, tasks, own,
                                              _viet_tat(agency, kh, tra_cuu)))))  # forms render in parallel
    check_distinct((t, f"phiếu của {a}") for (t, _), a in zip(jobs, assigned))
    return jobs, warnings


def tao_bao_cao(phieu: Path | str, out_dir: Path | str, overwrite: bool = False,
                danh_muc: Path | str | None = None, pdf: bool = False, mau: Path | str | None = None,
                theo_doi: TheoDoi | None = None) -> KetQua:
    """An agency's Báo cáo ``<form name>-bao-cao.docx`` from its filled return form (``danh_muc``:
    the agency registry file, for the agency's abbreviation and names); the reader's warnings on the form (a formula's saved value used, invisible characters removed)
    in ``canh_bao``. ``mau``: the user's templates folder, as for ``tao_ke_hoach``; ``theo_doi``:
    the progress callback (module notes)."""
    mau, warnings = _mau(mau)
    tra_cuu = TraCuuCoQuan(doc_danh_muc(Path(danh_muc), warnings)) if danh_muc else None
    jobs = _bao_cao_jobs(Path(phieu), Path(out_dir), tra_cuu, pdf, mau, canh_bao=warnings)
    return KetQua(write_all(jobs, overwrite, theo_doi, "Văn bản"), warnings)


def _bao_cao_jobs(phieu: Path, out_dir: Path, tra_cuu: TraCuuCoQuan | None, pdf: bool = False, mau: Path | None = None,
                  canh_bao: list[Problem] | None = None):
    """``canh_bao`` receives the reader's warnings on the form."""
    from .load.phieu import doc_phieu

    p = doc_phieu(phieu)
    if canh_bao is not None:
        canh_bao += p.canh_bao
    return _bao_cao_phieu_jobs(p, Path(out_dir), tra_cuu, fit_name(f"{phieu.stem}-bao-cao", ".docx")[:-len(".docx")],
                               pdf, mau, where=str(phieu))


def _bao_cao_phieu_jobs(p, out_dir: Path, tra_cuu: TraCuuCoQuan | None, name: str, pdf: bool = False,
                        mau: Path | None = None, where: str = ""):
    """An agency's report from its return already read, as ``<name>.docx`` (and .pdf)."""
    from .baocao.van_ban import bao_cao_co_quan
    from .render.docx_van_ban import render_van_ban_docx
    from .text.thoi_han import ThoiHanError, doc_chot_so_lieu, doc_ky

    try:
        chot = doc_chot_so_lieu(p.chot_so_lieu) if p.chot_so_lieu else None  # the window the form states
    except ThoiHanError:
        chot = None  # a form of an earlier release: the decree's window
    try:
        period = doc_ky(p.ky, chot=chot)
    except ThoiHanError as e:
        raise InputError([Problem(where or p.tep, "Sheet '_vanban'", str(e))]) from None
    doc = bao_cao_co_quan(p, period, tra_cuu)
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
    loi_phieu: list[Problem] = field(default_factory=list)  # each problem of the returns not read

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


def doc_phieu_thu_muc(folder: Path | str, theo_doi: TheoDoi | None = None) -> tuple[list, list[Problem], dict[str, str]]:
    """Every return in ``folder``: the forms read, the problems of the files that could not be,
    and for those the agency they name when it can still be made out. Excel's lock files ("~$…")
    and hidden files are skipped; any other file is a return. A subfolder is not read but listed
    among the problems (returns put there would otherwise go uncounted without a word); so is any
    entry that is not a regular file (a FIFO, a broken symlink: the reader names what it is).
    ``theo_doi``: the progress callback (module notes), counting "Đọc phiếu"."""
    from .safety import display_path

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError([Problem(display_path(folder), "", "không tìm thấy thư mục phiếu báo cáo")])
    phieu, problems, agencies = [], [], {}
    entries = [f for f in sorted(folder.iterdir(), key=lambda x: x.name.casefold())
               if not f.name.startswith(("~$", "."))]
    files = [f for f in entries if not f.is_dir()]
    results = dict(zip(files, parallel_map(_doc_mot_phieu, files, theo_doi, "Đọc phiếu")))
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
                     hom_nay: datetime.date | None = None, mau: Path | str | None = None,
                     theo_doi: TheoDoi | None = None) -> KetQuaTongHop:
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
    reminder was written; ``loi_phieu`` holds each problem of the returns that could not be read.
    ``theo_doi``: the progress callback (module notes): the returns read, the documents written."""
    mau, mau_warnings = _mau(mau)
    jobs, warnings, th, no_letter, loi_phieu = _tong_hop_jobs(
        Path(plan), Path(returns), ky, Path(out_dir), thong_tin, han_nop, han_moi, pdf, don_doc=don_doc,
        hom_nay=hom_nay, mau=mau, theo_doi=theo_doi)
    result = KetQuaTongHop(write_all(jobs, overwrite, theo_doi, "Văn bản"), mau_warnings + warnings, tong_hop=th,
                           khong_don_doc=no_letter, loi_phieu=loi_phieu)
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"], theo_doi)
    return result


def _ngay(n):
    import datetime as dt

    return dt.date(n.nam, n.thang, n.ngay) if n is not None and n.complete else None


def _tong_hop_jobs(plan: Path, returns: Path | tuple, ky: str | None, out_dir: Path, thong_tin=None, han_nop=None,
                   han_moi=None, pdf: bool = False, loaded=None, info=None, don_doc: bool = False, hom_nay=None,
                   mau: Path | None = None, info_notes=None, theo_doi: TheoDoi | None = None):
    """The consolidation's jobs, warnings, the consolidation, why no reminder, the returns' problems.
    ``returns``: the folder of the returns, or the returns already read as ``doc_phieu_thu_muc``
    gives them (the forms, the problems of those refused, the agency each refused one names)."""
    import datetime as dt

    from .baocao.tong_hop import tong_hop
    from .baocao.van_ban import bao_cao_tong_hop, cong_van_don_doc, nhan_don_doc
    from .model.ky_bao_cao import ThongTinKy, parse_han
    from .render.docx_van_ban import render_van_ban_docx
    from .render.xlsx_tong_hop import render_tong_hop_xlsx

    kh, tra_cuu, warnings, notes = loaded or _doc_ke_hoach(plan)
    warnings = list(warnings)
    if info is None and thong_tin:
        info, info_notes = read_model(Path(thong_tin), ThongTinKy)
        warnings += info_notes.warnings
    elif info is None:
        info = ThongTinKy()
    period = _ky(ky or info.ky, han_nop or info.han_nop, kh, info.chot_so_lieu)
    warnings += _canh_bao_ky(period, *_noi_ky(plan, han_nop, info.chot_so_lieu, thong_tin, info, notes, info_notes))
    src = str(thong_tin or "")
    try:
        new_due = parse_han(han_moi) if han_moi and not isinstance(han_moi, dt.date) else han_moi
    except ValueError as e:
        raise InputError([Problem("", "", f"hạn mới “{han_moi}” không hợp lệ: {e}", argument="han_moi")]) from None
    where_new = (Problem("", "", "", argument="han_moi") if new_due else
                 Problem(src, "don_doc.han_moi", "", info_notes.line(("don_doc", "han_moi")) if info_notes else None))
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
            raise InputError([Problem(where_new.file, where_new.path, wrong[0], where_new.line, where_new.argument)])
    else:
        new_due = max(due or letter_day, letter_day) + dt.timedelta(days=7)

    if isinstance(returns, Path):  # a folder is one way of getting the returns
        phieu, loi_doc, co_quan_loi = doc_phieu_thu_muc(returns, theo_doi)
    else:
        phieu, loi_doc, co_quan_loi = list(returns[0]), list(returns[1]), dict(returns[2])
    warnings = [*warnings, *(w for p in phieu for w in p.canh_bao)]  # the reader's, per return
    th = tong_hop(kh, tra_cuu, period, phieu, loi_doc, co_quan_loi)
    report = bao_cao_tong_hop(th, kh, info, src, tra_cuu)
    name = f"tong-hop-{_slug(period.ma)}"
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{name}.docx", lambda t: render_van_ban_docx(report, t, mau=mau)),
        (out_dir / f"{name}.xlsx", lambda t: render_tong_hop_xlsx(th, kh, t)),
    ]
    if pdf:
        jobs.append((out_dir / f"{name}.pdf", lambda t: _pdf(report, t, mau)))
    no_letter = None
    if th.chua_bao_cao:
        to, dropped = nhan_don_doc(th, kh, tra_cuu, info)
        for d in dropped:
            named = bool(info.don_doc.kinh_gui)
            warnings.append(Problem(src or str(plan), "don_doc.kinh_gui" if named else "",
                                    f"công văn đôn đốc không gửi {d}: là cơ quan gửi công văn hoặc cơ quan "
                                    "tổng hợp",
                                    info_notes.line(("don_doc", "kinh_gui")) if named and info_notes else None))
        if not to:
            no_letter = ("chưa lập công văn đôn đốc: chỉ còn cơ quan tổng hợp hoặc cơ quan gửi công văn chưa có "
                         "phiếu (" + "; ".join(dropped) + "); không gửi công văn cho chính mình")
        elif not don_doc and due is None:
            no_letter = (f"chưa lập công văn đôn đốc: kỳ báo cáo chưa có hạn nộp (ghi hạn nộp bằng "
                         f"{ten_tham_so('han_nop')} hoặc trường han_nop của tệp {ten_tham_so('thong_tin')}); "
                         f"ghi {ten_tham_so('don_doc', True)} để lập ngay")
        elif not don_doc and letter_day <= due:
            no_letter = (f"chưa lập công văn đôn đốc: chưa quá hạn nộp {due:%d/%m/%Y} (tính đến ngày "
                         f"{letter_day:%d/%m/%Y}); ghi {ten_tham_so('don_doc', True)} để lập ngay")
        else:
            letter = cong_van_don_doc(th, kh, tra_cuu, new_due, info, src)
            jobs.append((out_dir / f"don-doc-{_slug(period.ma)}.docx",
                         lambda t: render_van_ban_docx(letter, t, mau=mau)))
    return jobs, warnings, th, no_letter, loi_doc


@dataclass
class KetQuaKiemTra:
    """The checker's answer for one file: its findings, or why it could not be read."""

    tep: Path
    phat_hien: list[Finding] = field(default_factory=list)
    loi_doc: str | None = None
    chu_ky: list = field(default_factory=list)  # a PDF's signatures as verified (kyso.xac_minh.ChuKySo)

    @property
    def so_loi(self) -> int:
        from .check import LOI
        return sum(1 for f in self.phat_hien if f.severity == LOI)

    @property
    def so_canh_bao(self) -> int:
        return len(self.phat_hien) - self.so_loi


def kiem_tra(paths: Iterable[Path | str], theo_doi: TheoDoi | None = None,
             goc: Iterable[Path | str] = ()) -> list[KetQuaKiemTra]:
    """Check files, one result per file: a .docx against the ND30 rules (``vanban.check``), a .pdf
    for its digital signatures (``vanban.kyso.xac_minh``: valid, covering the file, chained to the
    trust roots ``goc``, signing time, placement). ``theo_doi``: the progress callback (module
    notes), counting "Kiểm tra thể thức"."""
    from .check import DocxReadError, kiem_tra as check_file

    paths = list(paths)
    goc = [Path(g) for g in goc]
    out: list[KetQuaKiemTra] = []
    for path in paths:
        if theo_doi is not None and out:
            theo_doi("Kiểm tra thể thức", len(out), len(paths))
        path = Path(path)
        if not path.exists():
            out.append(KetQuaKiemTra(path, loi_doc=f"{path}: không tìm thấy tệp"))
            continue
        if path.suffix.lower() == ".pdf":
            from .kyso.ky import KySoError
            from .kyso.xac_minh import xac_minh

            try:
                sigs, findings = xac_minh(path, goc)
                out.append(KetQuaKiemTra(path, findings, chu_ky=sigs))
            except KySoError as e:
                out.append(KetQuaKiemTra(path, loi_doc=str(e)))
            continue
        try:
            out.append(KetQuaKiemTra(path, check_file(path)))
        except DocxReadError as e:  # every damage the checker meets, located; the other files go on
            out.append(KetQuaKiemTra(path, loi_doc=str(e)))
        except OSError as e:
            out.append(KetQuaKiemTra(path, loi_doc=f"{path}: không đọc được tệp ({e.strerror or type(e).__name__})"))
    if theo_doi is not None and out:
        theo_doi("Kiểm tra thể thức", len(out), len(paths))
    return out


# ---- digital signatures -----------------------------------------------------------------------

def ky_so(vao: Path | str, ra: Path | str, chung_thu, vai: str | None = None, *, anh: Path | str | None = None,
          duong_kinh_dau_mm: float | None = None, tsa: str | None = None, so_ky_hieu: str | None = None,
          co_quan: str | None = None, overwrite: bool = False):
    """Sign the PDF ``vao`` into ``ra`` as Nghị định 30 lays the signatures out (PAdES, pyHanko):
    ``chung_thu`` is a ``kyso.ky.TepChungThu`` (PKCS#12 file) or a ``kyso.ky.Token`` (PKCS#11);
    ``vai``: "nguoi-ky" (the signer, ``anh`` = the signature image), "co-quan" (the agency after
    the signer, ``anh`` = the seal image, ``duong_kinh_dau_mm`` its real size) or "kem-theo" (an
    attachment: ô 14 with ``so_ky_hieu``, ``co_quan``); none: the first empty field of the two.
    ``tsa``: an RFC 3161 timestamp server. Returns ``kyso.ky.KetQuaKySo``."""
    from .kyso.ky import ky_so as sign

    return sign(vao, ra, chung_thu, vai, anh=anh, duong_kinh_dau_mm=duong_kinh_dau_mm, tsa=tsa,
                so_ky_hieu=so_ky_hieu, co_quan=co_quan, overwrite=overwrite)


# ---- hand-made plans in -----------------------------------------------------------------------

@dataclass
class KetQuaNhap(KetQua):
    """What ``nhap_ke_hoach`` wrote; ``loi``: what keeps the YAML written from loading as a plan
    (each named by its YAML path), to be fixed by hand."""

    loi: list[Problem] = field(default_factory=list)


def _write_yaml(data: dict, comment: str, target: Path) -> None:
    from .nhap.yaml_ra import dump

    Path(target).write_text(dump(data, comment), encoding="utf-8")


def _with_registry(data: dict, rel: str) -> dict:
    """``data`` with ``danh_muc_co_quan`` at its place in the key order of the sample plans."""
    out: dict = {}
    for k, v in data.items():
        if k in ("mo_dau", "noi_dung", "phu_luc") and "danh_muc_co_quan" not in out:
            out["danh_muc_co_quan"] = rel
        out[k] = v
    out.setdefault("danh_muc_co_quan", rel)
    return out


def nhap_ke_hoach(tep: Path | str, ra: Path | str, overwrite: bool = False,
                  danh_muc_ra: Path | str | None = None, vao: Path | str | None = None) -> KetQuaNhap:
    """Import a hand-made plan into the project's YAML ``ra``.

    A .docx (``vanban.nhap``): header, title, body, signer, Nơi nhận and annexes; the agency
    names of its tasks go to a draft registry (``danh_muc_ra``, by default ``co-quan.yaml`` beside
    ``ra``) that the plan names. An .xlsx (``vanban.nhap.xlsx``): its annex tasks; with ``vao``
    (a plan's YAML, left unchanged) the plan written is that plan with its annexes replaced by
    the workbook's, otherwise a skeleton whose header fields are to be filled in. Every value
    guessed or left out is a located warning; nothing is replaced unless ``overwrite``."""
    tep, ra = Path(tep), Path(ra)
    if tep.suffix.lower() in (".xlsx", ".xlsm"):
        return _nhap_xlsx(tep, ra, overwrite, vao)
    if vao is not None:
        raise InputError([Problem("--vao", "", "chỉ dùng --vao khi nhập phụ lục từ tệp .xlsx; tệp .docx là cả một "
                                               "kế hoạch")])
    from .nhap import doc_docx

    r = doc_docx(tep)
    data = r.du_lieu
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    comment = (f"Kế hoạch nhập từ {tep.name} (vanban nhap). Kiểm tra các giá trị được nêu trong cảnh báo\n"
               "trước khi dùng: vanban kehoach " + ra.name + " -o THƯ_MỤC")
    if r.danh_muc:
        reg = Path(danh_muc_ra) if danh_muc_ra else ra.parent / "co-quan.yaml"
        import os

        rel = os.path.relpath(reg.resolve(), ra.parent.resolve()).replace(os.sep, "/")
        data = _with_registry(data, rel)
        jobs.append((reg, lambda t: _write_yaml(r.danh_muc, f"Danh mục cơ quan (bản nháp) nhập từ {tep.name}: "
                                                            "các tên cơ quan của phụ lục, tên viết khác ghi ở "
                                                            "ten_khac.\nBổ sung viet_tat, loai và nhóm (nhom) "
                                                            "nếu cần.", t)))
    jobs.insert(0, (ra, lambda t: _write_yaml(data, comment, t)))
    return KetQuaNhap(write_all(jobs, overwrite), r.canh_bao, loi=r.loi)


def _nhap_xlsx(tep: Path, ra: Path, overwrite: bool, vao: Path | str | None) -> KetQuaNhap:
    try:
        from .nhap.xlsx import doc_phu_luc_xlsx
    except ImportError:
        raise VanbanError(f"{tep}: bản vanban này chưa có bộ đọc phụ lục từ tệp Excel (.xlsx); nhập từ tệp Word "
                          ".docx hoặc cập nhật vanban") from None
    from .load.yaml_file import read_yaml

    phu_luc, warnings = doc_phu_luc_xlsx(tep)
    annexes = [pl.model_dump(mode="json", exclude_defaults=True) for pl in phu_luc]
    if vao is not None:
        plan, notes = read_yaml(Path(vao), set(KeHoach.model_fields), "Kế hoạch")
        if not isinstance(plan, dict):
            raise InputError([Problem(str(vao), "", "cần tệp Kế hoạch .yaml gồm các trường dạng “tên_trường: giá trị”")])
        warnings = list(notes.warnings) + list(warnings)
        data = dict(plan)
        data["phu_luc"] = annexes
        if isinstance(data.get("danh_muc_co_quan"), str):  # the registry, seen from the new place
            import os

            reg = (Path(vao).parent / data["danh_muc_co_quan"]).resolve()
            data["danh_muc_co_quan"] = os.path.relpath(reg, ra.parent.resolve()).replace(os.sep, "/")
        comment = f"Kế hoạch {Path(vao).name} với phụ lục nhập từ {tep.name} (vanban nhap --vao)."
    else:
        ph = "CHƯA XÁC ĐỊNH"
        data = {"loai": "KH", "co_quan_ban_hanh": {"ten": ph, "viet_tat": "CHUAXACDINH"}, "dia_danh": ph,
                "trich_yeu": ph, "nguoi_ky": {"chuc_vu": ph, "ho_ten": ph}, "noi_dung": ph + "\n",
                "phu_luc": annexes}
        warnings = list(warnings) + [Problem(str(ra), "", "kế hoạch khung: ghi các trường có giá trị “CHƯA XÁC ĐỊNH” "
                                                          "(cơ quan ban hành, địa danh, trích yếu, người ký, nội "
                                                          "dung) trước khi dùng")]
        comment = f"Kế hoạch khung với phụ lục nhập từ {tep.name} (vanban nhap)."
    from pydantic import ValidationError
    from .nhap import problems

    loi: list[Problem] = []
    try:
        KeHoach.model_validate(data)
    except ValidationError as e:
        loi = problems(str(ra), e)
    return KetQuaNhap(write_all([(ra, lambda t: _write_yaml(data, comment, t))], overwrite), list(warnings), loi=loi)


@dataclass
class KetQuaChuanHoa(KetQua):
    """What ``chuan_hoa`` wrote and changed (``thay_doi``: one Vietnamese sentence each)."""

    thay_doi: list[str] = field(default_factory=list)


def _van_ban_doc(r):
    """A report (or another typed document) read by ``nhap`` as the cycle's document to render."""
    from .model.van_ban import VanBan
    from .model.van_ban_di import BangPhuLuc, VanBanDi
    from .text.than_van import parse_body

    from pydantic import ValidationError
    from .nhap import problems

    fields = {k: v for k, v in r.du_lieu.items() if k in VanBan.model_fields}
    try:
        vb = VanBan.model_validate(fields)
    except ValidationError as e:
        raise InputError(problems(str(r.tep), e)) from None
    body = "\n".join(t for t, _p in r.doc.body)
    tables = []
    for a in r.doc.annexes:
        for t in a.tables:
            if not t.rows:
                continue
            head = [c.text.replace("\n", " ") for c in t.rows[0].cells]
            cols = [(h or " ", 1.0 + min(len(h), 30) / 10, len(h) <= 4) for h in head]
            rows = []
            for row in t.rows[1:]:
                if row.header:
                    continue
                cells = row.cells
                if len(cells) == 1 and len(head) > 1:
                    rows.append(("", cells[0].text))
                else:
                    rows.append([c.text for c in row.grid()][:len(head)])
            tables.append(BangPhuLuc(" ".join(a.ten) or "PHỤ LỤC", cols, rows, phu_de=" ".join(a.phu_de) or None))
    return VanBanDi(vb, r.doc.kinh_gui, parse_body(body) if body else [], tables)


def chuan_hoa(tep: Path | str, ra: Path | str, overwrite: bool = False, mau: Path | str | None = None) -> KetQuaChuanHoa:
    """Reissue a hand-made plan or report ``tep`` in exact form as ``ra`` (.docx): read it as
    ``nhap_ke_hoach`` does, render it as ``tao_ke_hoach`` (a Kế hoạch) or as the cycle's documents
    (a Báo cáo or another typed document), then list what changed (the layout rebuilt and every
    rule of the checker the input broke and the output keeps); the output's own check is in
    ``kiem_tra``. The input is never modified."""
    from .check import DocxReadError, kiem_tra as check_file
    from .nhap import doc_docx
    from .nhap.chuan_hoa import thay_doi

    tep, ra = Path(tep), Path(ra)
    mau, warnings = _mau(mau)
    r = doc_docx(tep)
    missing = r.doc.facts.get("missing") if r.doc else None
    if missing or not (r.doc and r.doc.body):
        what = ", ".join(missing or []) or "nội dung"
        raise InputError([Problem(str(tep), "", f"không lập lại được văn bản: không tìm thấy {what}; dùng “vanban "
                                                "nhap” để ghi ra tệp YAML, sửa lại rồi tạo văn bản")])
    if r.du_lieu.get("loai", "KH") == "KH":
        kh = r.ke_hoach()

        def job(t: Path) -> None:
            _docx_ke_hoach(kh, mau, t)
    else:
        doc = _van_ban_doc(r)

        def job(t: Path) -> None:
            from .render.docx_van_ban import render_van_ban_docx

            render_van_ban_docx(doc, t, mau=mau)
    written = write_all([(ra, job)], overwrite)
    try:
        before = check_file(tep)
    except DocxReadError:
        before = []
    result = kiem_tra(written)
    after = result[0].phat_hien if result else []
    return KetQuaChuanHoa(written, warnings + r.canh_bao, result, thay_doi=thay_doi(r.doc, before, after))


# ---- the returns as models (the web portal) ---------------------------------------------------

@dataclass
class PhieuTrong:
    """An agency's return for one period before it is filled: what its .xlsx form lists and
    carries in its hidden sheet, for a form typed elsewhere (the web portal) to be read by the
    same rules (``lap_phieu_web``)."""

    co_quan: str
    ky: str  # the period's code
    ten_ky: str  # "năm 2026"
    nhiem_vu: list  # NhiemVuPhieu, in plan order
    ke_hoach: str | None = None
    trich_dan: str | None = None
    chot_so_lieu: str | None = None
    kinh_gui: str = ""  # pre-filled on the form's information sheet
    viet_tat: str = ""
    han_nop: datetime.date | None = None


def phan_cong_co_quan(plan: Path | str | KeHoachDaDoc, danh_muc: Path | str | None = None) -> list[str]:
    """The agencies the plan assigns tasks (canonical names, plan order): who has a return to make."""
    from .baocao.phan_cong import phan_cong

    kh, tra_cuu, _w, _n = _da_doc(plan, danh_muc)[1]
    return list(phan_cong(kh, tra_cuu))


def phieu_trong(plan: Path | str | KeHoachDaDoc, ky: str, co_quan: str, danh_muc: Path | str | None = None,
                han_nop: str | datetime.date | None = None) -> PhieuTrong:
    """``co_quan``'s empty return for period ``ky`` of ``plan``: its tasks as its form lists them
    (TT, content, timeline) and what the form carries. ``co_quan``: a name of the registry or of the
    plan; an agency without tasks is refused (named in the message with those assigned)."""
    from .baocao.phan_cong import phan_cong
    from .baocao.tong_hop import trich_dan_ke_hoach
    from .load.phieu import chuan_hoa_nhiem_vu
    from .model.bao_cao import NhiemVuPhieu
    from .layout import prepare
    from .render.xlsx_bieu_mau import dong_nhiem_vu, nhan_phieu
    from .validate.tra_cuu import cung_co_quan

    kh, tra_cuu, _w, _n = _da_doc(plan, danh_muc)[1]
    period = _ky(ky, han_nop, kh)
    assigned = phan_cong(kh, tra_cuu)
    canon = (tra_cuu.canonical(co_quan) if tra_cuu else None) or co_quan
    if canon not in assigned:
        raise InputError([Problem("", "", f"“{co_quan}” không được giao nhiệm vụ nào trong kế hoạch; các cơ quan "
                                          "được giao: " + "; ".join(assigned), argument="co_quan")])
    tasks = [chuan_hoa_nhiem_vu(NhiemVuPhieu(**row)) for row in dong_nhiem_vu(kh, assigned[canon])]
    own = cung_co_quan(canon, nhan_phieu(kh), tra_cuu)
    return PhieuTrong(co_quan=canon, ky=period.ma, ten_ky=period.ten, nhiem_vu=tasks,
                      ke_hoach=prepare.header(kh).so_ky_hieu.strip() or None,
                      trich_dan=trich_dan_ke_hoach(kh) or None,
                      chot_so_lieu=f"{period.chot_tu:%d/%m/%Y} - {period.chot_den:%d/%m/%Y}",
                      kinh_gui="" if own else nhan_phieu(kh), viet_tat=_viet_tat(canon, kh, tra_cuu) or "",
                      han_nop=period.han_nop)


def lap_phieu_web(trong: PhieuTrong, truong: dict[str, str], tep: str = "phieu-web"):
    """A return typed in a web form -> ``PhieuBaoCao``, validated by the rules of the .xlsx reader
    (``vanban.load.phieu.doc_phieu_web``; field names there). ``trong``: the agency's empty
    return (``phieu_trong``); ``tep``: the name the return goes by in messages and reports.
    Raise InputError with every problem, each at its field."""
    from .load.phieu import doc_phieu_web

    return doc_phieu_web(truong, tep=tep, co_quan=trong.co_quan, ky=trong.ky, nhiem_vu=trong.nhiem_vu,
                         ke_hoach=trong.ke_hoach, trich_dan=trong.trich_dan, chot_so_lieu=trong.chot_so_lieu)


def doc_phieu(path: Path | str):
    """One filled .xlsx return -> ``PhieuBaoCao``; InputError with every problem of the file,
    located (``vanban.load.phieu.doc_phieu``)."""
    from .load.phieu import doc_phieu as read

    return read(path)


def co_quan_cua_phieu(path: Path | str) -> str | None:
    """The agency a refused .xlsx return names, when it can still be made out."""
    from .load.phieu import co_quan_cua_phieu as read

    return read(path)


def tong_hop_tu_phieu(plan: Path | str | KeHoachDaDoc, phieu: Iterable, ky: str, out_dir: Path | str | None = None,
                      overwrite: bool = False, danh_muc: Path | str | None = None,
                      loi_phieu: Iterable[Problem] = (), co_quan_loi: dict[str, str] | None = None,
                      thong_tin: Path | str | None = None, han_nop: str | datetime.date | None = None,
                      pdf: bool = False, don_doc: bool = False, hom_nay: datetime.date | None = None,
                      mau: Path | str | None = None) -> KetQuaTongHop:
    """``tong_hop_bao_cao`` on returns already read (``PhieuBaoCao``, from .xlsx files or web
    forms) instead of a folder: ``loi_phieu``, the problems of the returns refused, and
    ``co_quan_loi``, the agency each refused one names (by its ``Problem.file``), so the reports
    say whose return was refused. Without ``out_dir`` nothing is written: the consolidation is in
    ``tong_hop`` (and the reason for no reminder in ``khong_don_doc``)."""
    mau, mau_warnings = _mau(mau)
    plan, loaded = _da_doc(plan, danh_muc)
    jobs, warnings, th, no_letter, loi = _tong_hop_jobs(
        plan, (list(phieu), list(loi_phieu), dict(co_quan_loi or {})), ky, Path(out_dir or "."), thong_tin,
        han_nop, None, pdf, loaded=loaded, don_doc=don_doc, hom_nay=hom_nay, mau=mau)
    written = write_all(jobs, overwrite) if out_dir is not None else []
    return KetQuaTongHop(written, mau_warnings + warnings, tong_hop=th, khong_don_doc=no_letter, loi_phieu=loi)


def tao_bao_cao_tu_phieu(phieu, out_dir: Path | str, ten: str, overwrite: bool = False,
                         plan: Path | str | KeHoachDaDoc | None = None, danh_muc: Path | str | None = None,
                         pdf: bool = False, mau: Path | str | None = None) -> KetQua:
    """An agency's Báo cáo ``<ten>.docx`` (and .pdf) from its return already read (a
    ``PhieuBaoCao`` from an .xlsx or a web form), as ``tao_bao_cao`` makes it from a file; the
    registry is the plan's (``plan``) or ``danh_muc``."""
    mau, warnings = _mau(mau)
    tra_cuu = None
    if plan is not None:
        tra_cuu = _da_doc(plan, danh_muc)[1][1]
    elif danh_muc is not None:
        tra_cuu = TraCuuCoQuan(doc_danh_muc(Path(danh_muc), warnings))
    why = name_problem(ten)
    if why:
        raise InputError([Problem("", "", f"tên “{ten}” không dùng được: {why}", argument="ten")])
    jobs = _bao_cao_phieu_jobs(phieu, Path(out_dir), tra_cuu, ten, pdf, mau)
    return KetQua(write_all(jobs, overwrite), warnings + list(phieu.canh_bao))


def doc_phieu_cua(path: Path | str, trong: PhieuTrong, danh_muc_ke_hoach: Path | str | KeHoachDaDoc | None = None,
                  danh_muc: Path | str | None = None, ten: str | None = None):
    """A filled .xlsx return sent for ``trong``'s agency and period (an upload to the portal):
    read by ``doc_phieu`` (the size, zip and XML limits of every input included), then refused
    unless it is that agency's form for that period of that plan. ``danh_muc_ke_hoach``: the plan,
    whose registry (or ``danh_muc``) tells an agency's other names; ``ten``: the name the return
    goes by in messages (by default the file's). InputError with every problem."""
    from .load.phieu import doc_phieu as read

    p = read(path)
    if ten is not None:
        p = p.model_copy(update={"tep": ten})
    where = ten or p.tep
    tra_cuu = _da_doc(danh_muc_ke_hoach, danh_muc)[1][1] if danh_muc_ke_hoach is not None else None
    canon = (tra_cuu.canonical(p.co_quan) if tra_cuu else None) or p.co_quan
    problems = []
    if " ".join(canon.split()).casefold() != " ".join(trong.co_quan.split()).casefold():
        problems.append(Problem(where, "Sheet '_vanban'", f"phiếu là của “{p.co_quan}”, không phải của "
                                                          f"“{trong.co_quan}”; gửi đúng phiếu của cơ quan mình"))
    if p.ky != trong.ky:
        problems.append(Problem(where, "Sheet '_vanban'", f"phiếu là của kỳ báo cáo “{p.ky}”, không phải kỳ "
                                                          f"“{trong.ky}”; tải phiếu của kỳ này về, điền rồi gửi"))
    if (p.ke_hoach or "") != (trong.ke_hoach or ""):
        problems.append(Problem(where, "Sheet '_vanban'", f"phiếu là của kế hoạch “{p.ke_hoach or 'không ghi'}”, "
                                                          f"không phải “{trong.ke_hoach or ''}”; tải phiếu của kỳ "
                                                          "này về, điền rồi gửi"))
    if problems:
        raise InputError(problems)
    return p


def ten_danh_muc(plan: Path | str) -> str | None:
    """The registry a plan names (its ``danh_muc_co_quan``, as written), without reading that file:
    for a caller that must not follow a path taken from an uploaded file (the web portal)."""
    kh, _notes = read_model(Path(plan), KeHoach)
    return kh.danh_muc_co_quan or None


def truong_web(phieu) -> dict[str, str]:
    """The web form's fields that say what return ``phieu`` says (``lap_phieu_web`` reads them back
    to the same return): to show a return sent as .xlsx in the web form, for correcting it there."""
    from .model.bieu_mau import MUC_NOI_DUNG, THONG_TIN

    out: dict[str, str] = {}
    for r in phieu.ket_qua:
        out[f"tinh_trang.{r.id}"] = r.tinh_trang or ""
        out[f"ty_le.{r.id}"] = "" if r.ty_le is None else f"{r.ty_le:g}".replace(".", ",")
        for fld in ("ket_qua", "san_pham", "kho_khan", "de_xuat"):
            out[f"{fld}.{r.id}"] = getattr(r, fld) or ""
    tt = phieu.thong_tin
    if tt is not None:
        for fld, _label, _hint in THONG_TIN:
            v = getattr(tt, fld)
            if fld == "ngay" and v:
                v = "/".join(reversed(str(v).split("-")))  # 2026-12-11 -> 11/12/2026, 2026-12 -> 12/2026
            out[f"thong_tin.{fld}"] = "" if v is None else str(v)
    for fld, _heading in MUC_NOI_DUNG:
        out[fld] = getattr(phieu, fld) or ""
    return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class MauPhieuWeb:
    """What a web form of the return shows, from the .xlsx form's own definitions: the statuses,
    roles, information fields (field, label, hint), parts I–IV (field, heading), signing
    authorities, the largest return file accepted, and ``o_web(id, field, tt)``, the place a
    message names for a task's field."""

    tinh_trang: tuple[str, ...]
    vai_tro: dict[str, str]
    thong_tin: tuple[tuple[str, str, str], ...]
    muc: tuple[tuple[str, str], ...]
    quyen_han: tuple[str, ...]
    max_bytes: int
    o_web: Callable[..., str]

    def ten_truong(self, trong: PhieuTrong) -> list[str]:
        """Every field name of ``trong``'s web form (see ``lap_phieu_web``)."""
        names = [f"{fld}.{t.id}" for t in trong.nhiem_vu
                 for fld in ("tinh_trang", "ty_le", "ket_qua", "san_pham", "kho_khan", "de_xuat")]
        return names + [f"thong_tin.{fld}" for fld, _l, _h in self.thong_tin] + [fld for fld, _h in self.muc]


def mau_phieu_web() -> MauPhieuWeb:
    """The definitions a web form of the return is drawn from (``MauPhieuWeb``)."""
    from .load.phieu import MAX_BYTES, o_web
    from .model.bao_cao import TINH_TRANG, VAI_TRO
    from .model.bieu_mau import MUC_NOI_DUNG, QUYEN_HAN, THONG_TIN

    return MauPhieuWeb(TINH_TRANG, dict(VAI_TRO), THONG_TIN, MUC_NOI_DUNG, QUYEN_HAN, MAX_BYTES, o_web)


def doc_han_nop(text: str) -> datetime.date | None:
    """A deadline typed by a user ("15/12/2026" or "2026-12-15"); ValueError with the reason in
    Vietnamese when it is not a full date of the calendar."""
    from .model.ky_bao_cao import parse_han

    return parse_han(text)


def phieu_tu_json(text: str):
    """A ``PhieuBaoCao`` kept as JSON (``model_dump_json``) read back."""
    from .model.bao_cao import PhieuBaoCao

    return PhieuBaoCao.model_validate_json(text)


def doc_thong_tin_ky(path: Path | str):
    """A period file (``thong-tin.yaml``: ``ThongTinKy``) and its warnings."""
    from .model.ky_bao_cao import ThongTinKy

    info, notes = read_model(Path(path), ThongTinKy)
    return info, list(notes.warnings)
