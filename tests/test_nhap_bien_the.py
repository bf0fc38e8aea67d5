"""The annex variant a hand-made plan uses is imported and kept when it is reissued: task numbers
typed "1.", "2." (``so_thu_tu: so_cham``), a Danh mục without a "Phụ lục" label (``kieu:
danh_muc``) and a Kèm theo line naming another's document (``kem_theo_cua``). The reissued
.docx, read back by the shared reader, shows the original's variant, and ``kiemtra`` finds no
error in it."""

from __future__ import annotations

import pytest

from tests.corpus import variant
from vanban import api
from vanban.check import LOI, doc_van_ban, kiem_tra
from vanban.nhap import doc_docx


def _reissue(src, tmp_path):
    res = api.nhap_ke_hoach(src, tmp_path / "kh.yaml")
    assert res.loi == []
    out = api.tao_ke_hoach(tmp_path / "kh.yaml", tmp_path / "out")
    docx = next(p for p in out.tep if p.suffix == ".docx")
    assert [str(f) for f in kiem_tra(docx) if f.severity == LOI] == []
    return docx


def _numbers(path) -> list[str]:
    (a,) = doc_van_ban(path).annexes
    return [row.cells[0].text for t in a.tables for row in t.rows if row.kind == "task"]


@pytest.mark.parametrize("name, dotted", [("001-bang-ngang", True), ("003-bang-lap-tieu-de", False)])
def test_task_numbers_keep_their_dot(tmp_path, name, dotted):
    b = variant(name, tmp_path)
    typed = _numbers(b.path)
    assert all(n.endswith(".") for n in typed) == dotted and typed
    pl = doc_docx(b.path).du_lieu["phu_luc"][0]
    assert pl.get("so_thu_tu") == ("so_cham" if dotted else None)
    again = _numbers(_reissue(b.path, tmp_path))
    assert again == typed  # same numbers, same dots, restarting per group as typed


def test_danh_muc_stays_a_danh_muc(tmp_path):
    b = variant("003-tab-danh-muc", tmp_path)
    pl = doc_docx(b.path).du_lieu["phu_luc"][0]
    assert pl["kieu"] == "danh_muc" and pl["ten"].startswith("DANH MỤC")
    r = doc_van_ban(_reissue(b.path, tmp_path))
    (a,) = r.annexes
    assert a.label is None and a.danh_muc and [x.text for x in a.title] == [b.truth.annex_title]
    assert any("Danh mục kèm theo" in p.text for p in r.body)


@pytest.mark.parametrize("name, cua", [("003-kem-theo-chu-tich", "Chủ tịch UBND tỉnh Hưng Yên"),
                                       ("003-bang-lap-tieu-de", None), ("001-bang-ngang", None)])
def test_kem_theo_names_whose_document(tmp_path, name, cua):
    """"… của Chủ tịch UBND tỉnh Hưng Yên" is kept; "… của UBND tỉnh Hưng Yên" is the issuing body
    itself (its name abbreviated) and "… của Sở Nông nghiệp và Môi trường" its name: nothing to keep."""
    b = variant(name, tmp_path)
    pl = doc_docx(b.path).du_lieu["phu_luc"][0]
    assert pl.get("kem_theo_cua") == cua
    (a,) = doc_van_ban(_reissue(b.path, tmp_path)).annexes
    org = a.kem_theo_parts.org
    assert org == (cua or doc_docx(b.path).du_lieu["co_quan_ban_hanh"]["ten"])
    if cua:
        assert a.kem_theo.text == b.truth.kem_theo
