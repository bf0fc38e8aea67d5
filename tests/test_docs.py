"""The documentation stays true: its examples run, its tables list what the code has.

- docs/api.md and the README's "Dùng từ Python": every ```python block runs, in order, in one
  namespace, in a temporary folder holding a copy of ``data/``. A line ``# => text`` after a
  statement is the output expected of the code since the previous ``# =>`` (several such lines:
  several lines of output); ``…`` in the expected text stands for any text.
- docs/huong-dan-chuyen-vien.md: its full plan example is the sample plan file, renders and
  passes the checker; its field tables list every field of the plan, registry and period-file
  models; its column table every annex column code; its exit-code table every exit code.
- docs/mau-van-ban.md: its variable tables list exactly the variables each template receives
  when the sample documents are made; every style, sheet and template limit is named.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import types
import typing
from collections import defaultdict
from pathlib import Path
from unittest import mock

import pytest
from pydantic import BaseModel

import vanban
from vanban import api, cli
from vanban import io as vio
from vanban.model import KeHoach
from vanban.model.base import Model
from vanban.model.danh_muc import DanhMucCoQuan
from vanban.model.ky_bao_cao import ThongTinKy
from vanban.model.phu_luc import COT_MAC_DINH
from vanban.render import docx_ke_hoach, docx_styles, docx_van_ban, pdf_ke_hoach, pdf_van_ban, sandbox
from vanban.render import xlsx_bieu_mau, xlsx_phu_luc
from vanban.resources import TEMPLATE_FILES

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
API_MD = DOCS / "api.md"
CHUYEN_VIEN_MD = DOCS / "huong-dan-chuyen-vien.md"
MAU_MD = DOCS / "mau-van-ban.md"
README = ROOT / "README.md"
FULL_PLAN = ROOT / "data" / "ke-hoach" / "quang-tri-kiem-tra-2026.yaml"
# the models of a plan file (VanBan is KeHoach's own part)
PLAN_MODELS = {"KeHoach", "CoQuan", "NguoiKy", "NoiNhan", "NoiNhanMuc", "Luu", "CheDoBaoCao", "PhuLuc", "Cot",
               "Nhom", "NhiemVu"}


# ---- running the examples ----------------------------------------------------------------------

def code_blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


def readme_python_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("### Dùng từ Python", 1)[1]
    section = re.split(r"^#{2,3} ", section, maxsplit=1, flags=re.M)[0]
    return code_blocks(section, "python")


def _matches(expected: str, got: str) -> bool:
    pattern = ".*?".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, got, flags=re.S) is not None


def chunks(block: str) -> list[tuple[str, str | None]]:
    """(code, expected output or None) pieces of a block, split at its ``# =>`` lines."""
    out: list[tuple[str, str | None]] = []
    code: list[str] = []
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("# =>"):
            expected = []
            while i < len(lines) and lines[i].startswith("# =>"):
                expected.append(lines[i][4:].removeprefix(" "))
                i += 1
            out.append(("\n".join(code), "\n".join(expected)))
            code = []
            continue
        code.append(lines[i])
        i += 1
    if any(line.strip() for line in code):
        out.append(("\n".join(code), None))
    return out


def run_blocks(blocks: list[str], where: str) -> None:
    """Run the blocks in order in one namespace; every ``# =>`` is checked."""
    namespace: dict = {"__name__": "__docs__"}
    for n, block in enumerate(blocks, start=1):
        for code, expected in chunks(block):
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                exec(compile(code, f"{where}, khối python {n}", "exec"), namespace)
            if expected is not None:
                got = buffer.getvalue().rstrip("\n")
                assert _matches(expected, got), (
                    f"{where}, khối python {n}: sau\n{code}\nmong đợi\n{expected}\nnhưng in ra\n{got}")


