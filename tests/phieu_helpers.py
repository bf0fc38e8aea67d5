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


SHEET_PARTS = {"Hướng dẫn": 1, "Thông tin báo cáo": 2, "Kết quả": 3, "Nội dung báo cáo": 4, "_vanban": 5}


def _repack(path: Path, change_part) -> Path:
    """Rewrite the package at ``path`` with ``change_part(name, data) -> data`` on every member."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change_part(info.filename, zin.read(info.filename)))
    path.write_bytes(buf.getvalue())
    return path


def save_values(path: Path, sheet: str, values: dict[str, tuple[str, str]]) -> Path:
    """Store a computed value with formulas openpyxl wrote without one, as Excel does on saving:
    ``values``: cell ("G4") -> (type, value), type "n" (number), "str" (text), "b", "e" (error)."""
    import re
    from xml.sax.saxutils import escape

    part = f"xl/worksheets/sheet{SHEET_PARTS[sheet]}.xml"

    def change(name, data):
        if name != part:
            return data
        text = data.decode("utf-8")
        for ref, (kind, value) in values.items():
            pattern = re.compile(rf'<c r="{ref}"([^>]*?)(?: t="\w+")?><f>(.*?)</f><v\s*>\s*</v></c>|'
                                 rf'<c r="{ref}"([^>]*?)(?: t="\w+")?><f>(.*?)</f><v\s*/></c>')
            m = pattern.search(text)
            assert m, f"{ref}: no formula without a value in {part}"
            attrs, formula = (m.group(1), m.group(2)) if m.group(2) is not None else (m.group(3), m.group(4))
            t = "" if kind == "n" else f' t="{kind}"'
            text = text[:m.start()] + f'<c r="{ref}"{attrs}{t}><f>{formula}</f><v>{escape(value)}</v></c>' + text[m.end():]
        return text.encode("utf-8")

    return _repack(path, change)
