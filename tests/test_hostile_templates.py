"""User-edited templates: the .docx templates render in a sandbox; every mistake or attack in a
template is a TemplateError in Vietnamese naming the template and the paragraph, nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from vanban.errors import TemplateError
from vanban.io import write_all
from vanban.load import load_plan
from vanban.render import xlsx_phu_luc
from vanban.render.docx_ke_hoach import TEMPLATE, render_ke_hoach_docx
from vanban.render.pdf_ke_hoach import render_ke_hoach_pdf
from tests.check_fixtures import mutate, replace_part
from tests.conftest import PLANS, ROOT, peak_memory


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
    ("{{ [1] * 100000000 }}", "quá lớn"),  # 800 MB once folded as a constant outside the sandbox
    ("{{ 'a'|center(100000000) }}", "quá lớn"),
    ("{{ 7 ** 999999 }}", "quá lớn"),
    ("{{ range(10**9)|list }}", "range(...) quá lớn"),
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{{ ten_loai + 1 }}", "sai kiểu dữ liệu"),
    ("{% for x in 5 %}{{ x }}{% endfor %}", "sai kiểu dữ liệu"),
    ("{{ ten_loai_sai }}", "biến “ten_loai_sai” không có trong dữ liệu"),
    ("{{ ten_loai|khong_co }}", "lỗi cú pháp"),
    ("{% include 'x.html' %}", "include"),
])
def test_template_mistakes(tmp_path, kh, tag, words):
    with peak_memory() as peak:
        message = refused(tmp_path, kh, tag)
    # bounded everywhere, the reading of the template's tag names included: a constant such as
    # [1] * 10**8 was once computed there, outside the sandbox (800 MB)
    assert peak() < 50 * 1024 * 1024
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


# ---- limits: what one operation may build, and a budget for the whole document ---------------
#
# Each hostile template is built from a shipped one ({{ ten_loai }} replaced by the tag) and
# rendered through write_all in a separate process whose address space is capped, so that a
# limit that stops working fails the test instead of eating the machine. Most results asked for
# would not fit in that space: the value must be refused before it is built.

HTML_TEMPLATES = ROOT / "templates" / "html"
HTML_LINE = 31  # ke-hoach.html: <p class="ten-loai">{{ ten_loai }}</p>
MEMORY_CAP = 1536 * 2 ** 20  # bytes of address space for the rendering process
LONG = "L" * 100

# name, tag, what the message says, the limits changed for the case
LIMIT_CASES = [
    ("ljust", "{{ ho_ten.ljust(2000000000) }}", "“ljust” tạo ra giá trị quá lớn", {}),
    ("rjust", "{{ ho_ten.rjust(2000000000) }}", "“rjust” tạo ra giá trị quá lớn", {}),
    ("center-method", "{{ ho_ten.center(2000000000) }}", "“center” tạo ra giá trị quá lớn", {}),
    ("zfill", "{{ '7'.zfill(2000000000) }}", "“zfill” tạo ra giá trị quá lớn", {}),
    ("expandtabs", "{{ ('a\\tb' * 1000).expandtabs(10000000) }}", "“expandtabs” tạo ra giá trị quá lớn", {}),
    ("str-format", "{{ '{:>2000000000}'.format(ho_ten) }}", "“format” tạo ra giá trị quá lớn", {}),
    ("format-map", "{{ '{x:>2000000000}'.format_map({'x': ho_ten}) }}", "“format” tạo ra giá trị quá lớn", {}),
    ("percent-width", "{{ '%2000000000s' % ho_ten }}", "phép định dạng “%” tạo ra giá trị quá lớn", {}),
    ("percent-star", "{{ '%*s' % (2000000000, ho_ten) }}", "phép định dạng “%” tạo ra giá trị quá lớn", {}),
    ("percent-precision", "{{ '%.2000000000f' % 1.5 }}", "phép định dạng “%” tạo ra giá trị quá lớn", {}),
    ("times", "{{ ho_ten * 100000000 }}", "phép nhân “*” tạo ra giá trị quá lớn", {}),
    ("power", "{{ 7 ** 999999 }}", "phép lũy thừa tạo ra số quá lớn", {}),
    ("int-times", "{% set x = 10 ** 1000 %}{% set x = x * x %}{% set x = x * x %}{{ x * x }}",
     "phép nhân tạo ra số quá lớn", {}),
    # doubling: one operation may add at most 1 000 000 to the largest value it is given
    ("plus", "{% set s = 'a' * 999999 %}" + "{% set s = s + s %}" * 11 + "{{ s }}",
     "phép cộng “+” tạo ra giá trị quá lớn", {}),
    ("tilde", "{% set s = 'a' * 999999 %}" + "{% set s = s ~ s %}" * 11 + "{{ s }}",
     "phép nối “~” tạo ra giá trị quá lớn", {}),
    ("filter-center", "{{ ho_ten|center(2000000000) }}", "bộ lọc “center” tạo ra giá trị quá lớn", {}),
    ("filter-indent", "{{ ho_ten|indent(2000000000, true) }}", "bộ lọc “indent” tạo ra giá trị quá lớn", {}),
    ("filter-wordwrap", "{{ ('ab ' * 300000)|wordwrap(2, wrapstring='x' * 20000) }}",
     "bộ lọc “wordwrap” tạo ra giá trị quá lớn", {}),
    ("filter-format", "{{ '%2000000000s'|format(ho_ten) }}", "bộ lọc “format” tạo ra giá trị quá lớn", {}),
    ("filter-join", "{{ range(100000)|join(ho_ten * 10000) }}", "bộ lọc “join” tạo ra giá trị quá lớn", {}),
    ("filter-replace", "{{ ('a' * 999999)|replace('a', 'b' * 5000) }}", "bộ lọc “replace” tạo ra giá trị quá lớn", {}),
    ("filter-batch", "{{ co_quan_ban_hanh|batch(2000000000, ho_ten)|list }}",
     "bộ lọc “batch” tạo ra giá trị quá lớn", {}),
    ("filter-slice", "{{ co_quan_ban_hanh|slice(2000000000, ho_ten)|list }}",
     "bộ lọc “slice” tạo ra giá trị quá lớn", {}),
    ("range", "{{ range(1000000000)|list }}", "range(...) quá lớn (1.000.000.000 số; giới hạn 100.000)", {}),
    ("lipsum", "{{ lipsum(n=300000) }}", "lipsum(...) quá lớn", {}),
    ("iterations", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "mẫu lặp quá nhiều lần (giới hạn 1.000.000 lượt lặp", {}),
    ("output", "{% for i in range(100000) %}{% for j in range(9) %}" + LONG + "{% endfor %}{% endfor %}",
     "mẫu tạo ra văn bản quá lớn (giới hạn 50.000.000 ký tự", {}),
    ("built", "{% for i in range(1000) %}{% set s = ('ab' * 499999)|upper %}{% endfor %}",
     "các phép tính trong mẫu tạo ra quá nhiều dữ liệu (giới hạn 50.000.000 ký tự", {}),
    ("deadline", "{% for i in range(100000) %}{% for j in range(100000) %}{{ i }}{% endfor %}{% endfor %}",
     "mẫu chạy quá thời gian cho phép (1 giây", {"seconds": 1, "iterations": 10 ** 12}),
    ("nested-print", "{% set b = 'y' * 999999 %}{% set a = [b, b, b, b, b, b, b, b, b, b] %}"
     "{% set c = [a, a, a, a, a, a, a, a, a, a] %}{% set e = [c, c, c, c, c, c, c, c, c, c] %}{{ e }}",
     "quá lớn để in ra", {}),
]

RENDER_SCRIPT = r"""
import json, resource, sys
from pathlib import Path

