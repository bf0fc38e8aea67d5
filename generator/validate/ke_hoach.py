"""Plan checks that produce warnings: agencies unknown to the registry, numbering breaks."""

from __future__ import annotations

from ..errors import Problem
from ..model import KeHoach, Nhom
from ..model.loi import duong_dan
from ..text.than_van import check_numbering, parse_body
from .tra_cuu import TraCuuCoQuan


def check_plan(kh: KeHoach, file: str, tra_cuu: TraCuuCoQuan | None, notes=None) -> list[Problem]:
    """Warnings for a valid plan: they do not stop the output. ``notes``: the plan's
    ``vanban.load.YamlNotes``, for the line of each warning."""
    def line(loc: tuple) -> int | None:
        return notes.line(loc) if notes is not None else None

    out: list[Problem] = []
    body = line(("noi_dung",))
    for issue in check_numbering(parse_body(kh.noi_dung)):
        # a body written as a block (noi_dung: |) starts on the line after its key
        at = body + issue.line if body and issue.line and ("noi_dung",) in notes.block else body
        out.append(Problem(file, "noi_dung", f"dòng {issue.line} của nội dung: {issue.message}", at))
    if tra_cuu is None:
        return out
    for loc, task in _task_locs(kh):
        for field in ("chu_tri", "phoi_hop"):
            for m, name in enumerate(getattr(task, field)):
                if tra_cuu.canonical(name) is None:
                    near = tra_cuu.closest(name)
                    hint = f"; gần nhất là “{near}”" if near else ""
                    out.append(Problem(file, duong_dan(loc + (field, m)),
                                       f"cơ quan “{name}” không có trong danh mục cơ quan{hint}",
                                       line(loc + (field, m))))
    return out


def _task_locs(kh: KeHoach):
    """(YAML path as a tuple, task) of every task, the way the loader's notes name places."""
    for i, pl in enumerate(kh.phu_luc):
        base = ("phu_luc", i)
        for k, t in enumerate(pl.nhiem_vu):
            yield base + ("nhiem_vu", k), t

        def walk(groups: list[Nhom], prefix: tuple):
            for j, g in enumerate(groups):
                p = prefix + ("nhom", j)
                for k, t in enumerate(g.nhiem_vu):
                    yield p + ("nhiem_vu", k), t
                yield from walk(g.nhom, p)

        yield from walk(pl.nhom, base)


_MAX_JOIN = 6  # "Các sở, ban, ngành, UBND xã, phường": a name holds a few commas at most


def check_flow_commas(kh: KeHoach, file: str, tra_cuu: TraCuuCoQuan | None, notes) -> list[Problem]:
    """Errors for agency names a comma split: in a list written ``[A, B, C]`` an unquoted comma
    separates items, so ``[Sở Kế hoạch, Đầu tư]`` holds two names. An item the registry does not
    know, which joined with its neighbours by ", " is a name the registry knows, is reported with
    the list rewritten in quotes. ``notes``: the plan's ``vanban.load.YamlNotes``."""
    out: list[Problem] = []
    if tra_cuu is None or notes is None:
        return out
    for loc, task in _task_locs(kh):
        for field in ("chu_tri", "phoi_hop"):
            where = loc + (field,)
            names = getattr(task, field)
            if where not in notes.flow or len(names) < 2:
                continue
            joins: list[tuple[int, int]] = []  # [start, end) of items that form one name
            m = 0
            while m < len(names):
                best = None
                for end in range(min(len(names), m + _MAX_JOIN), m + 1, -1):
                    part = names[m:end]
                    if any(where + (x,) in notes.quoted for x in range(m, end)):
                        continue
                    if any(tra_cuu.canonical(n) is None for n in part) and \
                            tra_cuu.canonical(", ".join(part)) is not None:
                        best = end
                        break
                if best:
                    joins.append((m, best))
                    m = best
                else:
                    m += 1
            if not joins:
                continue
            items, k = [], 0
            starts = dict(joins)
            while k < len(names):
                if k in starts:
                    items.append('"' + ", ".join(names[k:starts[k]]) + '"')
                    k = starts[k]
                else:
                    items.append(names[k])
                    k += 1
            fix = f"{field}: [{', '.join(items)}]"
            for start, end in joins:
                joined = ", ".join(names[start:end])
                split = "”, “".join(names[start:end])
                out.append(Problem(
                    file, duong_dan(where + (start,)),
                    f"dấu phẩy đã tách “{joined}” (có trong danh mục cơ quan) thành “{split}”: trong danh sách "
                    f"[ ], dấu phẩy ngăn cách các cơ quan; đặt tên có dấu phẩy trong dấu ngoặc kép: {fix}",
                    notes.line(where + (start,))))
    return out
