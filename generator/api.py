"""The library's entry points. The command line (``generator.cli``) is a thin layer over these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .io import write_all
from .load import load_plan, load_registry
from .model import KeHoach
from .validate import Registry, check_plan

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE_PLANS = DATA / "ke-hoach"


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


def _plan_jobs(plan: Path, out_dir: Path, name: str | None = None, pdf: bool = False, pdfa: bool = False):
    from .render.docx_ke_hoach import render_ke_hoach_docx
    from .render.xlsx_phu_luc import render_phu_luc_xlsx

    kh, _registry, warnings = doc_ke_hoach(plan)
    name = name or plan.stem
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{name}.docx", lambda p: render_ke_hoach_docx(kh, p)),
    ]
    if kh.phu_luc:
        jobs.append((out_dir / f"{name}-phu-luc.xlsx", lambda p: render_phu_luc_xlsx(kh, p)))
    if pdf or pdfa:
        from .render.pdf_ke_hoach import render_ke_hoach_pdf  # weasyprint: only when asked

        jobs.append((out_dir / f"{name}.pdf", lambda p: render_ke_hoach_pdf(kh, p, pdfa=pdfa)))
    return jobs, warnings


def tao_ke_hoach(plan: Path | str, out_dir: Path | str, overwrite: bool = False,
                 name: str | None = None, pdf: bool = False, pdfa: bool = False) -> KetQua:
    """Generate ``<name>.docx``, ``<name>-phu-luc.xlsx`` when the plan has annexes, and
    ``<name>.pdf`` when asked (``pdfa``: archival PDF/A)."""
    jobs, warnings = _plan_jobs(Path(plan), Path(out_dir), name, pdf, pdfa)
    return KetQua(write_all(jobs, overwrite), warnings)


def demo(out_dir: Path | str = "out", overwrite: bool = False, check: bool = True,
         pdf: bool = False, pdfa: bool = False) -> KetQua:
    """The main job on the built-in sample data: every sample document into ``out_dir``,
    then (``check``) every .docx written through the ND30 checker.

    Every sample is loaded and every target checked before anything is written.
    """
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    warnings: list[Problem] = []
    for plan in sorted(SAMPLE_PLANS.glob("*.yaml")):
        j, w = _plan_jobs(plan, Path(out_dir), pdf=pdf, pdfa=pdfa)
        jobs += j
        warnings += w
    result = KetQua(write_all(jobs, overwrite), warnings)
    if check:
        result.kiem_tra = kiem_tra([p for p in result.tep if p.suffix == ".docx"])
    return result


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
