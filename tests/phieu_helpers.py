"""Filling a return form the way a clerk does: open the .xlsx, type into the cells, save."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

HEAD_ROW = 3


def columns(ws) -> dict[str, int]:
    return {ws.cell(HEAD_ROW, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(HEAD_ROW, c).value}


def task_rows(ws) -> dict[str, int]:
    col = columns(ws)["Mã nhiệm vụ"]
    return {ws.cell(r, col).value: r for r in range(HEAD_ROW + 1, ws.max_row + 1) if ws.cell(r, col).value}


def fill(src: Path, dst: Path, results: dict[str, dict], info: dict[str, object] | None = None,
         sections: dict[str, str] | None = None) -> Path:
    """``results``: task id -> {column title: value}; ``info``: "Thông tin báo cáo" label -> value;
    ``sections``: heading number ("I", "II", "III", "IV") -> text under it."""
    wb = load_workbook(src)
    ws = wb["Kết quả"]
    col, rows = columns(ws), task_rows(ws)
    for tid, values in results.items():
        for title, value in values.items():
            ws.cell(rows[tid], col[title]).value = value
    tt = wb["Thông tin báo cáo"]
    for r in range(1, tt.max_row + 1):
        label = tt.cell(r, 1).value
        if info and label in info:
            tt.cell(r, 2).value = info[label]
    nd = wb["Nội dung báo cáo"]
    for r in range(1, nd.max_row + 1):
        head = str(nd.cell(r, 1).value or "")
        number = head.split(".", 1)[0]
        if sections and number in sections and head.startswith(number + "."):
            nd.cell(r + 1, 1).value = sections[number]
    wb.save(dst)
    return dst


def signer(abbr: str, name: str = "Trần Văn Bình", so: int | None = 12) -> dict[str, object]:
    return {"Viết tắt": abbr, "Số": so, "Ngày": "10/12/2026", "Địa danh": "Hưng Yên", "Quyền hạn ký": "KT.",
            "Chức vụ cấp trưởng": "Giám đốc", "Chức vụ người ký": "Phó Giám đốc", "Họ tên người ký": name,
            "Cơ quan chủ quản": "UBND tỉnh Hưng Yên"}


def edit(path: Path, change) -> Path:
    """Open a workbook with openpyxl, apply ``change(wb)`` and save it in place."""
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path
