"""Templates the user owns, as a province meets them: ``vanban mau xuat`` copies the built-in
templates out, the clerk opens and saves them in LibreOffice (which renames every style id and
drops the empty footnotes part), restyles the body, and every command renders with ``--mau``:
the documents pass the checker, carry the restyle and keep their footnotes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt
from openpyxl import Workbook, load_workbook

from vanban.load.phieu import doc_phieu
from vanban.resources import TEMPLATE_FILES, template_file, templates_dir
from tests.conftest import PLANS, ROOT
from tests.docx_helpers import W, paragraphs, part_xml, size_pt

PERIOD = ROOT / "data" / "bao-cao" / "hung-yen-2026"
BODY = "Thân văn bản (ND30)"
CELL = "VB Nội dung"


def vanban(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def resave(files: list[Path], out: Path, filter_: str, profile: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice (soffice) is required: run ./setup.sh")
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", filter_,
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    work = tmp_path_factory.mktemp("xuat")
    return work / "mau-goc", vanban("mau", "xuat", "mau-goc", cwd=work)


@pytest.fixture(scope="module")
def mau(exported, tmp_path_factory) -> Path:
    """The exported templates, each .docx and .xlsx re-saved by LibreOffice, the body style
    (by name) set to 13 pt and the table cell style "VB Nội dung" to 11 pt."""
    src, _ = exported
    folder = tmp_path_factory.mktemp("tinh") / "mau"
    profile = tmp_path_factory.mktemp("lo-profile")
    (folder / "docx").mkdir(parents=True)
    (folder / "xlsx").mkdir()
    resave(sorted((src / "docx").glob("*.docx")), folder / "docx", 'docx:MS Word 2007 XML', profile)
    resave(sorted((src / "xlsx").glob("*.xlsx")), folder / "xlsx", 'xlsx:Calc MS Excel 2007 XML', profile)
    for f in sorted((folder / "docx").glob("*.docx")):
        doc = Document(str(f))
        doc.styles[BODY].font.size = Pt(13)
        doc.save(str(f))
    wb = load_workbook(folder / "xlsx" / "phu-luc.xlsx")
    next(s for s in wb._named_styles if s.name == CELL).font.sz = 11
    wb.save(folder / "xlsx" / "phu-luc.xlsx")
    return folder


def check(files: list[Path], cwd: Path) -> list[dict]:
    r = vanban("kiemtra", "--json", *files, cwd=cwd)
    assert "Traceback" not in r.stderr
    return json.loads(r.stdout)


def assert_restyled(docx: Path) -> None:
    """The output's style named BODY is 13 pt and the body paragraphs in it are 13 pt."""
    doc = Document(str(docx))
    style = doc.styles[BODY]
    assert style.font.size == Pt(13)
    body = [p for p in paragraphs(doc.element.body)
            if (ps := p.find(f"{W}pPr/{W}pStyle")) is not None and ps.get(f"{W}val") == style.style_id]
    assert body, f"{docx}: no paragraph in the style “{BODY}”"
    assert {size_pt(doc, p) for p in body} == {13}


# ---- vanban mau xuat -------------------------------------------------------------------------

def test_export_writes_every_template_and_a_readme(exported):
    folder, r = exported
    assert r.returncode == 0, r.stderr
    for kind, names in TEMPLATE_FILES.items():
        for name in names:
            copy = folder / kind / name
            assert copy.read_bytes() == (templates_dir(kind) / name).read_bytes()
            assert f"Đã ghi: mau-goc/{kind}/{name}" in r.stdout
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "--mau" in readme and "Mục I. (ND30)" in readme and "VB Nội dung" in readme
    assert "Đã ghi: mau-goc/README.txt" in r.stdout


def test_export_never_overwrites_unless_asked(tmp_path):
    assert vanban("mau", "xuat", "m", cwd=tmp_path).returncode == 0
    mine = tmp_path / "m" / "docx" / "ke-hoach.docx"
    mine.write_bytes(b"my own template")
    r = vanban("mau", "xuat", "m", cwd=tmp_path)
    assert r.returncode == 1 and "tệp đã tồn tại; dùng --ghi-de" in r.stderr
    assert mine.read_bytes() == b"my own template"
    r = vanban("mau", "xuat", "m", "--ghi-de", cwd=tmp_path)
    assert r.returncode == 0 and mine.read_bytes() == template_file("docx", "ke-hoach.docx").read_bytes()


# ---- templates re-saved by LibreOffice -----------------------------------------------------------

def test_resaved_template_has_other_style_ids_and_no_footnotes(mau):
    """What makes this hard: after LibreOffice no style keeps its built-in id, and the footnotes
    part is gone."""
    doc = Document(str(mau / "docx" / "ke-hoach.docx"))
    assert doc.styles["Mục I. (ND30)"].style_id != "VBMuc"
    with zipfile.ZipFile(mau / "docx" / "ke-hoach.docx") as z:
        assert "word/footnotes.xml" not in z.namelist()


