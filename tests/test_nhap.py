"""``vanban.nhap``: plans made by vanban and plans typed by hand (tests/corpus.py) read back into
the plan's model, every task, agency, timeline, recipient and signer recovered; the re-rendered
plan passes the checker; guesses are located warnings; odd documents give messages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from tests.check_fixtures import replace_part
from corpus import VARIANTS, corpus, unmarked
from vanban import api
from vanban.check import LOI, kiem_tra
from vanban.check.model import DocModel
from vanban.errors import InputError
from vanban.load import load_plan, doc_danh_muc
from vanban.nhap import doc_docx
from vanban.nhap.co_quan import danh_muc, is_abbreviation_of
from vanban.nhap.yaml_ra import dump
from vanban.layout.prepare import noi_nhan
from vanban.text.nguoi_ky import signer_lines
from vanban.text.than_van import plain

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ["hung-yen-132", "quang-tri-snnmt", "thai-nguyen-du-thao"]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("made")
    for name in SAMPLES:
        api.tao_ke_hoach(ROOT / "data" / "ke-hoach" / f"{name}.yaml", out)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("corpus"))


def _texts(path: Path) -> list[str]:
    return [" ".join(p.text.split()) for p in DocModel(path).paragraphs if p.text.strip()]


# ---- plans made by vanban -----------------------------------------------------------------------

@pytest.mark.parametrize("name", SAMPLES)
def test_round_trip_of_a_plan_made_by_vanban(made, name, tmp_path):
    orig = load_plan(ROOT / "data" / "ke-hoach" / f"{name}.yaml")
    r = doc_docx(made / f"{name}.docx")
    assert r.loi == []
    got = r.ke_hoach()
    skip = {"danh_muc_co_quan", "che_do_bao_cao", "phu_luc"}
    assert got.model_dump(exclude=skip) == orig.model_dump(exclude=skip)  # header, body (marks, notes), signer
    assert len(got.phu_luc) == len(orig.phu_luc)
    for a, b in zip(orig.phu_luc, got.phu_luc):
        assert b.model_dump(exclude={"nhom", "nhiem_vu"}) == a.model_dump(exclude={"nhom", "nhiem_vu"})
        assert [t.model_dump(exclude={"id"}) for t in b.all_tasks()] == [t.model_dump(exclude={"id"})
                                                                          for t in a.all_tasks()]
        assert [(g.ten, g.danh_so) for g in b.nhom] == [(g.ten, g.danh_so) for g in a.nhom]
    # the YAML written loads back to the same plan, and renders the same text paragraph by paragraph
    res = api.nhap_ke_hoach(made / f"{name}.docx", tmp_path / "kh.yaml")
    again = load_plan(tmp_path / "kh.yaml")
    assert again.model_dump(exclude={"danh_muc_co_quan"}) == got.model_dump(exclude={"danh_muc_co_quan"})
    api.tao_ke_hoach(tmp_path / "kh.yaml", tmp_path / "out", name=name)
    assert _texts(tmp_path / "out" / f"{name}.docx") == _texts(made / f"{name}.docx")
    assert tmp_path / "kh.yaml" in res.tep


def test_task_ids_are_stable_and_follow_the_groups(made):
    a = doc_docx(made / "quang-tri-snnmt.docx").ke_hoach()
    b = doc_docx(made / "quang-tri-snnmt.docx").ke_hoach()
    ids = [t.id for pl in a.phu_luc for t in pl.all_tasks()]
    assert ids == [t.id for pl in b.phu_luc for t in pl.all_tasks()]
    assert ids[0] == "SNNMT-I-01" and "SNNMT-IIA-01" in ids and "SNNMT-IIDD-01" in ids
    assert len(set(ids)) == len(ids)


def test_draft_keeps_its_blanks_and_says_so(made):
    r = doc_docx(made / "thai-nguyen-du-thao.docx")
    assert "so" not in r.du_lieu and r.du_lieu["ngay"] == "2026-04"
    places = {w.path for w in r.canh_bao if "dự thảo" in w.message}
    assert places and all("bảng 1, dòng 2" in p for p in places)


# ---- plans typed by hand (the corpus) -------------------------------------------------------------

@pytest.mark.parametrize("name", list(VARIANTS))
def test_corpus_plan_recovers_everything(built, name):
    b = built[name]
    t = b.truth
    r = doc_docx(b.path)
    assert r.loi == []
    kh = r.ke_hoach()
    assert (kh.co_quan_chu_quan or None) == (" ".join(t.chu_quan) or None)
    assert kh.co_quan_ban_hanh.ten.upper() == " ".join(t.co_quan).upper()
    assert kh.so == (int(t.so) if t.so else None)
    assert kh.dia_danh == t.dia_danh
    assert (kh.ngay.ngay, kh.ngay.thang, kh.ngay.nam) == t.ngay
    assert kh.trich_yeu == t.trich_yeu
    body = [plain(x) for x in ((kh.mo_dau or "") + "\n" + kh.noi_dung).splitlines() if x.strip()]
    want = [unmarked(x[2]) for x in t.body]
    want[-1] = want[-1].removesuffix("./.")  # the end mark is the renderer's
    assert body == want  # a Danh mục stays one: its citation is kept as typed
    assert [pl.kieu for pl in kh.phu_luc] == ["danh_muc" if b.options.get("danh_muc") else "phu_luc"] * len(kh.phu_luc)
    notes = [n.text for n in _notes(kh)]
    assert notes == [unmarked(n) for n in t.body_notes]
    k = kh.nguoi_ky
    assert signer_lines(k.quyen_han, k.chuc_vu, k.tap_the, k.cap_truong, k.truong_don_vi) == t.signer
    assert k.ho_ten == t.name
    assert noi_nhan(kh) == t.noi_nhan
    tasks = [x for pl in kh.phu_luc for x in pl.all_tasks()]
    assert len(tasks) == len(t.tasks)
    for got, want_t in zip(tasks, t.tasks):
        assert (plain(got.noi_dung), got.chu_tri, got.phoi_hop, got.tien_do or "", got.san_pham, got.ghi_chu or "") \
            == (want_t.noi_dung, want_t.chu_tri, want_t.phoi_hop, want_t.tien_do, want_t.san_pham, want_t.ghi_chu)
    if t.columns:
        assert [c.ma for c in kh.phu_luc[0].cot] == t.columns
        groups = []

        def walk(gs):
            for g in gs:
                groups.append(g.ten)
                walk(g.nhom)
        walk(kh.phu_luc[0].nhom)
        assert len(groups) == len(t.groups)


def _notes(kh):
    from vanban.layout.prepare import body

    return [r.note[0] for p in body(kh) for r in p.runs if r.note]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_corpus_plan_re_renders_with_no_checker_error(built, name, tmp_path):
    res = api.nhap_ke_hoach(built[name].path, tmp_path / "kh.yaml")
    assert res.loi == []
    out = api.tao_ke_hoach(tmp_path / "kh.yaml", tmp_path / "out")
    docx = next(p for p in out.tep if p.suffix == ".docx")
    errors = [f for f in kiem_tra(docx) if f.severity == LOI]
    assert errors == []
    if not built[name].truth.tasks:
        assert not (tmp_path / "co-quan.yaml").exists()
        return
    reg = doc_danh_muc(tmp_path / "co-quan.yaml")
    names = {n for c in reg.co_quan for n in [c.ten, *c.ten_khac]}
    for task in built[name].truth.tasks:
        assert set(task.chu_tri) <= names


def test_guesses_are_located(built):
    r = doc_docx(built["003-tab-danh-muc"].path)
    msgs = {w.message: w.path for w in r.canh_bao}
    assert any("dấu phẩy" in m and p.startswith("bảng 1, dòng ") and ", ô 3" in p for m, p in msgs.items())
    # a Danh mục (no label, titled "DANH MỤC …", cited so) is the decree's own shape: nothing to guess
    assert not any("không có nhãn" in m or "Danh mục kèm theo" in m for m in msgs)


def test_unlabelled_annex_not_a_danh_muc_is_labelled_and_its_citation_follows(built, tmp_path):
    """An annex with neither a "Phụ lục" label nor a "DANH MỤC" title: reissued as a Phụ lục, the
    body's "Danh mục kèm theo" rewritten to match, both said with their place."""
    b = built["003-tab-danh-muc"]
    with zipfile.ZipFile(b.path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.count(">DANH MỤC") == 1
    path = replace_part(b.path, tmp_path / "bang.docx", "word/document.xml", xml.replace(">DANH MỤC", ">BẢNG"))
    r = doc_docx(path)
    msgs = {w.message: w.path for w in r.canh_bao}
    assert any("không có nhãn “Phụ lục”" in m and p.startswith("đoạn ") for m, p in msgs.items())
    assert any("Danh mục kèm theo" in m for m in msgs)
    kh = r.ke_hoach()
    assert [pl.kieu for pl in kh.phu_luc] == ["phu_luc"] and kh.phu_luc[0].ten.startswith("BẢNG")
    assert "Phụ lục kèm theo" in kh.noi_dung and "Danh mục kèm theo" not in kh.noi_dung


def test_automatic_numbering_becomes_typed_labels(built):
    r = doc_docx(built["000-tab-tu-dong"].path)
    assert r.doc.facts["auto_numbering"] > 0
    first = r.du_lieu["noi_dung"].splitlines()[0]
    assert first.startswith("I. ")


# ---- registry ---------------------------------------------------------------------------------

def test_registry_reconciles_variants_and_never_merges_one_diacritic():
    warn: list = []
    names = ["Sở Nông nghiệp và Môi trường", "Sở NN&MT", "Sở  nông nghiệp và môi trường", "UBND tỉnh",
             "Ủy ban nhân dân tỉnh", "Sở Y tế", "Sở Y tê"]
    reg = danh_muc(names, "kh.docx", warn)
    entries = {e["ten"]: e.get("ten_khac", []) for e in reg["co_quan"]}
    assert set(entries["Sở Nông nghiệp và Môi trường"]) == {"Sở NN&MT", "Sở nông nghiệp và môi trường"}
    assert "UBND tỉnh" in entries["Ủy ban nhân dân tỉnh"]
    assert "Sở Y tế" in entries and "Sở Y tê" in entries
    assert any("chỉ khác nhau dấu" in w.message and "Sở Y tê" in w.message for w in warn)
    assert is_abbreviation_of("Phòng KS&BĐKH", "Phòng Khoáng sản và Biến đổi khí hậu")
    assert not is_abbreviation_of("Sở NN&MT", "Sở Tài chính")


def test_yaml_is_block_style_quoted_where_needed_and_nfc():
    text = dump({"trich_yeu": "Về việc: thử", "so": 5, "tien_do": "2026", "noi_dung": "I. A\n- b\n",
                 "ghi_chu": "yes", "ten": "Hoa\u0300"})
    assert "noi_dung: |\n  I. A\n  - b\n" in text
    assert "tien_do: '2026'" in text and "ghi_chu: 'yes'" in text and "'Về việc: thử'" in text
    assert "Hoà" in text and "[" not in text and "{" not in text


# ---- odd documents ----------------------------------------------------------------------------------

def _doc(tmp_path: Path, name: str, lines: list[str], page_break_table: bool = False) -> Path:
    d = Document()
    for t in lines:
        p = d.add_paragraph()
        r = p.add_run(t)
        r.font.size = Pt(14)
    if page_break_table:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        t = d.add_table(rows=3, cols=3)
        for c, v in zip(t.rows[0].cells, ("STT", "Nội dung công việc", "Đơn vị thực hiện")):
            c.text = v
        for c, v in zip(t.rows[1].cells, ("1", "Thu gom rác", "Xã A")):
            c.text = v
        for c, v in zip(t.rows[2].cells, ("2", "Trồng cây", "Xã B; Xã C")):
            c.text = v
    path = tmp_path / name
    d.save(str(path))
    return path


def test_empty_document_is_refused_with_a_message(tmp_path):
    with pytest.raises(InputError) as e:
        doc_docx(_doc(tmp_path, "rong.docx", []))
    assert "không có chữ" in str(e.value)


def test_not_a_docx_is_refused_with_a_message(tmp_path):
    f = tmp_path / "x.docx"
    f.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(InputError) as e:
        doc_docx(f)
    assert "x.docx" in str(e.value)


def test_no_header_no_annex_reads_what_is_there(tmp_path):
    r = doc_docx(_doc(tmp_path, "kh.docx", ["I. MỤC ĐÍCH", "1. Tuyên truyền", "- Tổ chức hội nghị."]))
    assert r.du_lieu["noi_dung"].splitlines() == ["I. MỤC ĐÍCH", "1. Tuyên truyền", "- Tổ chức hội nghị."]
    said = " ".join(w.message for w in r.canh_bao)
    assert "Quốc hiệu" in said and "tên cơ quan ban hành" in said and "người ký" in said
    assert "phu_luc" not in r.du_lieu


def test_plain_table_after_a_page_break_maps_its_columns(tmp_path):
    r = doc_docx(_doc(tmp_path, "kh.docx", ["KẾ HOẠCH", "Thu gom rác", "I. NỘI DUNG", "Nơi nhận:",
                                            "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC",
                                            "DANH MỤC NHIỆM VỤ"], page_break_table=True))
    pl = r.du_lieu["phu_luc"][0]
    assert [c if isinstance(c, str) else c["ma"] for c in pl["cot"]] == ["tt", "noi_dung", "chu_tri"]
    assert pl["cot"][0] == {"ma": "tt", "tieu_de": "STT"}
    tasks = pl["nhiem_vu"]
    assert [t["chu_tri"] for t in tasks] == [["Xã A"], ["Xã B", "Xã C"]]
    assert any("cơ quan chủ trì" in w.message and w.path == "bảng 1, dòng 1, ô 3" for w in r.canh_bao)


def test_report_instead_of_a_plan(made, tmp_path):
    r = doc_docx(_doc(tmp_path, "bc.docx", ["BÁO CÁO", "Kết quả thực hiện năm 2026", "I. KẾT QUẢ",
                                            "Đã hoàn thành."]))
    assert r.du_lieu["loai"] == "BC"
    assert any("Báo cáo, không phải Kế hoạch" in w.message for w in r.canh_bao)


# ---- what nhap reads through the shared reader ----------------------------------------------------

def _tasks_recovered(kh, truth) -> None:
    tasks = [x for pl in kh.phu_luc for x in pl.all_tasks()]
    assert [(plain(x.noi_dung), x.chu_tri, x.phoi_hop, x.tien_do or "") for x in tasks] == \
        [(t.noi_dung, t.chu_tri, t.phoi_hop, t.tien_do) for t in truth.tasks]


@pytest.mark.parametrize("annex_label", ["inline", "none"])
def test_annex_label_typed_with_its_title_or_left_out(tmp_path, annex_label):
    """"Phụ lục: TITLE" in one paragraph, or the bold title alone: the annex, its title and every
    task are read where the shared reader starts the annex; kiemtra sees the same annex."""
    from corpus import build, seed_plan
    from vanban.check import doc_van_ban
    b = build(seed_plan("001"), tmp_path / "a.docx", annex_label=annex_label)
    r = doc_docx(b.path)
    assert r.loi == []
    kh = r.ke_hoach()
    assert [pl.ten for pl in kh.phu_luc] == [b.truth.annex_title] and kh.phu_luc[0].kieu == "phu_luc"
    _tasks_recovered(kh, b.truth)
    shared = doc_van_ban(b.path).annexes
    assert len(shared) == 1 and (shared[0].label is None) == (annex_label == "none")
    msgs = [w.message for w in r.canh_bao]
    assert not any("không thuộc phụ lục nào" in m or "không có nhãn “Phụ lục”; coi là" in m for m in msgs), msgs
    assert any("không có nhãn “Phụ lục”" in m for m in msgs) == (annex_label == "none")


def test_signer_block_in_paragraphs_is_the_shared_readers(built):
    """A signer typed as paragraphs above a Nơi nhận of its own: nhap takes the lines kiemtra
    judges (the shared reader's), nothing of the body is taken for them."""
    from vanban.check import doc_van_ban
    b = built["001-doan-chu-ky"]
    shared = doc_van_ban(b.path)
    assert shared.signer.layout == "paragraphs" and [x.text for x in shared.signer.lines] == b.truth.signer
    r = doc_docx(b.path)
    assert r.doc.facts.get("signer_paragraphs")
    kh = r.ke_hoach()
    assert kh.nguoi_ky.ho_ten == shared.signer.name.text == b.truth.name
    assert noi_nhan(kh) == b.truth.noi_nhan
    assert kh.noi_dung.rstrip().endswith(unmarked(b.truth.body[-1][2]).removesuffix("./."))
