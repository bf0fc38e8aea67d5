"""Extra fields (``truong_them``) of a plan and of a period file, reaching the Word and HTML
templates a province edits as ``{{ truong_them.<name> }}``."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pdfplumber
import pytest
from docx import Document

from vanban import api
from vanban.errors import InputError, TemplateError
from vanban.load import load_plan
from vanban.model.van_ban_di import BangPhuLuc, VanBanDi
from vanban.load.yaml_file import load_model
from vanban.model.ky_bao_cao import ThongTinKy
from vanban.model.truong_them import TEN_MAU
from vanban.render import docx_ke_hoach, docx_van_ban, pdf_ke_hoach, pdf_van_ban
from vanban.render.docx_common import Geometry, open_template
from vanban.oxml.footnotes import FootnoteCollector
from tests.conftest import PLANS, ROOT
from tests.docx_helpers import docx_text
from tests.test_cot_moi import PLAN

FIELDS = """\
truong_them:
  nguoi_lien_he: Trần Thị Bình
  so_dien_thoai:
    - "0233 3852 123"
    - "0912 345 678"
"""
DOCX = ROOT / "templates" / "docx"
HTML = ROOT / "templates" / "html"
LIEN_HE = "Người liên hệ: {{ truong_them.nguoi_lien_he }}, điện thoại {{ truong_them.so_dien_thoai|join('; ') }}"
LIEN_HE_PL = "Liên hệ về phụ lục: {{ truong_them.nguoi_lien_he }}"
SHOWN = "Người liên hệ: Trần Thị Bình, điện thoại 0233 3852 123; 0912 345 678"
SHOWN_PL = "Liên hệ về phụ lục: Trần Thị Bình"


def _plan(folder: Path, text: str = PLAN + FIELDS) -> Path:
    plan = folder / "cong-trinh.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def _add_after(doc, anchor: str, text: str) -> None:
    """A paragraph typed in Word after the paragraph whose text is ``anchor``, in its style."""
    (p,) = [p for p in doc.paragraphs if p.text == anchor] or [
        p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs if p.text == anchor][:1]
    new = copy.deepcopy(p._p)
    p._p.addnext(new)
    runs = new.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}r")
    for r in runs[1:]:
        r.getparent().remove(r)
    t = runs[0].find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")
    t.text = text


def _docx_template(target: Path, name: str, lines: list[tuple[str, str]]) -> Path:
    doc = Document(str(DOCX / name))
    for anchor, text in lines:
        _add_after(doc, anchor, text)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


def _mau(folder: Path, main: str = LIEN_HE, annex: str = LIEN_HE_PL) -> Path:
    """A province's templates folder: the Word plan template and the HTML pages with the extra
    fields under the signature and under each annex table."""
    mau = folder / "mau"
    _docx_template(mau / "docx" / "ke-hoach.docx", "ke-hoach.docx",
                   [("{{ ho_ten }}", main), ("{{p pl.bang }}", annex)])
    shutil.copytree(HTML, mau / "html")
    page = mau / "html" / "ke-hoach.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        '<p class="ho-ten">{{ ho_ten }}</p>', f'<p class="ho-ten">{{{{ ho_ten }}}}</p>\n      <p>{main}</p>'),
        encoding="utf-8")
    annex_page = mau / "html" / "phu-luc.html"
    annex_page.write_text(annex_page.read_text(encoding="utf-8").replace(
        "  </table>\n", f"  </table>\n  <p>{annex}</p>\n"), encoding="utf-8")
    for f in ("van-ban.html", "van-ban-phu-luc.html", "nd30.css"):
        (mau / "html" / f).unlink()  # only the files changed are kept
    return mau


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("truong-them")
    api.tao_ke_hoach(_plan(folder), folder / "out", pdf=True, mau=_mau(folder))
    return folder / "out"


def test_fields_reach_the_docx_body_and_annex(written):
    doc = Document(str(written / "cong-trinh.docx"))
    signature = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert SHOWN in signature
    texts = [p.text for p in doc.paragraphs]
    assert SHOWN_PL in texts
    # under the annex table, in the annex's landscape section
    body = list(doc.element.body)
    table = doc.tables[-1]._tbl
    assert body.index(table) < next(i for i, el in enumerate(body) if el.xpath("string(.)") == SHOWN_PL)


def test_fields_reach_the_pdf_pages_and_annex(written):
    with pdfplumber.open(str(written / "cong-trinh.pdf")) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    assert SHOWN in pages[0]
    annex = next(p for p in pages if "DANH MỤC CÔNG TRÌNH" in p)
    assert SHOWN_PL in annex


def test_html_escapes_the_values(tmp_path):
    plan = _plan(tmp_path, PLAN + "truong_them:\n  nguoi_lien_he: \"<b>A</b> & B\"\n  so_dien_thoai: \"1\"\n")
    pages = pdf_ke_hoach.render_html(load_plan(plan), mau=_mau(tmp_path))
    assert "Người liên hệ: &lt;b&gt;A&lt;/b&gt; &amp; B, điện thoại 1" in pages[0]
    assert "Liên hệ về phụ lục: &lt;b&gt;A&lt;/b&gt; &amp; B" in pages[1]


def test_the_annex_xlsx_is_the_task_table_only(written):
    """The annex workbook is not a template: its cells are the annex's, extra fields do not appear."""
    from openpyxl import load_workbook

    wb = load_workbook(written / "cong-trinh-phu-luc.xlsx")
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert "Nguồn vốn" in texts and not any("Trần Thị Bình" in str(t) for t in texts)