@pytest.fixture
def sample_folder(tmp_path, monkeypatch) -> Path:
    """A temporary working folder holding a copy of the sample data, as a user's folder would."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_api_md_examples_run(sample_folder):
    blocks = code_blocks(API_MD.read_text(encoding="utf-8"), "python")
    assert len(blocks) >= 8
    assert sum(b.count("# =>") for b in blocks) >= 15
    run_blocks(blocks, "docs/api.md")


def test_readme_python_examples_run(sample_folder):
    blocks = readme_python_blocks()
    assert blocks
    run_blocks(blocks, "README.md")
    assert (sample_folder / "mau-tinh" / "docx" / "ke-hoach.docx").is_file()
    assert (sample_folder / "ket-qua" / "tong-hop-2026.docx").is_file()


def test_a_wrong_expected_output_fails(sample_folder):
    with pytest.raises(AssertionError, match="mong đợi"):
        run_blocks(["print(1 + 1)\n# => 3\n"], "thử")
    run_blocks(["print('Đã ghi: out/a.docx')\n# => Đã ghi: …/a.docx\n"], "thử")
    with pytest.raises(AttributeError):
        run_blocks(["import vanban\nvanban.khong_co_ham_nay()\n"], "thử")


# ---- the clerks' guide ---------------------------------------------------------------------------

def tables(text: str, marker: str) -> list[list[str]]:
    """Rows (cells) of the table that follows ``<!-- marker -->``."""
    start = text.index(f"<!-- {marker} -->")
    rows = []
    for line in text[start:].splitlines()[1:]:
        if not line.strip():
            if rows:
                break
            continue
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set(cells[0]) <= set("-: "):
            continue
        rows.append(cells)
    return rows[1:]  # without the header row


def names(rows: list[list[str]]) -> list[str]:
    """The backticked names of the first column."""
    return [n for r in rows for n in re.findall(r"`([^`]+)`", r[0])]


def _models(annotation):
    """The pydantic models inside a field's annotation (``list[Nhom]``, ``NguoiKy | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += _models(arg)
    return found


def field_paths(model: type[BaseModel], prefix: str = "", seen: tuple = ()) -> set[str]:
    """Every field path of a model: ``nguoi_ky.quyen_han``, ``phu_luc[].cot[].ma``."""
    out = set()
    for name, info in model.model_fields.items():
        path = prefix + name
        out.add(path)
        ann = info.annotation
        is_list = typing.get_origin(ann) is list or any(typing.get_origin(a) is list for a in typing.get_args(ann))
        for sub in _models(ann):
            if sub in seen:  # a group inside a group
                continue
            out |= field_paths(sub, path + ("[]." if is_list else "."), seen + (model,))
    return out


