"""An annex's title lines, sub-title and Kèm theo line: one rule (``check.blocks._annex_title``)
for ``kiemtra``, the shared reader and ``nhap``. A bold sentence-case line under the title is the
sub-title for all three; without a Kèm theo line only the lines that look like a title are the
title, and a sentence between it and the table is neither title nor sub-title for any of them."""

from __future__ import annotations

import copy

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from tests.corpus import build, seed_plan
from vanban.check import LOI, doc_van_ban, kiem_tra
from vanban.nhap import doc_docx

SUB = "Đợt 1: các nhiệm vụ triển khai trong năm 2026"
SENTENCE = "Các cơ quan, đơn vị căn cứ nhiệm vụ được giao tại bảng dưới đây để triển khai thực hiện."


def _annex_paragraphs(path):
    d = Document(str(path))
    ps = d.paragraphs
    label = next(k for k, p in enumerate(ps) if p.text == "Phụ lục")
    return d, ps, label


def _with_subtitle(tmp_path):
    b = build(seed_plan("003"), tmp_path / "a.docx")
    d, ps, label = _annex_paragraphs(b.path)
    title = ps[label + 1]
    sub = copy.deepcopy(title._p)
    title._p.addnext(sub)
    d.save(str(tmp_path / "phu-de.docx"))
    d = Document(str(tmp_path / "phu-de.docx"))
    p = d.paragraphs[label + 2]
    for r in p.runs[1:]:
        r._r.getparent().remove(r._r)
    p.runs[0].text = SUB
    d.save(str(tmp_path / "phu-de.docx"))
    return b, tmp_path / "phu-de.docx"


def test_subtitle_under_the_title_is_read_alike(tmp_path):
    b, path = _with_subtitle(tmp_path)
    r = doc_van_ban(path)
    (a,) = r.annexes
    assert [x.text for x in a.title] == [b.truth.annex_title]
    assert [x.text for x in a.phu_de] == [SUB]
    assert a.kem_theo.text == b.truth.kem_theo
    # the checker judges the same lines: the sub-title may be in sentence case
    assert not [f for f in kiem_tra(path) if f.severity == LOI and f.rule.startswith("PL-")]
    kq = doc_docx(path)
    (pl,) = kq.du_lieu["phu_luc"]
    assert pl["ten"] == b.truth.annex_title and pl["phu_de"] == SUB
    assert not any("chưa nhập được" in w.message for w in kq.canh_bao)
    assert len(kq.ke_hoach().phu_luc[0].all_tasks()) == len(b.truth.tasks)


def test_without_kem_theo_a_sentence_is_not_the_title(tmp_path):
    """No Kèm theo line: the title is the lines that look like one (a title typed over two
    paragraphs in capitals), the sentence under them is said and left out by nhap and is not
    judged as a title by kiemtra."""
    b = build(seed_plan("003"), tmp_path / "a.docx")
    d, ps, label = _annex_paragraphs(b.path)
    title, kem = ps[label + 1], ps[label + 2]
    words = b.truth.annex_title.split()
    half = len(words) // 2
    second = copy.deepcopy(title._p)
    title._p.addnext(second)
    title.runs[0].text = " ".join(words[:half])
    for r in title.runs[1:]:
        r._r.getparent().remove(r._r)
    kem.runs[0].text = SENTENCE
    for r in kem.runs[1:]:
        r._r.getparent().remove(r._r)
    kem.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    kem.runs[0].font.italic = False
    d.save(str(tmp_path / "b.docx"))
    d = Document(str(tmp_path / "b.docx"))
    p = d.paragraphs[label + 2]
    p.runs[0].text = " ".join(words[half:])
    for r in p.runs[1:]:
        r._r.getparent().remove(r._r)
    d.save(str(tmp_path / "b.docx"))
    path = tmp_path / "b.docx"

    r = doc_van_ban(path)
    (a,) = r.annexes
    assert [x.text for x in a.title] == [" ".join(words[:half]), " ".join(words[half:])]
    assert a.phu_de == [] and a.kem_theo is None
    found = kiem_tra(path)
    assert not [f for f in found if f.rule == "PL-003"]
    assert [f.rule for f in found if f.rule == "PL-004" and f.severity == LOI] == ["PL-004"]  # no Kèm theo line
    kq = doc_docx(path)
    (pl,) = kq.du_lieu["phu_luc"]
    assert pl["ten"] == b.truth.annex_title and "phu_de" not in pl
    assert any("giữa tên phụ lục và bảng chưa nhập được" in w.message and w.path.startswith("đoạn ")
               for w in kq.canh_bao)
