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


def _plan_jobs(plan: Path, out_dir: Path, name: str | None = None):
    from .render.docx_ke_hoach import render_ke_hoach_docx
    from .render.xlsx_phu_luc import render_phu_luc_xlsx

    kh, _registry, warnings = doc_ke_hoach(plan)
    name = name or plan.stem
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{name}.docx", lambda p: render_ke_hoach_docx(kh, p)),
    ]
    if kh.phu_luc:
        jobs.append((out_dir / f"{name}-phu-luc.xlsx", lambda p: render_phu_luc_xlsx(kh, p)))
    return jobs, warnings


def tao_ke_hoach(plan: Path | str, out_dir: Path | str, overwrite: bool = False,
                 name: str | None = None) -> KetQua:
    """Generate ``<name>.docx`` and, when the plan has annexes, ``<name>-phu-luc.xlsx``."""
    jobs, warnings = _plan_jobs(Path(plan), Path(out_dir), name)
    return KetQua(write_all(jobs, overwrite), warnings)


def demo(out_dir: Path | str = "out", overwrite: bool = False) -> KetQua:
    """The main job on the built-in sample data: every sample document into ``out_dir``.

    Every sample is loaded and every target checked before anything is written.
    """
    jobs: list[tuple[Path, Callable[[Path], None]]] = []
    warnings: list[Problem] = []
    for plan in sorted(SAMPLE_PLANS.glob("*.yaml")):
        j, w = _plan_jobs(plan, Path(out_dir))
        jobs += j
        warnings += w
    return KetQua(write_all(jobs, overwrite), warnings)
