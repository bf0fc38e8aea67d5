"""vanban demo: the main job on the sample data."""

from __future__ import annotations

from generator.cli import main
from tests.conftest import PLANS


def test_demo_writes_every_sample(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    expected = []
    for plan in sorted(PLANS.glob("*.yaml")):
        expected.append(f"{plan.stem}.docx")
    assert set(expected) <= set(names)
    assert "quang-tri-snnmt-phu-luc.xlsx" in names and "hung-yen-132-phu-luc.xlsx" in names
    printed = capsys.readouterr().out
    assert printed.count("Đã ghi:") == len(names)


def test_demo_refuses_to_overwrite_then_overwrites_on_request(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "-o", str(out)]) == 0
    stamp = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert main(["demo", "-o", str(out)]) == 1
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamp
    assert main(["demo", "-o", str(out), "--ghi-de"]) == 0