def documented_models() -> list[type[BaseModel]]:
    """Every model a user writes in a file (plan, registry, period file), with the models they
    extend: each has its own table in the clerks' guide."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for base in model.__mro__[1:]:
            if issubclass(base, Model) and base is not Model and base not in found:
                visit(base)
        for info in model.model_fields.values():
            for sub in _models(info.annotation):
                visit(sub)

    for root in (KeHoach, DanhMucCoQuan, ThongTinKy):
        visit(root)
    return found


def own_fields(model: type[BaseModel]) -> set[str]:
    """The fields a model adds to the model it extends (all of them for a model extending none)."""
    inherited: set[str] = set()
    for base in model.__mro__[1:]:
        if issubclass(base, Model) and base is not Model:
            inherited |= set(base.model_fields)
    return set(model.model_fields) - inherited


def test_every_model_field_is_documented():
    text = CHUYEN_VIEN_MD.read_text(encoding="utf-8")
    models = documented_models()
    assert {m.__name__ for m in models} >= {"KeHoach", "VanBan", "NhiemVu", "Cot", "ThongTinKy", "PhanDonDoc",
                                           "DanhMucCoQuan", "NhomCoQuan"}
    for model in models:
        documented = names(tables(text, f"truong: {model.__name__}"))
        expected = own_fields(model)
        assert len(documented) == len(set(documented)), f"{model.__name__}: một trường được mô tả hai lần"
        assert set(documented) == expected, (f"{model.__name__}: thiếu {sorted(expected - set(documented))}; "
                                             f"không có trong mô hình: {sorted(set(documented) - expected)}")


def test_every_annex_column_code_is_documented():
    rows = tables(CHUYEN_VIEN_MD.read_text(encoding="utf-8"), "ma-cot")
    assert names(rows) == list(COT_MAC_DINH)
    for row, (code, (title, width)) in zip(rows, COT_MAC_DINH.items()):
        assert title in row[1], (code, row)
        assert f"{width:g}".replace(".", ",") in row[2], (code, row)


def test_every_exit_code_is_documented():
    rows = tables(CHUYEN_VIEN_MD.read_text(encoding="utf-8"), "ma-thoat")
    codes = {int(r[0]) for r in rows}
    assert codes == {0, 1, 2, cli.MA_PHIEU_KHONG_TINH, cli.EXIT_FAULT, cli.EXIT_INTERRUPTED,
                     cli.EXIT_TERMINATED, cli.EXIT_BROKEN_PIPE}


def test_return_form_cells_are_documented():
    text = CHUYEN_VIEN_MD.read_text(encoding="utf-8")
    info = tables(text, "o: thong-tin")
    assert [r[0] for r in info] == [f"B{xlsx_bieu_mau.FIRST_ROW + i}" for i in range(len(xlsx_bieu_mau.THONG_TIN))]
    assert [r[1] for r in info] == [label for _, label, _ in xlsx_bieu_mau.THONG_TIN]
    results = tables(text, "o: ket-qua")
    assert [r[1] for r in results] == [title for _, title in xlsx_bieu_mau.COT_KET_QUA]
    parts = tables(text, "o: noi-dung")
    assert [r[1] for r in parts] == [h for _, h in xlsx_bieu_mau.MUC_NOI_DUNG]
    for sheet in xlsx_bieu_mau.SHEETS:
        assert f"“{sheet}”" in text


def test_the_full_plan_example_is_the_sample_plan_and_renders(tmp_path):
    text = CHUYEN_VIEN_MD.read_text(encoding="utf-8")
    section = text.split("<!-- vi-du: ke-hoach -->", 1)[1]
    example = code_blocks(section, "yaml")[0]
    assert example == FULL_PLAN.read_text(encoding="utf-8")
    kh, tra_cuu, warnings = api.doc_ke_hoach(FULL_PLAN)
    assert tra_cuu is not None and warnings == []

    # the example uses every field of a plan but those the guide names
    used: set[tuple[str, str]] = set()

    def walk(obj) -> None:
        if isinstance(obj, BaseModel):
            for name in obj.model_fields_set:
                used.add((type(obj).__name__, name))
                value = getattr(obj, name)
                for item in value if isinstance(value, list) else [value]:
                    walk(item)

    walk(kh)
    every = {(m.__name__, f) for m in documented_models() if m.__name__ in PLAN_MODELS for f in m.model_fields}
    assert every - used == {("KeHoach", "do_mat"), ("KeHoach", "do_khan"), ("NguoiKy", "tap_the"),
                            ("NguoiKy", "truong_don_vi"), ("NoiNhan", "nhu_tren"), ("CheDoBaoCao", "chot_so_lieu"),
                            ("PhuLuc", "nhiem_vu"), ("KeHoach", "truong_them"), ("PhuLuc", "kieu"),
                            ("PhuLuc", "so_thu_tu"), ("PhuLuc", "kem_theo_cua")}
    for field in ("do_mat", "do_khan", "tap_the", "truong_don_vi", "nhu_tren", "chot_so_lieu", "phu_luc[].nhiem_vu",
                  "phu_luc[].kieu", "phu_luc[].so_thu_tu", "phu_luc[].kem_theo_cua"):
        assert f"`{field}`" in text.split("<!-- vi-du: ke-hoach -->", 1)[0].rsplit("## Ví dụ", 1)[1], field

    result = api.tao_ke_hoach(FULL_PLAN, tmp_path)
    assert sorted(p.name for p in result.tep) == ["quang-tri-kiem-tra-2026-phu-luc.xlsx",
                                                  "quang-tri-kiem-tra-2026.docx"]
    [check] = api.kiem_tra([tmp_path / "quang-tri-kiem-tra-2026.docx"])
    assert check.loi_doc is None and check.phat_hien == []


# ---- the template makers' guide ------------------------------------------------------------------

def flatten(context: dict, prefix: str = "") -> set[str]:
    """The variable names a template can use: ``ho_ten``, ``phu_luc[].nhan``, ``pl.dong[].o[].html``."""
    out = set()
    for name, value in context.items():
        path = prefix + name
        out.add(path)
        if isinstance(value, dict):
            out |= flatten(value, path + ".")
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, dict):
                    out |= flatten(item, path + "[].")
    return out


def template_contexts(out: Path) -> dict[str, set[str]]:
    """Every variable each template receives while the demo makes every sample document (in this
    process; PDF layout itself skipped, the HTML templates still rendered)."""
    seen: dict[str, set[str]] = defaultdict(set)

    def spy_docx(module):
        real = module.render_template

        def render_template(tpl, template, context):
            seen[f"docx/{Path(template).name}"] |= flatten(context)
            return real(tpl, template, context)
        return render_template

    real_env = pdf_ke_hoach.make_env

    def make_env(*args, **kwargs):
        env = real_env(*args, **kwargs)
        get_template = env.get_template

        def spy_get_template(name, *a, **kw):
            template = get_template(name, *a, **kw)

            def render(*c, **kw2):
                context = dict(*c, **kw2)
                seen[f"html/{name}"] |= flatten(context)
                return template.render(context)
            return types.SimpleNamespace(render=render)
        env.get_template = spy_get_template
        return env

    with mock.patch.object(vio, "_can_fork", lambda: False), \
            mock.patch.object(docx_ke_hoach, "render_template", spy_docx(docx_ke_hoach)), \
            mock.patch.object(docx_van_ban, "render_template", spy_docx(docx_van_ban)), \
            mock.patch.object(pdf_ke_hoach, "make_env", make_env), \
            mock.patch.object(pdf_ke_hoach, "render_pages", typeset(pdf_ke_hoach.render_pages)), \
            mock.patch.object(pdf_van_ban, "render_pages", typeset(pdf_ke_hoach.render_pages)), \
            mock.patch.object(pdf_ke_hoach, "write_pdf", lambda *a, **k: None), \
            mock.patch.object(pdf_van_ban, "write_pdf", lambda *a, **k: None):
        api.demo(out, pdf=True, check=False)
    return seen


def typeset(render_pages):
    """``render_pages`` with every annex typeset from its HTML template (as a user's own template
    is), not drawn: so that every template's variables are seen."""
    return lambda *a, **k: render_pages(*a, **{**k, "ve_bang": False}) if len(a) < 8 else render_pages(*a[:7], False, *a[8:])


