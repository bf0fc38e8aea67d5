"""The benchmark's province generator (bench/province.py) makes a registry of any size up to
10,000 agencies: names unique (also as the registry compares them), Vietnamese with diacritics,
some pairs on purpose one diacritic apart, the same for the same seed. No document is rendered."""

from __future__ import annotations

import unicodedata

import yaml

from bench import province
from vanban import api
from vanban.validate.tra_cuu import normalise


def _strip_marks(s: str) -> str:
    """``s`` without its tone marks and vowel marks (đ kept): what a one-diacritic twin shares."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", s)
                                                if not unicodedata.combining(c)))


def test_ten_thousand_agencies_unique_and_read_by_the_registry(tmp_path):
    plan = province.build_plan(tmp_path / "tinh", agencies=10_000)
    reg = yaml.safe_load((tmp_path / "tinh" / "co-quan.yaml").read_text(encoding="utf-8"))
    names = [c["ten"] for c in reg["co_quan"]]
    assert len(names) == 10_000
    assert len(set(names)) == 10_000 and len({normalise(n) for n in names}) == 10_000
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    communes = [n for n in names if n.startswith(("UBND xã ", "UBND phường "))]
    assert len(communes) == 10_000 - len(province.SO_NGANH)
    assert 0.1 < sum(n.startswith("UBND phường ") for n in communes) / len(communes) < 0.3
    assert all(2 <= len(n.split()) - 2 <= 3 for n in communes)  # "UBND xã" + two or three syllables
    assert sum(n != _strip_marks(n) for n in communes) / len(communes) > 0.9  # written with diacritics

    # pairs that differ by exactly one diacritic, kept apart
    bases = {n.split(" ", 2)[2] for n in communes}
    twins = {b for b in bases if (t := province._twin(b)) and t in bases}
    assert len(twins) >= 2 * 200
    for b in list(twins)[:50]:
        t = province._twin(b)
        assert t != b and _strip_marks(t) == _strip_marks(b)
        assert sum(x != y for x, y in zip(t, b)) == 1 and len(t) == len(b)

    # the program reads the registry and the plan, and tells every agency from every other
    kh, tra_cuu, warnings = api.doc_ke_hoach(plan)
    assert warnings == []
    assert [tra_cuu.canonical(n) for n in names] == names
    assigned = {n for g in kh.phu_luc[0].nhom for t in g.nhiem_vu for n in [*t.chu_tri, *t.phoi_hop]}
    assert set(names[len(province.SO_NGANH):]) <= assigned  # every commune has a task of its own
    assert len(tra_cuu.members(province.NHOM_XA)) == len(communes)


def test_names_are_the_same_for_the_same_seed_and_change_with_it():
    import random

    a = province._names(random.Random(7), 3000)
    assert a == province._names(random.Random(7), 3000)
    assert a != province._names(random.Random(8), 3000)
    assert province._names(random.Random(7), 150) == province._names(random.Random(7), 150)
    assert len({n for n, _, _ in province._names(random.Random(7), 20_000)}) == 20_000
