"""vanban tonghop: summary on the terminal, refused files on stderr, the three outputs."""

from __future__ import annotations

import pytest

from generator import api
from generator.cli import main
from tests.conftest import PLANS
from tests.phieu_helpers import fill, signer

PLAN = PLANS / "hung-yen-132.yaml"


@pytest.fixture(scope="module")
def returns(tmp_path_factory):
    d = tmp_path_factory.mktemp("tonghop")
    forms = api.tao_bieu_mau(PLAN, "2026", d / "bm", co_quan=["Công an tỉnh", "Sở Y tế"]).tep
    ret = d / "phieu"
    ret.mkdir()
    cat = next(f for f in forms if "CAT" in f.name)
    from openpyxl import load_workbook
    ws = load_workbook(cat)["Kết quả"]
    first = ws.cell(4, 1).value
    fill(cat, ret / "cat.xlsx", {first: {"Tình trạng": "Đã hoàn thành"}}, signer("CAT"))
    (ret / "ghi-chu.txt").write_text("không phải phiếu", encoding="utf-8")
    (ret / "~$cat.xlsx").write_bytes(b"lock file of Excel")
    return ret


def test_summary_and_outputs(returns, tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(returns), "--ky", "2026", "--han-moi", "24/12/2026", "--don-doc",
                 "-o", str(tmp_path)]) == 0
    cap = capsys.readouterr()
    assert "Tổng hợp năm 2026, Kế hoạch số 132/KH-UBND: 1/11 cơ quan đã báo cáo; 29 nhiệm vụ" in cap.out
    assert "Chưa báo cáo: Sở Nông nghiệp và Môi trường;" in cap.out
    assert "Không tính phiếu" in cap.err and "ghi-chu.txt" in cap.err
    assert "~$cat.xlsx" not in cap.err  # Excel's lock file is not a return
    assert sorted(p.name for p in tmp_path.iterdir()) == ["don-doc-2026.docx", "tong-hop-2026.docx",
                                                         "tong-hop-2026.xlsx"]


def test_period_file(returns, tmp_path):
    info = tmp_path / "ky.yaml"
    info.write_text("ky: 2026\nhan_nop: 15/12/2026\nbao_cao:\n  so: 301\n  ngay: 2026-12-20\n  kinh_gui: [Bộ Nông nghiệp và Môi "
                    "trường, Bộ Tài chính]\ndon_doc:\n  han_moi: 2026-12-26\n", encoding="utf-8")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 0
    from docx import Document
    d = Document(tmp_path / "o" / "tong-hop-2026.docx")
    text = "\n".join(p.text for p in d.paragraphs)
    assert "- Bộ Nông nghiệp và Môi trường;" in text and "- Bộ Tài chính." in text
    header = "\n".join(c.text for r in d.tables[0].rows for c in r.cells)
    assert "Số: 301/BC-UBND" in header
    letter = "\n".join(p.text for p in Document(tmp_path / "o" / "don-doc-2026.docx").paragraphs)
    assert "trước ngày 26/12/2026" in letter and "trước ngày 15/12/2026" in letter


def test_bad_period_file(returns, tmp_path, capsys):
    info = tmp_path / "ky.yaml"
    info.write_text("ky: 2026\nbao_cao:\n  so: -3\n  nguoi_ki: X\n", encoding="utf-8")
    assert main(["tonghop", str(PLAN), str(returns), "--thong-tin", str(info), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "bao_cao.so" in err and "bao_cao.nguoi_ki" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_needs_a_period(returns, tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(returns), "-o", str(tmp_path)]) == 2
    assert "--ky" in capsys.readouterr().err


def test_missing_folder(tmp_path, capsys):
    assert main(["tonghop", str(PLAN), str(tmp_path / "khong-co"), "--ky", "2026", "-o", str(tmp_path)]) == 1
    assert "không tìm thấy thư mục phiếu báo cáo" in capsys.readouterr().err