cap = int(sys.argv[2])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

from vanban.errors import TemplateError
from vanban.io import write_all
from vanban.load import load_plan
from vanban.render import sandbox
from vanban.render.docx_ke_hoach import render_ke_hoach_docx
from vanban.render.pdf_ke_hoach import render_ke_hoach_pdf

job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
kh = load_plan(Path(job["plan"]))
for case in job["cases"]:
    sandbox.LIMITS = sandbox.Limits(**case["limits"])
    target, template = Path(case["target"]), Path(case["template"])
    if job["kind"] == "docx":
        render = lambda p: render_ke_hoach_docx(kh, p, template=template)
    else:
        render = lambda p: render_ke_hoach_pdf(kh, p, template_dir=template)
    try:
        write_all([(target, render)])
        error = None
    except TemplateError as e:
        error = str(e)
    left = [p.name for p in target.parent.iterdir()]
    print(json.dumps({"name": case["name"], "template": case["template"], "error": error, "left": left,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024},
                     ensure_ascii=False), flush=True)
"""


def hostile_template(kind: str, folder: Path, tag: str) -> Path:
    """The shipped template with {{ ten_loai }} replaced by ``tag`` (a .docx, or a folder of
    HTML templates)."""
    if kind == "docx":
        return mutate(TEMPLATE, folder / "mau.docx", "word/document.xml", "{{ ten_loai }}",
                      tag.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    html = folder / "html"
    shutil.copytree(HTML_TEMPLATES, html)
    page = html / "ke-hoach.html"
    text = page.read_text(encoding="utf-8")
    assert text.splitlines()[HTML_LINE - 1].strip() == '<p class="ten-loai">{{ ten_loai }}</p>'
    page.write_text(text.replace("{{ ten_loai }}", tag, 1), encoding="utf-8")
    return html


def render_hostile(kind: str, base: Path) -> dict:
    """Every case of LIMIT_CASES rendered in one capped process: name -> what it reported."""
    cases = []
    for name, tag, _, limits in LIMIT_CASES:
        folder = base / name
        folder.mkdir()
        (folder / "out").mkdir()
        ext = "docx" if kind == "docx" else "pdf"
        cases.append({"name": name, "limits": limits, "template": str(hostile_template(kind, folder, tag)),
                      "target": str(folder / "out" / f"ke-hoach.{ext}")})
    job = base / "job.json"
    job.write_text(json.dumps({"kind": kind, "plan": str(PLANS / "quang-tri-snnmt.yaml"), "cases": cases}),
                   encoding="utf-8")
    try:
        done = subprocess.run([sys.executable, "-c", RENDER_SCRIPT, str(job), str(MEMORY_CAP)], cwd=ROOT,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)
        out, err = done.stdout, done.stderr
    except subprocess.TimeoutExpired as e:  # a limit that no longer stops: the cases done so far
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        err = "quá thời gian"
    results = {r["name"]: r for r in map(json.loads, out.splitlines())}
    results["stderr"] = err
    return results


@pytest.fixture(scope="module")
def hostile_docx(tmp_path_factory):
    return render_hostile("docx", tmp_path_factory.mktemp("hostile-docx"))


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory):
    return render_hostile("html", tmp_path_factory.mktemp("hostile-html"))


def check_limit(results: dict, name: str, words: str, place: str) -> None:
    """``place``: what follows the template's path at the start of the message."""
    assert name in results, f"the rendering process stopped before “{name}”: {results['stderr'][-2000:]}"
    r = results[name]
    message = r["error"]
    assert message is not None, f"{name}: rendered without an error"
    assert message.startswith(r["template"] + place), message
    assert words in message and "giới hạn" in message, message
    assert r["left"] == [], f"{name}: something was written: {r['left']}"
    assert r["peak_mb"] * 2 ** 20 < MEMORY_CAP


