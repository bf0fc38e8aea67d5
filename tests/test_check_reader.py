"""The reader's structure (vanban.check.doc_van_ban) on the hand-made corpus: every header value,
body paragraph, footnote, signer line, recipient, annex and task is recovered as typed."""

from __future__ import annotations

import pytest

from vanban.check import DocxReadError, doc_van_ban
from tests.check_fixtures import handmade
from tests.corpus import COLUMN_CODES, VARIANTS, corpus


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = corpus(tmp_path_factory.mktemp("corpus"))
    return {name: (b, doc_van_ban(b.path)) for name, b in out.items()}


NAMES = sorted(VARIANTS)


@pytest.mark.parametrize("name", NAMES)
def test_header_values(built, name):
    b, r = built[name]
    t, h = b.truth, r.header
    assert [x.text for x in h.chu_quan] == t.chu_quan
    assert [x.text for x in h.co_quan] == t.co_quan
    assert (h.so, h.ky_hieu, h.dia_danh, h.ngay) == (t.so, t.ky_hieu, t.dia_danh, t.ngay)
    assert h.so_line.text == t.so_line and h.date_line.text == t.date_line
    assert h.quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and h.quoc_hieu_exact
    assert h.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert h.layout == ("tabs" if b.options["header"] == "tabs" else "table")
    if h.layout == "tabs":  # the parts of the lines laid out with tabs, placed by column
        assert h.quoc_hieu.place.column == 2 and h.so_line.place.column == 1 and h.date_line.place.column == 2
        assert h.quoc_hieu.place.text.endswith("bên phải") and h.co_quan[0].place.text.endswith("bên trái")
    else:
        assert h.so_line.place.table == 0 and h.so_line.place.cell == 1 and h.date_line.place.cell == 2
    if b.options["motto"] == "break":
        assert h.tieu_ngu.place.text.endswith("dòng chữ 2") and h.quoc_hieu.place.paragraph + 1 == h.tieu_ngu.place.paragraph


@pytest.mark.parametrize("name", NAMES)
def test_title_and_body(built, name):
    b, r = built[name]
    t = b.truth
    assert r.ten_loai.text == t.ten_loai and r.loai == "KH"
    assert " ".join(x.text for x in r.trich_yeu) == t.trich_yeu
    assert [(p.level, p.number, p.text) for p in r.body] == t.body
    automatic = b.options["numbering"] == "auto"
    numbered = [p for p in r.body if p.level in ("muc", "khoan", "tieu_khoan", "diem")]
    assert numbered and all(p.automatic == automatic for p in numbered)
    assert all(p.label and p.text.startswith(p.label) for p in numbered)
    assert not any(p.automatic for p in r.body if p.level in ("gach", "doan"))
    places = [p.place.paragraph for p in r.body]
    assert places == sorted(places) and all(p.place.text.startswith("đoạn ") for p in r.body)


def test_automatic_numbers_are_rendered_in_order(built):
    _, r = built["000-tab-tu-dong"]
    labels = [p.label for p in r.body if p.automatic]
    assert labels[:4] == ["I.", "1.", "a)", "b)"]
    assert "1.1." in labels and "3.7." in labels and labels.count("III.") == 1
    assert labels.index("II.") < labels.index("1.1.") < labels.index("III.")


@pytest.mark.parametrize("name", NAMES)
def test_footnotes(built, name):
    b, r = built[name]
    body_notes = [r.notes[i].text for p in r.body for i in p.notes]
    assert body_notes == b.truth.body_notes
    for note in r.notes.values():
        assert note.anchor is not None and note.place.startswith("chú thích cuối trang")
    assert sorted(n.number for n in r.notes.values()) == list(range(1, len(r.notes) + 1))


@pytest.mark.parametrize("name", NAMES)
def test_signer_and_recipients(built, name):
    b, r = built[name]
    t = b.truth
    assert [x.text for x in r.signer.lines] == t.signer and r.signer.name.text == t.name
    assert r.signer.layout == b.options["signer"]
    assert r.noi_nhan_heading.text == "Nơi nhận:"
    assert [x.text for x in r.noi_nhan] == t.noi_nhan
    if r.signer.layout == "tabs":
        assert r.noi_nhan_heading.place.column == 1 and r.signer.lines[0].place.column == 2


def _tasks(table, reading):
    """The task rows of a table as the corpus's ground truth writes them, with their groups."""
    codes = [COLUMN_CODES.get(c) for c in table.columns]
    out, path = [], []
    for row in table.rows:
        if row.kind == "group":
            path = path[:row.level - 1] + [" ".join(c.text for c in row.cells if c.text and not c.merged)]
            continue
        if row.kind != "task":
            continue
        v = {codes[c.grid]: c.text for c in row.cells if codes[c.grid]}
        notes = [reading.notes[n].text for c in row.cells for n in c.notes]
        out.append(dict(tt=v["tt"], noi_dung=v["noi_dung"], chu_tri=[s.strip() for s in v["chu_tri"].split(";") if s.strip()],
                        phoi_hop=[s.strip() for s in v["phoi_hop"].split(";") if s.strip()], tien_do=v["tien_do"],
                        san_pham=v.get("san_pham"), ghi_chu=v.get("ghi_chu", ""), groups=list(path),
                        note=notes[0] if notes else None))
    return out