def test_every_sample_plan_with_resaved_templates(mau, tmp_path):
    plans = sorted(PLANS.glob("*.yaml"))
    for plan in plans:
        r = vanban("kehoach", plan, "-o", "out", "--mau", mau, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    docx = [tmp_path / "out" / f"{p.stem}.docx" for p in plans]
    for result in check(docx, tmp_path):
        assert result["so_loi"] == 0, result
    for f in docx:
        assert_restyled(f)
    # the plan with footnotes has them, in the template's own footnote styles
    notes = part_xml(tmp_path / "out" / "hung-yen-132.docx", "word/footnotes.xml")
    real = [n for n in notes.iter(f"{W}footnote") if int(n.get(f"{W}id")) > 0]
    assert real and "Theo số liệu quan trắc" in "".join(t.text for t in real[0].iter(f"{W}t"))
    doc = Document(str(tmp_path / "out" / "hung-yen-132.docx"))
    refs = doc.element.body.findall(f".//{W}footnoteReference")
    assert len(refs) == len(real)
    ref_style = refs[0].getparent().find(f"{W}rPr/{W}rStyle").get(f"{W}val")
    assert ref_style != "FootnoteReference" and doc.styles.element.get_by_id(ref_style) is not None
    # the annex workbook carries the restyled cell style
    wb = load_workbook(tmp_path / "out" / "hung-yen-132-phu-luc.xlsx")
    assert next(s for s in wb._named_styles if s.name == CELL).font.sz == 11
    ws = wb.worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if c.style == CELL and c.value]
    assert cells and {c.font.sz for c in cells} == {11}


