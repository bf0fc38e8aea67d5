"""Who must report on what: every agency named as chủ trì or phối hợp of a task, with group
names ("Các sở, ban, ngành", "UBND các xã, phường") expanded through the agency registry."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import KeHoach, NhiemVu
from ..validate.tra_cuu import TraCuuCoQuan


@dataclass(frozen=True)
class PhanCong:
    nhiem_vu: NhiemVu
    vai_tro: str  # "chu_tri" | "phoi_hop"
    nhom: str | None = None  # the group name it came through, if any


def phan_cong(kh: KeHoach, tra_cuu: TraCuuCoQuan | None) -> dict[str, list[PhanCong]]:
    """Agency (canonical name) -> its tasks in plan order, each once, lead role first.

    A group name stands for its members; a group with no listed members (e.g. communes that
    are not in the registry one by one) is kept under its own name so its tasks are not lost.
    """
    out: dict[str, list[PhanCong]] = {}
    seen: dict[str, set[str]] = {}

    def add(agency: str, task: NhiemVu, role: str, group: str | None) -> None:
        if task.id in seen.setdefault(agency, set()):
            return
        seen[agency].add(task.id)
        out.setdefault(agency, []).append(PhanCong(task, role, group))

    for pl in kh.phu_luc:
        for task in pl.all_tasks():
            for role in ("chu_tri", "phoi_hop"):
                for name in getattr(task, role):
                    if tra_cuu is None:
                        add(name, task, role, None)
                        continue
                    canon = tra_cuu.canonical(name) or name
                    if tra_cuu.is_group(name):
                        members = tra_cuu.members(name)
                        for m in members or [canon]:
                            add(m, task, role, canon)
                    else:
                        add(canon, task, role, None)
    return out