def documented_variables() -> dict[str, set[str]]:
    """Template -> the variables its table in docs/mau-van-ban.md lists."""
    text = MAU_MD.read_text(encoding="utf-8")
    out = {}
    for kind, files in TEMPLATE_FILES.items():
        for name in files:
            if kind == "xlsx":
                continue
            key = f"{kind}/{name}"
            out[key] = set(names(tables(text, f"bien: {key}")))
    return out


def _pattern(documented: str) -> re.Pattern:
    """A documented name; a part written ``<…>`` (``kieu.<kiểu>.co_chu``) stands for any one name."""
    return re.compile("".join("[^.\\[\\]]+" if part.startswith("<") else re.escape(part)
                              for part in re.split(r"(<[^>]+>)", documented)) + "$")


def test_every_template_variable_is_documented(tmp_path):
    received = template_contexts(tmp_path)
    documented = documented_variables()
    assert set(received) == set(documented), "mỗi mẫu .docx, .html, .css có một bảng biến"
    for template, variables in received.items():
        patterns = {d: _pattern(d) for d in documented[template]}
        missing = sorted(v for v in variables if not any(p.match(v) for p in patterns.values()))
        assert not missing, f"{template}: biến không có trong docs/mau-van-ban.md: {missing}"
        unused = sorted(d for d, p in patterns.items() if not any(p.match(v) for v in variables))
        assert not unused, f"{template}: docs/mau-van-ban.md nêu biến mẫu không nhận: {unused}"


def test_styles_sheets_and_limits_are_documented():
    text = MAU_MD.read_text(encoding="utf-8")
    docx_rows = tables(text, "kieu: docx")
    listed = [r[0].strip("“”") for r in docx_rows]
    for key, style in {**docx_styles.STYLES, **docx_styles.MEASURED}.items():
        if key in docx_styles.NOTES:
            assert style.name.title() in listed, style.name  # Word shows "Footnote Text"
        else:
            assert style.name in listed, style.name
    for style in (*xlsx_phu_luc.STYLES, *xlsx_bieu_mau.STYLES):
        assert f"“{style}”" in text, style
    for sheet in xlsx_bieu_mau.SHEETS:
        assert f"“{sheet}”" in text, sheet
    limits = {r[0].strip("`"): r for r in tables(text, "gioi-han")}
    for name, value in vars(sandbox.LIMITS).items():
        shown = f"{value:,.0f}".replace(",", " ")
        assert name in limits and shown in limits[name][1], (name, shown)


def test_readme_links_the_documents():
    text = README.read_text(encoding="utf-8")
    assert text.startswith("# vanban\n\nTrên máy mới (Debian), tạo mọi văn bản mẫu từ `data/` vào `out/`:\n\n"
                           "    ./setup.sh && .venv/bin/vanban demo -o out --pdf --ghi-de\n")
    section = text.split("## Tài liệu", 1)[1].split("\n## ", 1)[0]
    for doc in (CHUYEN_VIEN_MD, MAU_MD, API_MD):
        assert f"(docs/{doc.name})" in section, doc.name
    for md in (README, CHUYEN_VIEN_MD, MAU_MD, API_MD):
        for link in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", md.read_text(encoding="utf-8")):
            assert (md.parent / link).exists(), f"{md.name}: liên kết hỏng {link}"


def test_the_public_api_is_what_api_md_describes():
    text = API_MD.read_text(encoding="utf-8")
    for name in vanban.__all__:
        if name != "__version__":
            assert f"`{name}" in text, name
