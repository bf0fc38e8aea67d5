"""vanban baocao: an agency's Báo cáo from its filled form; refusals with their cells."""

from __future__ import annotations

import pytest

from vanban import api
from vanban.cli import main
from tests.conftest import PLANS
from tests.phieu_helpers import fill, signer

PLAN = PLANS / "hung-yen-132.yaml"


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    d = tmp_path_factory.mktemp("bm")
    (f,) = api.tao_bieu_mau(PLAN, "2026", d, co_quan=["Sở Y tế"]).tep
    return f


def test_report_written(form, tmp_path, capsys):
    filled = fill(form, tmp_path / "syt.xlsx", {}, signer("SYT"))
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 0
    assert "Đã ghi:" in capsys.readouterr().out
    assert (tmp_path / "o" / "syt-bao-cao.docx").exists()


def test_report_with_pdf(form, tmp_path):
    filled = fill(form, tmp_path / "syt.xlsx", {}, signer("SYT"))
    assert main(["baocao", str(filled), "-o", str(tmp_path), "--pdf"]) == 0
    assert (tmp_path / "syt-bao-cao.pdf").read_bytes()[:5] == b"%PDF-"


def test_abbreviation_from_the_registry(form, tmp_path):
    info = signer("SYT")
    info["Viết tắt"] = None
    filled = fill(form, tmp_path / "syt.xlsx", {}, info)
    assert main(["baocao", str(filled), "-o", str(tmp_path / "a")]) == 1
    assert main(["baocao", str(filled), "-o", str(tmp_path / "b"), "--danh-muc",
                 str(PLANS.parent / "co-quan" / "hung-yen.yaml")]) == 0


def test_missing_signer_named_by_cell(form, tmp_path, capsys):
    info = signer("SYT")
    info["Chức vụ người ký"] = None
    filled = fill(form, tmp_path / "syt.xlsx", {}, info)
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "Sheet 'Thông tin báo cáo', ô B13" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_not_a_form(tmp_path, capsys):
    bad = tmp_path / "bao-cao.xlsx"
    bad.write_text("không phải bảng tính", encoding="utf-8")
    assert main(["baocao", str(bad), "-o", str(tmp_path / "o")]) == 1
    assert str(bad) in capsys.readouterr().err


def test_report_from_a_blank_form(tmp_path):
    """No plan: the agency types its own tasks into a blank form."""
    from docx import Document
    from openpyxl import load_workbook

    (blank,) = api.tao_bieu_mau(None, "2026", tmp_path, co_quan=["Sở Y tế"]).tep
    wb = load_workbook(blank)
    ws = wb["Kết quả"]
    head = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    typed = [("YT-01", "Kiểm tra vệ sinh môi trường bệnh viện", "Chủ trì", "Đã hoàn thành"),
             ("YT-02", "Xử lý chất thải y tế", "Phối hợp", "Đang thực hiện")]
    for k, (tid, text, role, status) in enumerate(typed):
        for title, value in zip(("Mã nhiệm vụ", "Nội dung nhiệm vụ", "Vai trò", "Tình trạng"), (tid, text, role, status)):
            ws.cell(4 + k, head[title]).value = value
    wb.save(tmp_path / "yt.xlsx")
    filled = fill(tmp_path / "yt.xlsx", tmp_path / "yt.xlsx", {}, signer("SYT") | {"Kính gửi": "Sở Nội vụ"})
    assert main(["baocao", str(filled), "-o", str(tmp_path / "o")]) == 0
    d = Document(tmp_path / "o" / "yt-bao-cao.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Kính gửi: Sở Nội vụ." in text
    assert "Tổng số nhiệm vụ được giao: 2 (1 nhiệm vụ chủ trì, 1 nhiệm vụ phối hợp); đã hoàn thành 1;" in text
    annex = [[c.text for c in r.cells] for r in d.tables[-1].rows]
    assert [r[1] for r in annex[1:3]] == [t[1] for t in typed] and [r[4] for r in annex[1:3]] == [t[3] for t in typed]