def test_a_field_the_data_lacks_is_named_in_the_docx_template(tmp_path):
    plan = _plan(tmp_path, PLAN)  # no truong_them at all
    mau = _mau(tmp_path)
    with pytest.raises(TemplateError) as e:
        api.tao_ke_hoach(plan, tmp_path / "out", mau=mau)
    message = str(e.value)
    assert message.startswith(str(mau / "docx" / "ke-hoach.docx"))
    assert "mẫu dùng biến “truong_them.nguoi_lien_he” không có trong dữ liệu" in message
    assert "đoạn “Người liên hệ: {{ truong_them.nguoi_lien_he }}" in message
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_field_the_data_lacks_is_named_in_the_html_template(tmp_path):
    plan = _plan(tmp_path, PLAN + "truong_them:\n  nguoi_lien_he: Trần Thị Bình\n")  # no so_dien_thoai
    mau = _mau(tmp_path)
    with pytest.raises(TemplateError) as e:
        pdf_ke_hoach.render_html(load_plan(plan), mau=mau)
    message = str(e.value)
    assert message.startswith(f"{mau / 'html' / 'ke-hoach.html'}, dòng ")
    assert "mẫu dùng biến “truong_them.so_dien_thoai” không có trong dữ liệu" in message


def test_a_template_may_test_whether_a_field_is_given(tmp_path):
    optional = "{% if truong_them.nguoi_lien_he is defined %}Liên hệ: {{ truong_them.nguoi_lien_he }}{% endif %}"
    mau = _mau(tmp_path, main=optional, annex=optional)
    without = pdf_ke_hoach.render_html(load_plan(_plan(tmp_path, PLAN)), mau=mau)
    assert "Liên hệ:" not in without[0]
    with_field = pdf_ke_hoach.render_html(load_plan(_plan(tmp_path, PLAN + FIELDS)), mau=mau)
    assert "Liên hệ: Trần Thị Bình" in with_field[0] and "Liên hệ: Trần Thị Bình" in with_field[1]


def _problems(tmp_path: Path, fields: str) -> list:
    text = PLAN + "truong_them:\n" + fields
    with pytest.raises(InputError) as e:
        load_plan(_plan(tmp_path, text))
    return [(p.path, p.line, p.message) for p in e.value.problems]


@pytest.mark.parametrize("name, words", [
    ("Nguoi_lien_he", "không hợp lệ"),
    ("nguoi-lien-he", "không hợp lệ"),
    ("người_liên_hệ", "không hợp lệ"),
    ("_an", "không hợp lệ"),
    ("x" * 51, "tối đa 50 ký tự"),
    ("trich_yeu", "trùng tên có sẵn"),
    ("ho_ten", "trùng tên có sẵn"),
    ("phu_luc", "trùng tên có sẵn"),
    ("items", "trùng tên một thao tác của mẫu"),
    ("get", "trùng tên một thao tác của mẫu"),
])
def test_bad_names_are_located(tmp_path, name, words):
    line = PLAN.count("\n") + 2
    ((path, at, message),) = _problems(tmp_path, f"  {name}: x\n")
    assert (path, at) == (f"truong_them.{name}", line) and words in message and f"“{name}”" in message


@pytest.mark.parametrize("value, words", [
    ("\n    a: 1", "không phải bảng khóa: giá trị"),
    ("\n    - a\n    - b: 1", "mục 2: phải là chữ"),
    ("true", "true"),
    ("x" * 5001, "5000"),
])
def test_bad_values_are_located(tmp_path, value, words):
    ((path, at, message),) = _problems(tmp_path, f"  nguoi_lien_he: {value}\n")
    assert (path, at) == ("truong_them.nguoi_lien_he", PLAN.count("\n") + 2) and words in message


def test_values_as_typed(tmp_path):
    kh = load_plan(_plan(tmp_path, PLAN + "truong_them:\n  ma_dinh_danh: 000.12\n  so_ban: 12\n  ghi_them:\n"))
    assert kh.truong_them == {"ma_dinh_danh": "000.12", "so_ban": "12", "ghi_them": ""}


