"""User-edited templates: the .docx templates render in a sandbox; every mistake or attack in a
template is a TemplateError in Vietnamese naming the template and the paragraph, nothing written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vanban.errors import TemplateError
from vanban.io import write_all
from vanban.load import load_plan
from vanban.render import xlsx_phu_luc
from vanban.render.docx_ke_hoach import TEMPLATE, render_ke_hoach_docx
from tests.check_fixtures import mutate, replace_part
from tests.conftest import PLANS


@pytest.fixture(scope="module")
def kh():
    return load_plan(PLANS / "quang-tri-snnmt.yaml")


def refused(tmp_path: Path, kh, tag: str, old: str = "{{ ten_loai }}") -> str:
    """Render through write_all with ``old`` replaced by ``tag`` (XML-escaped as Word stores it)."""
    tpl = mutate(TEMPLATE, tmp_path / "mau.docx", "word/document.xml", old,
                 tag.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    target = tmp_path / "out" / "ke-hoach.docx"
    with pytest.raises(TemplateError) as e:
        write_all([(target, lambda p: render_ke_hoach_docx(kh, p, template=tpl))])
    assert not target.exists() and not list((tmp_path / "out").glob(".*.tmp"))
    message = str(e.value)
    assert message.startswith(str(tpl))
    assert not any(w in message for w in ("Traceback", "File \""))
    return message


@pytest.mark.parametrize("tag, attr", [
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ trich_yeu.__class__ }}", "__class__"),
    ("{{ '{0.__class__}'.format(trich_yeu) }}", "__class__"),
])
def test_sandbox_escapes_refused(tmp_path, kh, tag, attr):
    message = refused(tmp_path, kh, tag)
    assert f"thuộc tính nội bộ “{attr}”" in message and "không được phép" in message
    assert f"đoạn “{tag}”" in message  # the paragraph holding the tag, as the user sees it in Word


@pytest.mark.parametrize("tag, words", [
    ("{{ 'a' * 100000000 }}", "quá lớn"),  # beyond: a huge string would fill the memory first
    ("{{ 7 ** 999999 }}", "quá lớn"),
    ("{{ range(10**9)|list }}", "phép tính"),
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{{ ten_loai + 1 }}", "sai kiểu dữ liệu"),
    ("{% for x in 5 %}{{ x }}{% endfor %}", "sai kiểu dữ liệu"),
    ("{{ ten_loai_sai }}", "biến “ten_loai_sai” không có trong dữ liệu"),
    ("{{ ten_loai|khong_co }}", "lỗi cú pháp"),
    ("{% include 'x.html' %}", "include"),
])
def test_template_mistakes(tmp_path, kh, tag, words):
    start = time.perf_counter()
    message = refused(tmp_path, kh, tag)
    assert time.perf_counter() - start < 5
    assert words in message and f"đoạn “{tag}”" in message


def test_unclosed_tag(tmp_path, kh):
    message = refused(tmp_path, kh, "{{ ten_loai ")
    assert "lỗi cú pháp" in message and "“}}”" in message


def test_unclosed_block(tmp_path, kh):
    message = refused(tmp_path, kh, "{% if ten_loai %}")
    assert "lỗi cú pháp" in message and "endif" in message


def test_markup_injected_through_safe_is_refused_not_truncated(tmp_path, kh):
    """docxtpl would re-read the broken body with a recovering parser and silently drop the rest
    of the document; it is an error instead."""
    message = refused(tmp_path, kh, "{{ '<w:p>'|safe }}")
    assert "XML" in message and "|safe" in message


def test_damaged_and_missing_templates(tmp_path, kh):
    tpl = replace_part(TEMPLATE, tmp_path / "mau.docx", "word/document.xml", b"<w:document")
    with pytest.raises(TemplateError) as e:
        render_ke_hoach_docx(kh, tmp_path / "x.docx", template=tpl)
    assert str(tpl) in str(e.value) and "không mở được mẫu" in str(e.value)
    with pytest.raises(TemplateError) as e:
        render_ke_hoach_docx(kh, tmp_path / "x.docx", template=tmp_path / "khong-co.docx")
    assert "không tìm thấy tệp mẫu" in str(e.value)
    assert not (tmp_path / "x.docx").exists()


def test_data_with_template_syntax_is_not_executed(tmp_path):
    """Text typed in the plan that looks like a tag ({{ ... }}, {% ... %}) stays text."""
    text = (PLANS / "quang-tri-snnmt.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text(text.replace("dia_danh: Quảng Trị", "dia_danh: \"{{ 7*7 }} {% if 1 %}x{% endif %}\"", 1),
                    encoding="utf-8")
    kh = load_plan(plan)
    render_ke_hoach_docx(kh, tmp_path / "kh.docx")
    from docx import Document
    texts = " ".join(c.text for t in Document(tmp_path / "kh.docx").tables for r in t.rows for c in r.cells)
    assert "{{ 7*7 }} {% if 1 %}x{% endif %}" in texts and "49" not in texts


def test_xlsx_template_damaged(tmp_path, kh):
    bad = tmp_path / "mau.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(TemplateError) as e:
        xlsx_phu_luc.render_phu_luc_xlsx(kh, tmp_path / "x.xlsx", template=bad)
    assert str(bad) in str(e.value)
    wb = load_workbook(xlsx_phu_luc.TEMPLATE)
    wb._named_styles = type(wb._named_styles)([s for s in wb._named_styles if s.name == "Normal"])
    bad2 = tmp_path / "mau2.xlsx"
    wb.save(bad2)
    with pytest.raises(TemplateError) as e:
        xlsx_phu_luc.render_phu_luc_xlsx(kh, tmp_path / "x.xlsx", template=bad2)
    assert "thiếu kiểu ô" in str(e.value)