def test_demo_with_resaved_templates(mau, tmp_path):
    r = vanban("demo", "-o", "out", "--mau", mau, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    checked = [ln for ln in r.stdout.splitlines() if ln.startswith("Kiểm tra thể thức")]
    docx = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(checked) == len(docx) and all(": 0 lỗi" in ln for ln in checked)
    for f in docx:
        assert_restyled(f)


def test_reporting_cycle_with_resaved_templates(mau, tmp_path):
    """bieumau, baocao and tonghop, each with --mau, on the sample period."""
    plan = PLANS / "hung-yen-132.yaml"  # the plan of the sample period
    r = vanban("bieumau", plan, "--ky", "2026", "-o", "phieu", "--mau", mau, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    forms = sorted((tmp_path / "phieu").glob("*.xlsx"))
    assert forms
    for f in forms:  # a form made from the re-saved template reads back as a form
        assert doc_phieu(f).co_quan
    returns = sorted((PERIOD / "phieu").glob("0[1-7]*.xlsx"))
    for f in returns[:2]:
        r = vanban("baocao", f, "-o", "bao-cao", "--mau", mau, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
    r = vanban("tonghop", plan, PERIOD / "phieu", "--thong-tin", PERIOD / "thong-tin.yaml", "-o", "tong-hop",
               "--mau", mau, cwd=tmp_path)
    # 3: written, with the sample's two returns not counted (one with errors, one superseded)
    assert r.returncode == 3, r.stderr
    docx = sorted((tmp_path / "bao-cao").glob("*.docx")) + sorted((tmp_path / "tong-hop").glob("*.docx"))
    assert len(docx) == 4  # two agency reports, the consolidated report, the reminder
    for result in check(docx, tmp_path):
        assert result["so_loi"] == 0, result
    for f in docx:
        assert_restyled(f)


# ---- what a template may not lose -------------------------------------------------------------

def test_template_without_a_required_style(mau, tmp_path):
    own = tmp_path / "mau"
    shutil.copytree(mau, own)
    f = own / "docx" / "ke-hoach.docx"
    doc = Document(str(f))
    doc.styles["Mục I. (ND30)"].delete()
    doc.save(str(f))
    r = vanban("kehoach", PLANS / "hung-yen-132.yaml", "-o", "out", "--mau", own, cwd=tmp_path)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert f"{f}: mẫu .docx thiếu kiểu đoạn “Mục I. (ND30)”" in r.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_template_without_the_footnote_styles(tmp_path):
    """The footnote styles are needed only by a document with footnotes; their absence is named."""
    f = tmp_path / "mau" / "docx" / "ke-hoach.docx"
    f.parent.mkdir(parents=True)
    doc = Document(str(template_file("docx", "ke-hoach.docx")))
    doc.styles["footnote reference"].delete()
    doc.save(str(f))
    r = vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", "a", "--mau", tmp_path / "mau", cwd=tmp_path)
    assert r.returncode == 0, r.stderr  # no footnotes in this plan
    r = vanban("kehoach", PLANS / "hung-yen-132.yaml", "-o", "b", "--mau", tmp_path / "mau", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "kiểu ký tự “footnote reference”" in r.stderr and str(f) in r.stderr


def test_template_without_the_body_tag(tmp_path):
    f = tmp_path / "mau" / "docx" / "ke-hoach.docx"
    f.parent.mkdir(parents=True)
    doc = Document(str(template_file("docx", "ke-hoach.docx")))
    paras = doc.paragraphs
    start = next(i for i, p in enumerate(paras) if "than_van" in p.text)
    end = next(i for i in range(start, len(paras)) if "endfor" in paras[i].text)
    for p in paras[start:end + 1]:
        p._element.getparent().remove(p._element)
    doc.save(str(f))
    r = vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", "out", "--mau", tmp_path / "mau", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{f}: mẫu .docx thiếu thẻ “{{%p for d in than_van %}}" in r.stderr


def test_xlsx_template_without_a_named_style(tmp_path):
    f = tmp_path / "mau" / "xlsx" / "phu-luc.xlsx"
    f.parent.mkdir(parents=True)
    wb = load_workbook(template_file("xlsx", "phu-luc.xlsx"))
    wb._named_styles = type(wb._named_styles)([s for s in wb._named_styles if s.name != "VB Nhóm"])
    wb.save(f)
    r = vanban("kehoach", PLANS / "hung-yen-132.yaml", "-o", "out", "--mau", tmp_path / "mau", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{f}: mẫu .xlsx thiếu kiểu ô “VB Nhóm”" in r.stderr


# ---- the --mau folder itself ---------------------------------------------------------------------

def test_missing_folder(tmp_path):
    r = vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", "out", "--mau", "khong-co", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "khong-co, --mau: không tìm thấy thư mục mẫu" in r.stderr
    assert not (tmp_path / "out").exists()


def test_file_of_the_wrong_kind(tmp_path):
    (tmp_path / "mau" / "docx").mkdir(parents=True)
    Workbook().save(tmp_path / "mau" / "docx" / "ke-hoach.docx")  # a workbook named as the Word template
    (tmp_path / "mau" / "docx" / "bao-cao.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    r = vanban("demo", "-o", "out", "--mau", "mau", cwd=tmp_path)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert ("mau/docx/ke-hoach.docx: tệp là bảng tính Excel (.xlsx), không phải văn bản Word (.docx)"
            in r.stderr)
    assert "mau/docx/bao-cao.docx: tệp dạng Word 97-2003 (.doc)" in r.stderr
    assert not (tmp_path / "out").exists()


def test_template_in_the_wrong_place_and_unknown_files(tmp_path):
    (tmp_path / "mau" / "docx").mkdir(parents=True)
    shutil.copyfile(template_file("docx", "ke-hoach.docx"), tmp_path / "mau" / "ke-hoach.docx")
    r = vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", "out", "--mau", "mau", cwd=tmp_path)
    assert r.returncode == 1
    assert "mau/ke-hoach.docx: tệp mẫu phải nằm trong thư mục con docx/" in r.stderr
    (tmp_path / "mau" / "ke-hoach.docx").rename(tmp_path / "mau" / "docx" / "ke-hoach-cu.docx")
    r = vanban("kehoach", PLANS / "quang-tri-snnmt.yaml", "-o", "out", "--mau", "mau", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Cảnh báo: mau/docx/ke-hoach-cu.docx: không phải tên tệp mẫu nào nên không được dùng" in r.stderr


def test_a_file_present_wins_the_rest_is_built_in(tmp_path):
    (tmp_path / "docx").mkdir()
    mine = tmp_path / "docx" / "ke-hoach.docx"
    shutil.copyfile(template_file("docx", "ke-hoach.docx"), mine)
    assert template_file("docx", "ke-hoach.docx", tmp_path) == mine
    assert template_file("docx", "bao-cao.docx", tmp_path) == templates_dir("docx") / "bao-cao.docx"
    assert template_file("xlsx", "phu-luc.xlsx", tmp_path) == templates_dir("xlsx") / "phu-luc.xlsx"


def test_own_html_template_for_the_pdf(tmp_path):
    from vanban.load import load_plan
    from vanban.render.pdf_ke_hoach import BangVe, render_html

    (tmp_path / "html").mkdir()
    page = (templates_dir("html") / "ke-hoach.html").read_text(encoding="utf-8")
    (tmp_path / "html" / "ke-hoach.html").write_text(page.replace("</body>", "<p>MẪU CỦA TỈNH</p></body>"),
                                                     encoding="utf-8")
    kh = load_plan(PLANS / "hung-yen-132.yaml")
    pages = render_html(kh, mau=tmp_path)
    assert "MẪU CỦA TỈNH" in pages[0]
    assert all(isinstance(p, BangVe) for p in pages[1:])  # phu-luc.html: the built-in one, drawn
    assert all("MẪU CỦA TỈNH" not in p for p in render_html(kh, mau=tmp_path, ve_bang=False)[1:])
    assert "MẪU CỦA TỈNH" not in render_html(kh)[0]
