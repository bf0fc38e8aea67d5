"""A draft agency registry (danh mục cơ quan) from the names a document assigns tasks to.

Variant spellings of one agency are reconciled into one entry, its other spellings kept as
``ten_khac``: spacing, case and dash kinds ("Sở  Xây dựng", "sở Xây dựng"), and abbreviations
the document itself shows beside the full name ("Sở NN&MT" and "Sở Nông nghiệp và Môi
trường", "UBND tỉnh" and "Ủy ban nhân dân tỉnh"). Names that differ only by a diacritic are
never merged: each is kept and a warning names both.
"""

from __future__ import annotations

import unicodedata

from ..errors import Problem
from ..validate.tra_cuu import normalise

_AND = ("và", "&")


def _bare(s: str) -> str:
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))


def _is_abbr(token: str) -> bool:
    letters = token.replace("&", "")
    return len(letters) >= 2 and letters.isalpha() and letters == letters.upper()


def _initials(words: list[str]) -> str:
    return "".join(_bare(w)[:1].upper() for w in words if w.casefold() not in _AND)


def is_abbreviation_of(short: str, full: str) -> bool:
    """"Sở NN&MT" of "Sở Nông nghiệp và Môi trường", "UBND tỉnh" of "Ủy ban nhân dân tỉnh"."""
    a, b = short.split(), full.split()
    if not any(_is_abbr(t) for t in a) or len(a) >= len(b):
        return False

    def match(i: int, j: int) -> bool:
        if i == len(a):
            return j == len(b)
        if j >= len(b):
            return False
        if _is_abbr(a[i]):
            want = _bare(a[i].replace("&", "")).upper()
            for k in range(j + 1, len(b) + 1):
                got = _initials(b[j:k])
                if got == want and b[k - 1].casefold() not in _AND and match(i + 1, k):
                    return True
                if len(got) > len(want):
                    break
        return a[i].casefold() == b[j].casefold() and match(i + 1, j + 1)

    return match(0, 0)


def danh_muc(names: list[str], file: str, warn: list[Problem], ten: str | None = None) -> dict:
    """The registry's fields (``DanhMucCoQuan``) for ``names`` in order of first appearance."""
    spellings: dict[str, list[str]] = {}  # normalised -> spellings in order
    counts: dict[str, int] = {}
    for n in names:
        n = " ".join(unicodedata.normalize("NFC", n).split())
        key = normalise(n)
        spellings.setdefault(key, [])
        if n not in spellings[key]:
            spellings[key].append(n)
        counts[n] = counts.get(n, 0) + 1
    entries: list[dict] = []
    by_key: dict[str, dict] = {}
    for key, forms in spellings.items():
        best = max(forms, key=lambda f: (counts[f], -forms.index(f)))
        e = {"ten": best, "ten_khac": [f for f in forms if f != best]}
        entries.append(e)
        by_key[key] = e
    # abbreviations shown beside the full name
    for e in list(entries):
        for f in entries:
            if f is e or e not in entries or f not in entries:
                continue
            if is_abbreviation_of(e["ten"], f["ten"]):
                f["ten_khac"] += [e["ten"], *e["ten_khac"]]
                entries.remove(e)
                warn.append(Problem(file, "danh mục cơ quan", f"“{e['ten']}” được coi là tên viết tắt của "
                                                              f"“{f['ten']}” (ghi trong ten_khac)"))
                break
    # one diacritic apart: never merged, always said
    bare: dict[str, str] = {}
    for e in entries:
        b = _bare(normalise(e["ten"]))
        if b in bare:
            warn.append(Problem(file, "danh mục cơ quan", f"“{bare[b]}” và “{e['ten']}” chỉ khác nhau dấu thanh "
                                                          "hoặc dấu chữ; chưa gộp thành một cơ quan, kiểm tra lại "
                                                          "chính tả trong văn bản"))
        else:
            bare[b] = e["ten"]
    out_entries = []
    for e in entries:
        item: dict = {"ten": e["ten"]}
        if e["ten_khac"]:
            item["ten_khac"] = list(dict.fromkeys(e["ten_khac"]))
        out_entries.append(item)
    out: dict = {}
    if ten:
        out["ten"] = ten
    out["co_quan"] = out_entries
    return out
