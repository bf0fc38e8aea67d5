"""``vanban nhap`` on the project's own annex workbook and ``vanban chuanhoa`` on a clerk's report,
as real processes: the skeleton plan, ``--vao`` replacing a plan's annexes without touching that
plan, the result going on to ``kehoach`` with no checker error; a hand-made Báo cáo with format
errors reissued with every sentence kept and the errors named in the list of changes."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from vanban.check.model import DocModel
from vanban.load import load_plan
from vanban.text.than_van import parse_inline

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checker_errors(docx: Path) -> tuple[int, list]:
    p = run("kiemtra", docx, "--json")
    (doc,) = json.loads(p.stdout)
    assert doc["loi_doc"] is None, doc
    return p.returncode, doc["phat_hien"]


def shown(text: str | None) -> str:
    """What a workbook cell shows of a model text (sub- and superscript marks are not in it)."""
    return "".join("^[" + "".join(x.text for x in r.note) + "]" if r.note is not None else r.text
                   for r in parse_inline(text or ""))


def tasks(plan) -> list[tuple[str, tuple[str, ...], tuple[str, ...], str]]:
    return [(shown(t.noi_dung), tuple(t.chu_tri), tuple(t.phoi_hop), shown(t.tien_do)) for pl in plan.phu_luc
            for t in pl.all_tasks()]


@pytest.fixture(scope="module")
def own_xlsx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ra")
    p = run("kehoach", PLAN, "-o", out)
    assert p.returncode == 0, p.stderr
    return out / "hung-yen-132-phu-luc.xlsx"


def test_nhap_xlsx_gives_a_skeleton_plan_that_renders(own_xlsx, tmp_path):
    p = run("nhap", own_xlsx, "-o", tmp_path / "khung.yaml")
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr and "kế hoạch khung" in p.stderr  # says what is left to fill
    skeleton = load_plan(tmp_path / "khung.yaml")
    assert tasks(skeleton) == tasks(load_plan(PLAN))
    assert skeleton.trich_yeu == "CHƯA XÁC ĐỊNH"  # what the workbook cannot tell is marked, not invented
    k = run("kehoach", tmp_path / "khung.yaml", "-o", tmp_path / "ra")
    assert k.returncode == 0, k.stderr
    assert (tmp_path / "ra" / "khung.docx").is_file() and (tmp_path / "ra" / "khung-phu-luc.xlsx").is_file()


def test_nhap_xlsx_vao_replaces_the_annexes_and_leaves_the_plan(own_xlsx, tmp_path):
    # a plan of the same agency whose annex is out of date: one task only
    shutil.copy(PLAN.parent / yaml.safe_load(PLAN.read_text(encoding="utf-8"))["danh_muc_co_quan"],
                tmp_path / "co-quan.yaml")
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data["danh_muc_co_quan"] = "co-quan.yaml"
    old = data["phu_luc"][0]
    old.pop("nhom", None)
    old["nhiem_vu"] = [{"id": "CU-01", "noi_dung": "Nhiệm vụ cũ sẽ được thay", "chu_tri": ["Sở Xây dựng"],
                        "tien_do": "2026"}]
    vao = tmp_path / "ke-hoach.yaml"
    vao.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    before = digest(vao)

    p = run("nhap", own_xlsx, "-o", tmp_path / "moi.yaml", "--vao", vao)
    assert p.returncode == 0, p.stderr
    assert digest(vao) == before
    new = load_plan(tmp_path / "moi.yaml")
    assert tasks(new) == tasks(load_plan(PLAN))
    assert "Nhiệm vụ cũ sẽ được thay" not in (tmp_path / "moi.yaml").read_text(encoding="utf-8")
    kept = load_plan(vao)
    assert (new.trich_yeu, new.so, new.nguoi_ky.ho_ten) == (kept.trich_yeu, kept.so, kept.nguoi_ky.ho_ten)

    k = run("kehoach", tmp_path / "moi.yaml", "-o", tmp_path / "ra")
    assert k.returncode == 0, k.stderr
    rc, found = checker_errors(tmp_path / "ra" / "moi.docx")
    assert rc == 0, found
    assert [f for f in found if f.get("muc_do") == "lỗi"] == []


# ---- a clerk's report --------------------------------------------------------------------------

REPORT_BODY = [
    ("Thực hiện Kế hoạch số 132/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh, Ủy ban nhân dân xã "
     "Minh Tân báo cáo kết quả thực hiện quý I năm 2026 như sau:", False),
    ("I. KẾT QUẢ THỰC HIỆN", True),
    ("1. Công tác chỉ đạo, điều hành", True),
    ("Ủy ban nhân dân xã đã ban hành 03 văn bản chỉ đạo các thôn triển khai nhiệm vụ.", False),
    ("2. Kết quả cụ thể", True),
    ("Đã thu gom, xử lý 95% lượng chất thải rắn sinh hoạt trên địa bàn.", False),
    ("II. TỒN TẠI, HẠN CHẾ", True),
    ("Một số thôn chưa bố trí điểm tập kết rác thải đúng quy định.", False),
    ("III. NGUYÊN NHÂN", True),
    ("Kinh phí bố trí cho công tác vệ sinh môi trường còn hạn chế.", False),
    ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II", True),
    ("Tiếp tục tuyên truyền, vận động Nhân dân phân loại rác thải tại nguồn./.", False),
]


def _p(container, text: str, size: float, *, bold=False, italic=False, align="center", first_line=None):
    para = container.add_paragraph()
    para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
                      "both": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    if first_line:
        para.paragraph_format.first_line_indent = Cm(first_line)
    para.paragraph_format.space_after = Pt(0)
    run_ = para.add_run(text)
    run_.font.size, run_.bold, run_.italic = Pt(size), bold, italic
    return para


REPORT_ANNEX = [("1", "Thu gom, xử lý chất thải rắn sinh hoạt", "95%", ""),
                ("2", "Tuyên truyền phân loại rác tại nguồn", "12 buổi", "Các thôn"),
                ("3", "Kiểm tra cơ sở chăn nuôi", "8 cơ sở", "")]


REPORT_ANNEX_CITED = "Kết quả thực hiện từng nhiệm vụ tại Phụ lục kèm theo Báo cáo này."


def clerk_report(path: Path, *, signer: str = "table", annex: bool = False, kinh_gui: list[str] | None = None) -> Path:
    """A Báo cáo as a clerk types it in Word: the header in a borderless table, the title, Kính gửi,
    sections I–IV, the signer block and Nơi nhận in a table; with three format errors: the Số
    without its leading zero, a date without leading zeros and the body in 12 pt.

    ``signer="paragraphs"``: the signer's lines typed as centred paragraphs in the right half,
    then "Nơi nhận:" and the recipients under them; ``annex``: a "Phụ lục" of results with a
    table after a page break; ``kinh_gui``: the names of a Kính gửi of several lines."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Cm(2), Cm(2), Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), "Times New Roman")

    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    for c in (left, right):
        c._element.remove(c.paragraphs[0]._element)
    _p(left, "ỦY BAN NHÂN DÂN", 13)
    _p(left, "XÃ MINH TÂN", 13, bold=True)
    _p(left, "Số: 7/BC-UBND", 13)
    _p(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True)
    _p(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _p(right, "Minh Tân, ngày 5 tháng 4 năm 2026", 14, italic=True)

    _p(doc, "", 14)
    _p(doc, "BÁO CÁO", 14, bold=True)
    _p(doc, "Kết quả thực hiện nhiệm vụ bảo vệ môi trường quý I năm 2026", 14, bold=True)
    if kinh_gui:
        _p(doc, "Kính gửi:", 14)
        for k, name in enumerate(kinh_gui):
            _p(doc, f"- {name}{'.' if k == len(kinh_gui) - 1 else ';'}", 14)
    else:
        _p(doc, "Kính gửi: Ủy ban nhân dân tỉnh.", 14)
    body = list(REPORT_BODY)
    if annex:
        body.insert(-1, (REPORT_ANNEX_CITED, False))
    for text, heading in body:
        _p(doc, text, 12, bold=heading, align="both", first_line=1.0)

    recipients = ("- Như trên;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT.")
    signer_lines = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    if signer == "paragraphs":
        for line in signer_lines + ("", "", "", "Trần Văn Hùng"):
            para = _p(doc, line, 14, bold=bool(line))
            para.paragraph_format.left_indent = Cm(7.5)
        _p(doc, "", 12, align="left")
        _p(doc, "Nơi nhận:", 12, bold=True, italic=True, align="left")
        for line in recipients:
            _p(doc, line, 11, align="left")
    else:
        sig = doc.add_table(rows=1, cols=2)
        nn, sg = sig.rows[0].cells
        for c in (nn, sg):
            c._element.remove(c.paragraphs[0]._element)
        _p(nn, "Nơi nhận:", 12, bold=True, italic=True, align="left")
        for line in recipients:
            _p(nn, line, 11, align="left")
        for line in signer_lines:
            _p(sg, line, 14, bold=True)
        for _ in range(3):
            _p(sg, "", 14)
        _p(sg, "Trần Văn Hùng", 14, bold=True)
    if annex:
        from docx.enum.text import WD_BREAK
        _p(doc, "", 14).runs[0].add_break(WD_BREAK.PAGE)
        _p(doc, "Phụ lục", 14, bold=True)
        _p(doc, "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ QUÝ I NĂM 2026", 14, bold=True)
        _p(doc, "(Kèm theo Báo cáo số 7/BC-UBND ngày 5 tháng 4 năm 2026 của Ủy ban nhân dân xã Minh Tân)", 14,
           italic=True)
        t = doc.add_table(rows=1, cols=4)
        t.style = doc.styles["Table Grid"]
        for cell, title in zip(t.rows[0].cells, ("TT", "Nội dung", "Kết quả", "Ghi chú")):
            cell.paragraphs[0].add_run(title).bold = True
        for row in REPORT_ANNEX:
            cells = t.add_row().cells
            for cell, text in zip(cells, row):
                cell.paragraphs[0].add_run(text).font.size = Pt(12)
    doc.save(path)
    return path


def _words(path: Path) -> str:
    return " ".join(" ".join(p.text for p in DocModel(path).paragraphs).split())


def test_chuanhoa_reissues_a_clerks_report_ready_to_sign(tmp_path):
    src = clerk_report(tmp_path / "bao-cao.docx")
    before = digest(src)
    rc, found = checker_errors(src)
    rules = {f["ma"] for f in found if f.get("muc_do") == "lỗi"}
    assert rc == 1 and {"HDR-012", "HDR-016", "BODY-002"} <= rules  # Số, date and size as typed

    out = tmp_path / "bao-cao-chuan.docx"
    p = run("chuanhoa", src, "-o", out)
    assert p.returncode == 0, p.stderr
    assert digest(src) == before
    rc, after = checker_errors(out)
    assert rc == 0 and [f for f in after if f.get("muc_do") == "lỗi"] == [], after

    words = _words(out)
    for text, _heading in REPORT_BODY:
        assert text.removesuffix("./.") in words
    assert "BÁO CÁO" in words and "Kính gửi: Ủy ban nhân dân tỉnh" in words
    assert "Số: 07/BC-UBND" in words and "Minh Tân, ngày 05 tháng 4 năm 2026" in words
    assert "TM. ỦY BAN NHÂN DÂN" in words and "Trần Văn Hùng" in words and "- Lưu: VT" in words

    changes = p.stdout.split("Đã thay đổi:", 1)[1]
    for rule in rules:  # every error of the clerk's copy is named among the changes
        assert f"[{rule}]" in changes, (rule, changes)


def test_chuanhoa_reissues_a_report_typed_in_paragraphs_with_an_annex(tmp_path):
    """The signer typed as paragraphs over a Nơi nhận of its own, a Kính gửi of two lines and a
    Phụ lục of results after a page break: reissued with 0 errors, every part kept, the signer
    block rebuilt and said so."""
    names = ["Ủy ban nhân dân tỉnh", "Sở Nông nghiệp và Môi trường"]
    src = clerk_report(tmp_path / "bao-cao.docx", signer="paragraphs", annex=True, kinh_gui=names)
    before = digest(src)
    rc, found = checker_errors(src)
    assert rc == 1 and not any(f["ma"].startswith(("NN-", "SIG-", "PL-")) for f in found), found

    out = tmp_path / "bao-cao-chuan.docx"
    p = run("chuanhoa", src, "-o", out)
    assert p.returncode == 0, p.stderr
    assert digest(src) == before
    rc, after = checker_errors(out)
    assert rc == 0 and [f for f in after if f.get("muc_do") == "lỗi"] == [], after

    texts = [" ".join(x.text.split()) for x in DocModel(out).paragraphs if x.text.strip()]
    words = " ".join(texts)
    for text, _heading in REPORT_BODY:
        assert text.removesuffix("./.") in words
    assert REPORT_ANNEX_CITED in words
    assert texts[texts.index("Kính gửi:") + 1:texts.index("Kính gửi:") + 3] == [f"- {names[0]};", f"- {names[1]}."]
    assert "TM. ỦY BAN NHÂN DÂN" in texts and "CHỦ TỊCH" in texts and "Trần Văn Hùng" in texts
    assert "- Chủ tịch, các PCT UBND xã;" in texts and "- Lưu: VT." in texts
    at = texts.index("Phụ lục")
    assert texts[at + 1] == "KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ QUÝ I NĂM 2026"
    assert all(x in texts[at:] for row in REPORT_ANNEX for x in row if x)
    changes = p.stdout.split("Đã thay đổi:", 1)[1]
    assert "khối chữ ký và nơi nhận gõ bằng đoạn văn" in changes
