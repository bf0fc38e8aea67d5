"""The signer and Nơi nhận laid out the other ways clerks type them (tests/corpus.py ``noi_nhan``,
``noi_nhan_inline``): the signer as paragraphs above a Nơi nhận table, the signer in a table
above Nơi nhận paragraphs, the first recipient on the heading's line, no Nơi nhận at all. One
reading (``check.blocks``) for ``kiemtra``, the shared reader and ``nhap``: every signer line,
the name and every recipient recovered; the body ends where the block starts; the checker finds
only what is really wrong."""

from __future__ import annotations

import pytest

from tests.corpus import build, seed_plan, unmarked
from vanban import api
from vanban.check import LOI, doc_van_ban, kiem_tra
from vanban.layout.prepare import noi_nhan
from vanban.nhap import doc_docx
from vanban.text.nguoi_ky import signer_lines
from vanban.text.than_van import plain

# name: (seed, layout keywords, the signer's layout as read, the errors the document really has)
LAYOUTS = {
    "doan-tren-bang-nn": ("001", dict(signer="paragraphs", noi_nhan="table", annex="page_break"), "paragraphs", set()),
    "bang-tren-doan-nn": ("003", dict(signer="table", noi_nhan="paragraphs"), "table", set()),
    "nn-cung-dong-bang": ("000", dict(noi_nhan_inline=True), "table", {"NN-001"}),
    "nn-cung-dong-tab": ("000", dict(header="tabs", signer="tabs", noi_nhan_inline=True), "tabs", {"NN-001"}),
    "nn-cung-dong-doan": ("003", dict(signer="paragraphs", noi_nhan_inline=True), "paragraphs", {"NN-001"}),
    "khong-nn-doan": ("001", dict(signer="paragraphs", noi_nhan="none", annex="page_break"), "paragraphs",
                      {"NN-001"}),
    "khong-nn-bang": ("003", dict(signer="table", noi_nhan="none"), "table", {"NN-001"}),
    "khong-nn-doan-khong-phu-luc": ("000", dict(signer="paragraphs", noi_nhan="none"), "paragraphs", {"NN-001"}),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chu-ky")
    return {name: build(seed_plan(key), folder / f"{name}.docx", **kw) for name, (key, kw, _, _) in LAYOUTS.items()}


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_shared_reader_finds_signer_and_recipients(built, name):
    b, t = built[name], built[name].truth
    r = doc_van_ban(b.path)
    assert [x.text for x in r.signer.lines] == t.signer and r.signer.name.text == t.name
    assert r.signer.layout == LAYOUTS[name][2]
    if LAYOUTS[name][1].get("noi_nhan") == "none":
        assert r.noi_nhan_heading is None and r.noi_nhan == []
    else:
        assert r.noi_nhan_heading.text == "Nơi nhận:"
        assert [x.text for x in r.noi_nhan] == t.noi_nhan and t.noi_nhan
    # nothing of the block is taken for the body, nothing of the body for the block
    assert [(p.level, p.number, p.text) for p in r.body] == t.body
    first, last = r.signature
    lines = [*r.signer.lines, r.signer.name, *r.noi_nhan]
    assert r.body[-1].place.paragraph < first <= min(x.place.paragraph for x in lines)
    assert last >= max(x.place.paragraph for x in lines)
    assert len(r.annexes) == (1 if t.tasks else 0)
    if t.tasks:
        assert [x.text for x in r.annexes[0].title] == [t.annex_title]
        assert r.annexes[0].title[0].place.paragraph > last


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_checker_finds_only_what_is_wrong(built, name):
    found = kiem_tra(built[name].path)
    errors = [f for f in found if f.severity == LOI]
    assert {f.rule for f in errors} == LAYOUTS[name][3], [str(f) for f in errors]
    assert len(errors) == len(LAYOUTS[name][3])  # one finding each, not one per line
    if LAYOUTS[name][1].get("noi_nhan_inline"):
        (f,) = errors
        assert "đứng riêng một dòng" in f.message and f.text.startswith("Nơi nhận: - ")
    elif LAYOUTS[name][3]:
        (f,) = errors
        assert f.message.startswith("thiếu “Nơi nhận:”") and f.place == "cuối văn bản"


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_nhap_recovers_signer_and_recipients(built, name):
    b, t = built[name], built[name].truth
    r = doc_docx(b.path)
    assert r.loi == []
    kh = r.ke_hoach()
    k = kh.nguoi_ky
    assert signer_lines(k.quyen_han, k.chuc_vu, k.tap_the, k.cap_truong, k.truong_don_vi) == t.signer
    assert k.ho_ten == t.name
    if t.noi_nhan:
        assert noi_nhan(kh) == t.noi_nhan
    else:
        assert not kh.noi_nhan.gui
        assert any("không tìm thấy “Nơi nhận:”" in w.message for w in r.canh_bao)
    assert kh.noi_dung.rstrip().endswith(unmarked(t.body[-1][2]).removesuffix("./."))
    tasks = [x for pl in kh.phu_luc for x in pl.all_tasks()]
    assert [(plain(x.noi_dung), x.chu_tri, x.phoi_hop) for x in tasks] == \
        [(x.noi_dung, x.chu_tri, x.phoi_hop) for x in t.tasks]
    assert not any("không thuộc phụ lục nào" in w.message for w in r.canh_bao)


@pytest.mark.parametrize("name", ["doan-tren-bang-nn", "nn-cung-dong-tab", "khong-nn-bang"])
def test_reissued_plan_has_no_checker_error(built, name, tmp_path):
    res = api.nhap_ke_hoach(built[name].path, tmp_path / "kh.yaml")
    assert res.loi == []
    out = api.tao_ke_hoach(tmp_path / "kh.yaml", tmp_path / "out")
    docx = next(p for p in out.tep if p.suffix == ".docx")
    assert [str(f) for f in kiem_tra(docx) if f.severity == LOI] == []
    r = doc_van_ban(docx)
    assert [x.text for x in r.signer.lines] == built[name].truth.signer
    assert [x.text for x in r.noi_nhan][:-1] == built[name].truth.noi_nhan[:-1]
