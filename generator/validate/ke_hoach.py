"""Plan checks that produce warnings: agencies unknown to the registry, numbering breaks."""

from __future__ import annotations

from ..errors import Problem
from ..model import KeHoach, Nhom
from ..text.than_van import check_numbering, parse_body
from .registry import Registry


def _task_paths(kh: KeHoach):
    for i, pl in enumerate(kh.phu_luc):
        base = f"phu_luc[{i}]"
        for k, t in enumerate(pl.nhiem_vu):
            yield f"{base}.nhiem_vu[{k}]", t

        def walk(groups: list[Nhom], prefix: str):
            for j, g in enumerate(groups):
                p = f"{prefix}.nhom[{j}]"
                for k, t in enumerate(g.nhiem_vu):
                    yield f"{p}.nhiem_vu[{k}]", t
                yield from walk(g.nhom, p)

        yield from walk(pl.nhom, base)


def check_plan(kh: KeHoach, file: str, registry: Registry | None) -> list[Problem]:
    """Warnings for a valid plan: they do not stop the output."""
    out: list[Problem] = []
    for issue in check_numbering(parse_body(kh.noi_dung)):
        out.append(Problem(file, "noi_dung", f"dòng {issue.line} của nội dung: {issue.message}"))
    if registry is None:
        return out
    for path, task in _task_paths(kh):
        for field in ("chu_tri", "phoi_hop"):
            for m, name in enumerate(getattr(task, field)):
                if registry.canonical(name) is None:
                    near = registry.closest(name)
                    hint = f"; gần nhất là “{near}”" if near else ""
                    out.append(Problem(file, f"{path}.{field}[{m}]",
                                       f"cơ quan “{name}” không có trong danh mục cơ quan{hint}"))
    return out
