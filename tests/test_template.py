"""Templates are user data: sandboxed, autoescaped, strict about undefined names."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from vanban.errors import TemplateError
from vanban.load import load_plan
from vanban.render.docx_ke_hoach import TEMPLATE, render_ke_hoach_docx
from tests.conftest import PLANS
from tests.docx_helpers import open_docx, text


def edited_template(tmp_path: Path, old: str, new: str) -> Path:
    out = tmp_path / "mau.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/document.xml":
                s = data.decode("utf-8")
                assert old in s
                data = s.replace(old, new, 1).encode("utf-8")
            zout.writestr(name, data)
    return out


def plan():
    return load_plan(PLANS / "thai-nguyen-du-thao.yaml")


def test_undefined_variable_is_an_error(tmp_path):
    tpl = edited_template(tmp_path, "{{ ten_loai }}", "{{ ten_loai_sai }}")
    with pytest.raises(TemplateError) as e:
        render_ke_hoach_docx(plan(), tmp_path / "x.docx", tpl)
    assert "mau.docx" in str(e.value) and "ten_loai_sai" in str(e.value)


def test_sandbox_refuses_python_internals(tmp_path):
    tpl = edited_template(tmp_path, "{{ ten_loai }}",
                          "{{ ten_loai.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateError) as e:
        render_ke_hoach_docx(plan(), tmp_path / "x.docx", tpl)
    assert "không được phép" in str(e.value)


def test_syntax_error_is_reported(tmp_path):
    tpl = edited_template(tmp_path, "{{ ten_loai }}", "{{ ten_loai ")
    with pytest.raises(TemplateError) as e:
        render_ke_hoach_docx(plan(), tmp_path / "x.docx", tpl)
    assert "cú pháp" in str(e.value)


def test_markup_characters_in_data_are_escaped(tmp_path):
    kh = plan()
    kh.trich_yeu = 'Về việc A & B <thử> "trích dẫn" \'đơn\''
    kh.nguoi_ky.ho_ten = "Nguyễn Văn <A>"
    out = tmp_path / "x.docx"
    render_ke_hoach_docx(kh, out)
    doc = open_docx(out)
    texts = [text(p) for p in doc.element.body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")]
    assert kh.trich_yeu in texts and "Nguyễn Văn <A>" in texts


def test_restyled_template_is_respected(tmp_path):
    """A clerk who sets the Tiêu ngữ style to 13 pt gets a rule as long as the 13 pt text."""
    from vanban.text import metrics
    out = tmp_path / "mau.docx"
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/styles.xml":
                s = data.decode("utf-8")
                i = s.index('w:styleId="VBTieuNgu"')
                j = s.index("</w:style>", i)
                s = s[:i] + s[i:j].replace('w:val="28"', 'w:val="26"') + s[j:]
                data = s.encode("utf-8")
            zout.writestr(name, data)
    target = tmp_path / "x.docx"
    render_ke_hoach_docx(plan(), target, out)
    doc = open_docx(target)
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    tbl = doc.element.body.find(f"{W}tbl")
    rules = [p for p in tbl.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "VBGach"]
    ind = rules[1].find(f"{W}pPr/{W}ind")
    grid = [int(g.get(f"{W}w")) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    length = grid[1] - 2 * 57 - int(ind.get(f"{W}left")) - int(ind.get(f"{W}right"))
    assert abs(length - metrics.width_twips("Độc lập - Tự do - Hạnh phúc", 13, True)) <= 2
