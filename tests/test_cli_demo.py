"""vanban demo: the main job on the sample data: every sample plan, then the whole reporting cycle
of every sample period (forms, agency reports, consolidation, reminder), all checked."""

from __future__ import annotations

from vanban.cli import main
from tests.conftest import PLANS, ROOT

PERIODS = ROOT / "data" / "bao-cao"


def files(out):
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())


def test_demo_writes_every_sample(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out)]) == 0
    names = files(out)
    for plan in sorted(PLANS.glob("*.yaml")):
        assert f"{plan.stem}.docx" in names
    assert "quang-tri-snnmt-phu-luc.xlsx" in names and "hung-yen-132-phu-luc.xlsx" in names
    cap = capsys.readouterr()
    printed = cap.out
    assert printed.count("Đã ghi:") == len(names)
    # the sample period's broken and replaced returns: exit 0 all the same, and a warning says so
    assert ("2 phiếu không được tính trong báo cáo tổng hợp (dữ liệu mẫu cố ý có phiếu lỗi và phiếu trùng để "
            "minh họa; với lệnh tonghop, mã thoát là 3): 08-so-khoa-hoc-va-cong-nghe.xlsx, 02-so-xay-dung.xlsx"
            in cap.err)
    # the cycle of the sample period
    period = "hung-yen-2026"
    assert {f"{period}/tong-hop-2026.docx", f"{period}/tong-hop-2026.xlsx", f"{period}/don-doc-2026.docx"} <= set(names)
    forms = [n for n in names if n.startswith(f"{period}/bieu-mau/")]
    assert len(forms) == 11
    returns = sorted((PERIODS / period / "phieu").glob("*.xlsx"))
    reports = [n for n in names if n.startswith(f"{period}/bao-cao/")]
    # every return but the one with errors gets its agency report
    assert len(reports) == len(returns) - 1
    # every .docx written was checked, with no error
    assert printed.count("Kiểm tra thể thức") == sum(1 for n in names if n.endswith(".docx"))
    assert " 0 lỗi" in printed and not any(ln for ln in printed.splitlines()
                                           if "Kiểm tra thể thức" in ln and " 0 lỗi" not in ln)


def test_demo_refuses_to_overwrite_then_overwrites_on_request(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out)]) == 0
    stamp = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert main(["demo", "-o", str(out)]) == 1
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == stamp
    assert main(["demo", "-o", str(out), "--ghi-de"]) == 0


def test_demo_json_lists_every_file_its_checks_and_its_warnings(tmp_path):
    from tests.cli_helpers import vanban_json

    code, doc = vanban_json("demo", "-o", tmp_path / "out")
    assert code == 0 and doc["lenh"] == "demo" and doc["loi"] == []
    written = sorted(str(p) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert sorted(doc["tep"]) == written
    docx = [p for p in doc["tep"] if p.endswith(".docx")]
    assert [c["tep"] for c in doc["kiem_tra"]] == docx and all(c["so_loi"] == 0 for c in doc["kiem_tra"])
    (w,) = [w for w in doc["canh_bao"] if "phiếu không được tính" in w["message"]]
    assert w["file"].endswith("phieu") and "mã thoát là 3" in w["message"]