@pytest.mark.parametrize("name, tag, words", [c[:3] for c in LIMIT_CASES], ids=[c[0] for c in LIMIT_CASES])
def test_docx_template_limits(hostile_docx, name, tag, words):
    """The message names the template and the paragraph holding the tag, as Word shows it."""
    check_limit(hostile_docx, name, words, f", đoạn “{tag[:40]}")


@pytest.mark.parametrize("name, tag, words", [c[:3] for c in LIMIT_CASES], ids=[c[0] for c in LIMIT_CASES])
def test_html_template_limits(hostile_html, name, tag, words):
    """The message names the template file and the line holding the tag, as an editor shows it."""
    check_limit(hostile_html, name, words, f'/ke-hoach.html, dòng {HTML_LINE} “<p class="ten-loai">{tag[:40]}')


def test_lists_and_dicts_are_not_changed_in_place(tmp_path, kh):
    """append/update/pop would let a loop grow a value past every limit unseen."""
    tag = "{{ co_quan_ban_hanh.append(ho_ten) }}"
    message = refused(tmp_path, kh, tag)
    assert "sửa danh sách hoặc từ điển ngay trong mẫu bằng “append”" in message and f"đoạn “{tag}”" in message


def html_refused(tmp_path: Path, kh, tag: str) -> str:
    """Render the PDF through write_all from HTML templates with {{ ten_loai }} replaced by ``tag``."""
    html = hostile_template("html", tmp_path, tag)
    target = tmp_path / "out" / "ke-hoach.pdf"
    target.parent.mkdir()
    with pytest.raises(TemplateError) as e:
        write_all([(target, lambda p: render_ke_hoach_pdf(kh, p, template_dir=html))])
    assert list(target.parent.iterdir()) == []
    message = str(e.value)
    assert message.startswith(f'{html / "ke-hoach.html"}, dòng {HTML_LINE} “<p class="ten-loai">{tag}</p>”: ')
    assert not any(w in message for w in ("Traceback", "File \""))
    return message


