"""Look agency names up in the registry (danh mục cơ quan), tolerant of the ways clerks write them."""

from __future__ import annotations

import difflib
import re
import unicodedata

from ..model import DanhMucCoQuan

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")


def normalise(name: str) -> str:
    """Compare names without regard to case, spacing, dash kinds or Unicode form."""
    s = unicodedata.normalize("NFC", name)
    s = _DASHES.sub("-", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"\s*&\s*", "&", s)
    return " ".join(s.split()).casefold()


class TraCuuCoQuan:
    def __init__(self, danh_muc: DanhMucCoQuan):
        self.danh_muc = danh_muc
        self._index: dict[str, str] = {}  # normalised name -> canonical name
        for cq in danh_muc.co_quan:
            for n in [cq.ten, *cq.ten_khac, *([cq.viet_tat] if cq.viet_tat else [])]:
                self._index.setdefault(normalise(n), cq.ten)
        for g in danh_muc.nhom:
            for n in [g.ten, *g.ten_khac]:
                self._index.setdefault(normalise(n), g.ten)
        self._names = sorted({cq.ten for cq in danh_muc.co_quan} | {g.ten for g in danh_muc.nhom})

    def canonical(self, name: str) -> str | None:
        return self._index.get(normalise(name))

    def closest(self, name: str) -> str | None:
        keys = list(self._index)
        match = difflib.get_close_matches(normalise(name), keys, n=1, cutoff=0.5)
        return self._index[match[0]] if match else None

    def viet_tat(self, name: str) -> str | None:
        """The abbreviation the registry gives an agency (for its ký hiệu), if any."""
        canon = self.canonical(name)
        return next((cq.viet_tat for cq in self.danh_muc.co_quan if cq.ten == canon and cq.viet_tat), None)

    def is_group(self, name: str) -> bool:
        canon = self.canonical(name)
        return any(g.ten == canon for g in self.danh_muc.nhom)

    def members(self, name: str) -> list[str]:
        """The agencies a name stands for: itself, or every member of a group."""
        canon = self.canonical(name)
        if canon is None:
            return []
        for g in self.danh_muc.nhom:
            if g.ten == canon:
                out = list(g.thanh_vien)
                out += [cq.ten for cq in self.danh_muc.co_quan if cq.loai in g.loai and cq.ten not in out]
                return out
        return [canon]


def cung_co_quan(a: str | None, b: str | None, tra_cuu: TraCuuCoQuan | None = None) -> bool:
    """Whether two names stand for the same agency: the same registry entry (its name, other
    names or abbreviation), else the same name once spacing, case and Unicode form are set aside."""
    if not a or not b:
        return False
    if normalise(a) == normalise(b):
        return True
    if tra_cuu is None:
        return False
    ca, cb = tra_cuu.canonical(a), tra_cuu.canonical(b)
    return ca is not None and ca == cb