def test_unknown_top_level_keys_are_still_refused(tmp_path):
    with pytest.raises(InputError) as e:
        load_plan(_plan(tmp_path, PLAN + "nguoi_lien_he: Trần Thị Bình\n"))
    (p,) = e.value.problems
    assert p.path == "nguoi_lien_he" and "trường không được hỗ trợ" in p.message


def test_too_many_fields(tmp_path):
    ((path, _, message),) = _problems(tmp_path, "".join(f"  truong_{k}: x\n" for k in range(101)))
    assert path == "truong_them" and "tối đa 100" in message


def test_every_variable_the_templates_get_is_reserved():
    """A name of ``TEN_MAU`` is refused as an extra field; the renderers give no other variable."""
    kh = load_plan(PLANS / "quang-tri-snnmt.yaml")
    tpl = open_template(docx_ke_hoach.TEMPLATE)
    geo = Geometry(tpl)
    context, _ = docx_ke_hoach.build_context(kh, geo, FootnoteCollector(1, geo.ids))
    names = set(context) | {k for pl in context["phu_luc"] for k in pl}
    names |= set(pdf_ke_hoach.context(kh)) | set(pdf_ke_hoach._annex(kh, kh.phu_luc[0], 0, pdf_ke_hoach.Geometry()))
    names |= set(pdf_ke_hoach.base_context(pdf_ke_hoach.make_env())) | {"tieu_de_tep", "pl"}
    doc = VanBanDi(kh, ["UBND tỉnh"], [], [BangPhuLuc("A", [("TT", 1, True)], [["1"]])])
    tpl = open_template(docx_van_ban.TEMPLATE_BAO_CAO)
    geo = Geometry(tpl)
    context, _ = docx_van_ban.build_context(doc, geo, FootnoteCollector(1, geo.ids))
    names |= set(context) | {k for pl in context["phu_luc"] for k in pl}
    names |= set(pdf_van_ban.context(doc)) | set(pdf_van_ban.annex(kh, doc.phu_luc[0], 0, 1))
    assert "truong_them" in names and names <= TEN_MAU, names - TEN_MAU


# ---- the period file -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cycle(tmp_path_factory) -> tuple[Path, Path, Path]:
    """The sample plan with a field of its own, the sample period file replacing it and adding
    another, and a report and letter template showing both."""
    folder = tmp_path_factory.mktemp("ky")
    shutil.copytree(ROOT / "data" / "co-quan", folder / "co-quan")
    (folder / "ke-hoach").mkdir()
    plan = folder / "ke-hoach" / "hung-yen-132.yaml"
    plan.write_text((PLANS / "hung-yen-132.yaml").read_text(encoding="utf-8")
                    + "truong_them:\n  nguoi_lien_he: Lê Văn Cũ\n  don_vi_lien_he: Văn phòng UBND tỉnh\n",
                    encoding="utf-8")
    info = folder / "thong-tin.yaml"
    info.write_text((ROOT / "data" / "bao-cao" / "hung-yen-2026" / "thong-tin.yaml").read_text(encoding="utf-8")
                    + "truong_them:\n  nguoi_lien_he: Phạm Thu Hà\n", encoding="utf-8")
    mau = folder / "mau"
    line = "Đầu mối: {{ truong_them.nguoi_lien_he }} ({{ truong_them.don_vi_lien_he }})"
    for name in ("bao-cao.docx", "cong-van.docx"):
        _docx_template(mau / "docx" / name, name, [("{{ ho_ten }}", line)])
    return plan, info, mau


def test_period_fields_reach_the_consolidated_report_and_the_letter(cycle, tmp_path):
    plan, info, mau = cycle
    result = api.tong_hop_bao_cao(plan, ROOT / "data" / "bao-cao" / "hung-yen-2026" / "phieu", "2026",
                                  tmp_path, thong_tin=info, mau=mau)
    written = {p.name: p for p in result.tep}
    shown = "Đầu mối: Phạm Thu Hà (Văn phòng UBND tỉnh)"  # the period file's over the plan's, the plan's kept
    assert shown in docx_text(written["tong-hop-2026.docx"])
    assert shown in docx_text(written["don-doc-2026.docx"])
    assert "Lê Văn Cũ" not in docx_text(written["tong-hop-2026.docx"])


def test_period_file_names_are_checked(tmp_path):
    info = tmp_path / "thong-tin.yaml"
    info.write_text("ky: \"2026\"\ntruong_them:\n  Nguoi: x\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_model(info, ThongTinKy)
    (p,) = e.value.problems
    assert (p.path, p.line) == ("truong_them.Nguoi", 3) and "không hợp lệ" in p.message


def test_exported_templates_readme_tells_the_tag():
    from vanban.mau import readme_text

    assert "{{ truong_them.nguoi_lien_he }}" in readme_text()
