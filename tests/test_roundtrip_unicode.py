"""Any Unicode text typed in a field comes back unchanged from every output: the Kế hoạch .docx,
the annex .xlsx, the return form (written, filled, read back by ``doc_phieu``) and the PDF.

"Unchanged" up to the documented rules: NFC; characters XML 1.0 cannot hold removed
(``vanban.safety.xml_text``); whitespace compared as single spaces (line layout, and the
readers' collapsing of stray spaces, may change it); inline marks of free text escaped with
``escape_inline`` by whoever writes the plan for them to stay characters. Text read back from a
return also loses its invisible and direction characters (``vanban.text.ky_tu_an``, with a
warning), and its ``_xHHHH_`` sequences are Excel's escapes (openpyxl writes a literal one without
escaping it, as Excel would: such text is left out of the return's round trip).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from vanban import api
from vanban.baocao.phan_cong import PhanCong
from vanban.load.phieu import doc_phieu
from vanban.model import NhiemVu
from vanban.render import xlsx_bieu_mau as B
from vanban.safety import xml_text
from vanban.oxml.sheet import XSTRING
from vanban.text.ky_tu_an import bo_ky_tu_an
from vanban.text.than_van import escape_inline
from vanban.text.thoi_han import doc_ky
from tests.docx_helpers import docx_text

NASTY = ["& < > \" '", "<w:p>]]>&amp;", "=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "a\x01b\x0bc\x1fd",
         "\ufffe\uffffz", "{{ 7*7 }}", "{% if x %}", "**đậm** *ng* ^[n] ~x~ \\", "Quyết định\u00a0số\u200b 1",
         unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), "😀 𝔘 ﷽", "\t tab \r\n crlf \u2028 ls"]

text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30),
    st.sampled_from(NASTY),
    st.builds(lambda p, s: p + s, st.sampled_from(["=", "+", "-", "@"]), st.text(max_size=10)),
)


def canon(s: str) -> str:
    return " ".join(xml_text(s).split())


def usable(s: str) -> bool:
    """Enough text left once the loader has removed invisible and direction characters."""
    return len(canon(bo_ky_tu_an(s))) >= 3


def usable_in_a_return(s: str) -> bool:
    return len(canon(bo_ky_tu_an(s))) >= 3 and not XSTRING.search(xml_text(s))


def canon_read(s: str) -> str:
    """What the return reader gives back: invisible and direction characters removed."""
    return canon(bo_ky_tu_an(s))


def plan_yaml(path: Path, trich_yeu: str, noi_dung: str, chu_tri: str) -> Path:
    data = {
        "co_quan_ban_hanh": {"ten": "Sở Nông nghiệp và Môi trường", "viet_tat": "SNNMT"},
        "dia_danh": "Quảng Trị", "ngay": "2026-04-08", "trich_yeu": trich_yeu,
        "nguoi_ky": {"quyen_han": "KT.", "cap_truong": "Giám đốc", "chuc_vu": "Phó Giám đốc",
                     "ho_ten": "Nguyễn Văn A"},
        "noi_dung": "I. MỤC ĐÍCH\n1. Mục đích\n",
        "phu_luc": [{"ten": "Danh mục", "cot": ["tt", "noi_dung", "chu_tri"],
                     "nhom": [{"ten": "Nhóm", "nhiem_vu": [{"id": "T1", "noi_dung": escape_inline(noi_dung),
                                                             "chu_tri": [escape_inline(chu_tri)]}]}]}],
    }
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def docx_words(path: Path) -> str:
    return canon(docx_text(path).replace("\n", " "))


def xlsx_text(path: Path) -> str:
    wb = load_workbook(path)
    return canon(" ".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                          if c.value is not None))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trich_yeu=text.filter(usable), noi_dung=text.filter(usable), chu_tri=text.filter(usable))
def test_plan_fields_round_trip_docx_and_xlsx(tmp_path_factory, trich_yeu, noi_dung, chu_tri):
    tmp = tmp_path_factory.mktemp("rt")
    plan = plan_yaml(tmp / "p.yaml", trich_yeu, noi_dung, chu_tri)
    result = api.tao_ke_hoach(plan, tmp / "out")
    docx = docx_words(tmp / "out" / "p.docx")
    for value in (trich_yeu, noi_dung, chu_tri):  # the plan's text, without invisible characters
        assert canon_read(value) in docx
    xlsx = xlsx_text(tmp / "out" / "p-phu-luc.xlsx")
    assert canon_read(noi_dung) in xlsx and canon_read(chu_tri) in xlsx
    wb = load_workbook(tmp / "out" / "p-phu-luc.xlsx")
    for ws in wb.worksheets:  # text starting with = + - @ never became a formula
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (c.coordinate, c.value)
    assert len(result.tep) == 2


@pytest.fixture(scope="module")
def ky():
    return doc_ky("2026", dt.date(2026, 12, 15))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noi_dung=text.filter(usable_in_a_return), agency=text.filter(usable_in_a_return),
       filled=text.filter(usable_in_a_return))
def test_return_form_round_trip(tmp_path_factory, ky, noi_dung, agency, filled):
    tmp = tmp_path_factory.mktemp("phieu")
    target = tmp / "phieu.xlsx"
    task = NhiemVu(id="X-1", noi_dung=escape_inline(noi_dung), chu_tri=["Sở Y tế"], tien_do="2026")
    B.render_bieu_mau(None, ky, agency, [PhanCong(task, "chu_tri")], target)
    wb = load_workbook(target)
    ws = wb["Kết quả"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "X-1")
    typed = xml_text(filled)  # what a clerk can type: Excel holds no XML-illegal character either
    ws.cell(row, 8, typed).data_type = "s"
    ws.cell(row, 6, "Đang thực hiện")
    wb.save(target)
    p = doc_phieu(target)
    assert canon(p.co_quan) == canon_read(agency)
    [listed] = p.nhiem_vu
    assert canon(listed.noi_dung) == canon_read(noi_dung)
    [r] = p.ket_qua
    assert canon(r.ket_qua) == canon_read(filled)


def test_agency_name_with_a_control_character(tmp_path, ky):
    B.render_bieu_mau(None, ky, "Sở Y\x08 tế", [], tmp_path / "phieu.xlsx")
    assert doc_phieu(tmp_path / "phieu.xlsx").co_quan == "Sở Y tế"


def test_nasty_strings_through_pdf(tmp_path):
    """PDF is slow: a fixed list of nasty strings in one document, all through --pdf."""
    from pypdf import PdfReader

    ascii_nasty = ["A & B < C > D \" E ' F", "=HYPERLINK(x)", "+1 -1 @x", "{{ 7*7 }}", "a\x01b\x0bc"]
    plan = plan_yaml(tmp_path / "p.yaml", " ".join(ascii_nasty), " | ".join(ascii_nasty), "Sở Y tế")
    api.tao_ke_hoach(plan, tmp_path / "out", pdf=True)
    reader = PdfReader(tmp_path / "out" / "p.pdf")
    pdf = canon(" ".join(page.extract_text() for page in reader.pages))
    for s in ascii_nasty:
        assert canon(s).replace(" ", "") in pdf.replace(" ", ""), s
    assert "\x01" not in pdf and "49" not in pdf.replace("2026", "")