@pytest.mark.parametrize("tag, words", [
    ("{% include 'phu-luc.html' %}", "{% include %}"),  # the folder has a loader: refused when read
    ("{% import 'phu-luc.html' as p %}", "{% import %}"),
    ("{% extends 'phu-luc.html' %}", "{% extends %}"),
    ("{{ ten_loai ", "lỗi cú pháp"),
    ("{{ ten_loai_sai }}", "biến “ten_loai_sai” không có trong dữ liệu"),
    ("{{ ''.__class__.__mro__ }}", "thuộc tính nội bộ “__class__”"),
    ("{{ 1/0 }}", "ZeroDivisionError"),
    ("{{ ten_loai + 1 }}", "sai kiểu dữ liệu"),
    ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "RecursionError"),
])
def test_html_template_mistakes(tmp_path, kh, tag, words):
    assert words in html_refused(tmp_path, kh, tag)


def test_ordinary_templates_render_as_in_jinja():
    """Loops (the loop variable, recursive loops), ~, +, %, format, filters, ranges, macros,
    namespaces: the same text as Jinja's own sandbox gives."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from vanban.render import sandbox

    source = (
        "{% for x in tree recursive %}{{ x.n }}{% if x.con %}[{{ loop(x.con) }}]{% endif %}{% endfor %}|"
        "{% for x in xs %}{{ loop.index }}/{{ loop.length }}{{ ',' if not loop.last }}{% endfor %}|"
        "{% for x in xs if x != 'y' %}{{ x }}{% else %}-{% endfor %}{% for x in [] %}{% else %}rỗng{% endfor %}|"
        "{{ '%05.1f' % 3.14159 }} {{ '%s và %s' % (xs[0], d.k) }} {{ '{:>6}|{k}'.format('a&b', k=d['k']) }}|"
        "{{ xs|join(', ') }} {{ 'a' ~ 1 ~ '<' }} {{ xs + ['z'] }} {{ 'ab' * 3 }} {{ 2 ** 10 }}|"
        "{{ range(3)|list }} {{ range(5)|sum }} {{ range(10)[2:4]|list }} {{ range(1, 4)|reverse|join }}|"
        "{{ xs|map('upper')|join }} {{ ('x' * 3)|center(7) }} {{ 'a\\tb'.expandtabs(2) }} {{ 'ab'.ljust(4, '.') }}|"
        "{{ 'dòng một\\ndòng hai'|indent(2, true) }} {{ 'a b c d'|wordwrap(3) }} "
        "{{ 'abcdef'|truncate(5, true, '…', 0) }}|"
        "{{ '%d-%s'|format(7, 'x') }} {{ 'aXbX'|replace('X', '&') }} {{ xs|batch(1)|list }} {{ xs|slice(2)|list }}|"
        "{% set ns = namespace(t=0) %}{% for i in range(4) %}{% set ns.t = ns.t + i %}{% endfor %}{{ ns.t }}|"
        "{% filter upper %}x{{ xs[1] }}{% endfilter %} {% macro m(v) %}<{{ v }}>{% endmacro %}{{ m('q') }}|"
        "{% set khoi %}{% for i in range(3) %}{{ i }}{% endfor %}{% endset %}{{ khoi }} {{ [[1], [2]]|sum(start=[]) }}"
    )
    data = {"tree": [{"n": "a", "con": [{"n": "b", "con": []}, {"n": "c", "con": [{"n": "d", "con": []}]}]}],
            "xs": ["x&", "y"], "d": {"k": "v"}}
    ours = sandbox.make_env().from_string(source).render(data)
    theirs = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(source).render(data)
    assert ours == theirs
    assert "a[bc[d]]|1/2,2/2|x&amp;rỗng|003.1 x&amp; và v    a&amp;b|v|" in ours


def test_large_values_from_the_program_may_pass_through_filters():
    """A long report's table is several MB of XML made by the program: a template may still
    print it, mark it |safe, add a little to it; what it may not do is multiply it."""
    from vanban.render import sandbox

    bang = "<w:tbl>" + "x" * 3_000_000 + "</w:tbl>"
    env = sandbox.make_env()
    out = env.from_string("{{ bang|safe }}|{{ (bang ~ '.')|length }}|{{ bang.strip()|length }}").render(bang=bang)
    assert out == f"{bang}|{len(bang) + 1}|{len(bang)}"
    with pytest.raises(sandbox.LimitError, match="phép nối “~” tạo ra giá trị quá lớn"):
        sandbox.make_env().from_string("{{ bang ~ bang }}").render(bang=bang)