@pytest.mark.parametrize("name", [n for n in NAMES if VARIANTS[n][0] != "000"])
def test_annex_tasks(built, name):
    b, r = built[name]
    t = b.truth
    assert len(r.annexes) == 1
    a = r.annexes[0]
    assert (a.label.text if a.label else None) == t.annex_label
    assert [x.text for x in a.title] == [t.annex_title]
    assert a.kem_theo.text == t.kem_theo and a.kem_theo_parts.ky_hieu == t.ky_hieu
    assert a.section == (1 if b.options["annex"] == "section" else 0)
    assert len(a.tables) == 1
    table = a.tables[0]
    assert table.columns == t.column_titles
    assert _tasks(table, r) == [vars(x) for x in t.tasks]
    headers = [row for row in table.rows if row.kind == "header"]
    assert headers[0].repeat_header and headers[0].index == 1
    if b.options["repeat_rows"]:  # the title row typed again inside the table: a header, not a task
        assert len(headers) > 1 and not any(h.repeat_header for h in headers[1:])
    groups = [" ".join(c.text for c in row.cells if c.text) for row in table.rows if row.kind == "group"]
    assert groups == t.groups


def test_merged_cells_give_their_value_to_each_row(built):
    b, r = built["001-bang-ngang"]
    table = r.annexes[0].tables[0]
    merged = [c for row in table.rows for c in row.cells if c.merged]
    assert merged and all(c.text for c in merged)
    groups = [row for row in table.rows if row.kind == "group"]
    assert [g.level for g in groups] == [1, 1, 2, 2, 2, 2, 2, 2]
    assert groups[0].cells[0].span == 7 and groups[2].cells[1].span == 6


def test_task_numbers_with_a_dot_are_tasks(built):
    _, r = built["001-bang-ngang"]
    tts = [row.cells[0].text for row in r.annexes[0].tables[0].rows if row.kind == "task"]
    assert tts[:3] == ["1.", "2.", "3."] and len(tts) == 27


def test_places_of_table_cells(built):
    _, r = built["003-bang-lap-tieu-de"]
    table = r.annexes[0].tables[0]
    row = next(row for row in table.rows if row.kind == "task")
    c = row.cells[1]
    assert c.place.table == table.index and c.place.row == row.index and c.place.cell == 2
    assert c.place.text.startswith(f"bảng {table.index + 1}, dòng {row.index}, ô 2")


def test_plain_handmade_document(tmp_path):
    """The checker's own fixture (a Kế hoạch in a header table, no annex) reads too."""
    r = doc_van_ban(handmade(tmp_path / "a.docx"))
    # its first agency line is not bold: read as the chủ quản, as the rules read it
    assert [x.text for x in r.header.chu_quan] == ["ỦY BAN NHÂN DÂN"] and r.header.so == "15"
    assert [x.text for x in r.header.co_quan] == ["XÃ MINH TÂN"]
    assert r.header.ngay == (5, 1, 2026) and r.signer.lines[0].text == "TM. ỦY BAN NHÂN DÂN"
    assert r.annexes == [] and r.body[-1].text.endswith("./.")


def test_unreadable_file_is_a_read_error(tmp_path):
    bad = tmp_path / "a.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(DocxReadError, match="a.docx"):
        doc_van_ban(bad)


def test_value_word_never_writes_is_a_read_error(tmp_path):
    from tests.check_fixtures import mutate
    bad = mutate(handmade(tmp_path / "a.docx"), tmp_path / "b.docx", "word/document.xml", 'w:val="26"',
                 'w:val="1e400"')
    with pytest.raises(DocxReadError, match=r"b\.docx: phần word/document\.xml.*1e400"):
        doc_van_ban(bad)


def test_kinh_gui_names_one_a_line_with_empty_lines_between(tmp_path):
    """Kính gửi read once, for kiemtra and nhap: names "- …;" or "+ …" one a line, empty lines
    between them skipped; the body starts after the last name."""
    from tests.check_fixtures import BODY
    from vanban.nhap import doc_docx

    body = ["Kính gửi:", "", "- Sở Tài nguyên và Môi trường;", "", "+ Ủy ban nhân dân các xã."] + BODY
    path = handmade(tmp_path / "a.docx", body=body)
    r = doc_van_ban(path)
    assert [x.text for x in r.kinh_gui] == ["Kính gửi:", "- Sở Tài nguyên và Môi trường;",
                                            "+ Ủy ban nhân dân các xã."]
    assert r.body[0].text == BODY[0]
    kq = doc_docx(path)
    assert kq.doc.kinh_gui == ["Sở Tài nguyên và Môi trường", "Ủy ban nhân dân các xã"]
    assert kq.doc.body[0][0] == BODY[0]


def test_signer_typed_as_paragraphs_under_the_recipients(tmp_path):
    """The signer's paragraphs typed under "Nơi nhận:" and its list instead of above it: the same
    signer, recipients and body for kiemtra and nhap."""
    from docx import Document
    from docx.oxml.ns import qn

    from tests.corpus import build, seed_plan
    from vanban.nhap import doc_docx

    b = build(seed_plan("003"), tmp_path / "a.docx", signer="paragraphs")
    d = Document(str(b.path))
    ps = list(d.element.body.iterchildren())
    texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in ps]
    first, name, last_item = texts.index(b.truth.signer[0]), texts.index(b.truth.name), texts.index(b.truth.noi_nhan[-1])
    assert first < name < last_item
    for p in reversed(ps[first:name + 1]):
        ps[last_item].addnext(p)
    d.save(str(tmp_path / "duoi.docx"))
    r = doc_van_ban(tmp_path / "duoi.docx")
    assert r.signer.layout == "paragraphs" and [x.text for x in r.signer.lines] == b.truth.signer
    assert r.signer.name.text == b.truth.name and [x.text for x in r.noi_nhan] == b.truth.noi_nhan
    assert [(p.level, p.number, p.text) for p in r.body] == b.truth.body
    assert len(r.annexes) == 1 and len(r.annexes[0].tables) == 1
    kh = doc_docx(tmp_path / "duoi.docx").ke_hoach()
    assert kh.nguoi_ky.ho_ten == b.truth.name and len(kh.phu_luc) == 1
