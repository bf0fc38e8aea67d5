"""A province's own templates (``--mau THƯ_MỤC``): checking the folder, exporting the built-in
templates for editing.

The folder mirrors the built-in ``templates/``: ``docx/ke-hoach.docx``, ``xlsx/phu-luc.xlsx``,
``html/ke-hoach.html`` … Any of them may be there; a file present wins, the built-in one is
used for the rest (``vanban.resources.template_file``).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputError, Problem, ten_tham_so
from .resources import TEMPLATE_FILES, template_file

KIND_TEXT = {"docx": "văn bản Word (.docx)", "xlsx": "bảng tính Excel (.xlsx)", "html": "tệp HTML/CSS"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, Excel 97-2003 .xls


def _kind_of(path: Path) -> str | None:
    """What the file holds: "docx", "xlsx", "html", "ole" (an old .doc/.xls) or None."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
        if head == _OLE:
            return "ole"
        if head[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            return None
        data = path.read_bytes()
        if b"\x00" in data:
            return None
        data.decode("utf-8")
        return "html"
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, ValueError):
        return None


def _where(name: str) -> str | None:
    return next((kind for kind, files in TEMPLATE_FILES.items() if name in files), None)


def _wrong_kind(path: Path, kind: str) -> str | None:
    """Why ``path`` cannot be the ``kind`` template it is named as, or None when it can."""
    found = _kind_of(path)
    if found == kind:
        return None
    if found == "ole":
        old = {"docx": "Word 97-2003 (.doc)", "xlsx": "Excel 97-2003 (.xls)"}.get(kind, "Office 97-2003")
        return (f"tệp dạng {old}, không phải {KIND_TEXT[kind]}; mở bằng Word/Excel hoặc LibreOffice rồi lưu lại "
                f"dạng {KIND_TEXT[kind]}")
    if found in KIND_TEXT:
        return f"tệp là {KIND_TEXT[found]}, không phải {KIND_TEXT[kind]} như tên tệp cho biết"
    return f"tệp không đọc được như {KIND_TEXT[kind]} (tệp hỏng hoặc không phải loại đó)"


def _skipped(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.casefold() == "readme.txt"


def kiem_tra_thu_muc_mau(mau: Path | str) -> list[Problem]:
    """Check a ``--mau`` folder before anything is rendered: a missing folder, a template file of
    the wrong kind or in the wrong place is an InputError (every problem at once); files that
    are no template are returned as warnings (they are not used)."""
    mau = Path(mau)
    layout = "thư mục con docx/, xlsx/, html/ như lệnh “vanban mau xuat” tạo ra"
    if not mau.exists():
        raise InputError([Problem(str(mau), "", f"không tìm thấy thư mục mẫu; cần một thư mục có các {layout}",
                                  argument="mau")])
    if not mau.is_dir():
        kind = _where(mau.name)
        hint = (f"; đặt tệp này vào THƯ_MỤC/{kind}/{mau.name} rồi ghi {ten_tham_so('mau', 'THƯ_MỤC')}" if kind
                else "")
        raise InputError([Problem(str(mau), "", f"phải là một thư mục (có các {layout}), không phải một tệp"
                                  + hint, argument="mau")])
    problems: list[Problem] = []
    warnings: list[Problem] = []
    used = 0
    try:
        top = sorted(mau.iterdir())
    except OSError as e:
        raise InputError([Problem(str(mau), "", f"không đọc được thư mục mẫu ({e.strerror})",
                                  argument="mau")]) from None
    for entry in top:
        if _skipped(entry):
            continue
        if entry.is_file() and _where(entry.name):
            kind = _where(entry.name)
            problems.append(Problem(str(entry), "", f"tệp mẫu phải nằm trong thư mục con {kind}/: "
                                                    f"chuyển thành {mau / kind / entry.name}"))
        if not entry.is_dir() or entry.name not in TEMPLATE_FILES:
            continue
        kind = entry.name
        names = TEMPLATE_FILES[kind]
        for f in sorted(entry.iterdir()):
            if _skipped(f) or not f.is_file():
                continue
            if f.name in names:
                why = _wrong_kind(f, kind)
                if why:
                    problems.append(Problem(str(f), "", why))
                else:
                    used += 1
            elif _where(f.name):
                right = _where(f.name)
                problems.append(Problem(str(f), "", f"tệp mẫu {f.name} phải nằm trong thư mục con {right}/: "
                                                    f"chuyển thành {mau / right / f.name}"))
            elif any(Path(n).stem == f.stem for n in names):
                name = next(n for n in names if Path(n).stem == f.stem)
                problems.append(Problem(str(f), "", f"mẫu phải là tệp {name} ({KIND_TEXT[kind]}); mở tệp rồi lưu "
                                                    f"lại dạng {KIND_TEXT[kind]} với tên {name}"))
            else:
                warnings.append(Problem(str(f), "", f"không phải tên tệp mẫu nào nên không được dùng; tên tệp mẫu "
                                                     f"trong {kind}/: " + ", ".join(names)))
    if problems:
        raise InputError(problems)
    if not used:
        warnings.append(Problem(str(mau), "", f"thư mục mẫu không có tệp mẫu nào (cần các {layout}); "
                                              "dùng mẫu có sẵn", argument="mau"))
    return warnings


# ---- export -----------------------------------------------------------------------------------

def _docx_styles_text() -> str:
    from .render.docx_styles import NOTES, STYLES

    lines = []
    for key, k in STYLES.items():
        if key not in NOTES:
            lines.append(f"  - “{k.name}”: {k.purpose}")
    lines.append("  - chú thích cuối trang: “Footnote Text” và “Footnote Reference” (tên có sẵn của Word)")
    return "\n".join(lines)


def _xlsx_styles_text() -> str:
    from .render import xlsx_bieu_mau, xlsx_phu_luc

    return ("  - phu-luc.xlsx: " + ", ".join(f"“{s}”" for s in xlsx_phu_luc.STYLES) + "\n"
            "  - bieu-mau.xlsx: " + ", ".join(f"“{s}”" for s in xlsx_bieu_mau.STYLES) + "\n"
            "    và bốn sheet " + ", ".join(f"“{s}”" for s in xlsx_bieu_mau.SHEETS))


def readme_text() -> str:
    """The README.txt written beside the exported templates (Vietnamese)."""
    files = "\n".join(f"  {kind}/{name}: {what}" for kind, names in TEMPLATE_FILES.items()
                      for name, what in names.items())
    return f"""MẪU VĂN BẢN CỦA VANBAN
======================

Thư mục này chứa bản sao các mẫu có sẵn của vanban để cơ quan sửa theo ý mình (phông chữ, cỡ
chữ, màu, khoảng cách, lề, đầu trang...). Dùng bằng tùy chọn --mau cho mọi lệnh tạo văn bản:

  vanban kehoach ke-hoach.yaml -o ket-qua --mau THƯ_MỤC_NÀY
  vanban bieumau ke-hoach.yaml --ky 2026 -o phieu --mau THƯ_MỤC_NÀY
  vanban baocao phieu.xlsx -o bao-cao --mau THƯ_MỤC_NÀY
  vanban tonghop ke-hoach.yaml phieu/ --ky 2026 -o tong-hop --mau THƯ_MỤC_NÀY
  vanban demo -o out --mau THƯ_MỤC_NÀY

Chỉ cần giữ những tệp đã sửa: tệp nào có trong thư mục thì được dùng, tệp nào không có thì
vanban dùng mẫu có sẵn. Giữ nguyên tên tệp và thư mục con (docx/, xlsx/, html/).

Các tệp
-------
{files}

Mở và lưu bằng Word hoặc LibreOffice đều được (lưu dạng .docx / .xlsx, không lưu dạng .doc, .xls
hay .odt).

Được sửa
--------
- Định dạng của các kiểu (style): phông, cỡ chữ, đậm, nghiêng, màu, căn lề, khoảng cách đoạn,
  thụt đầu dòng. Văn bản tạo ra theo đúng kiểu đã sửa. Nên giữ cỡ chữ và lề theo Nghị định
  30/2020/NĐ-CP; sau khi tạo văn bản, kiểm tra bằng lệnh “vanban kiemtra”.
- Thiết lập trang (khổ giấy, lề), đầu trang có số trang, độ rộng hai cột của bảng đầu văn bản.
- Trang phụ lục: thêm một section (ngắt section, trang mới) ở cuối mẫu, đặt khổ ngang và lề cho
  section đó; các trang phụ lục theo khổ và lề ấy.
- Bản PDF (--pdf) lấy khổ giấy, lề, bảng đầu văn bản, bảng chữ ký, cỡ chữ, đậm, nghiêng, khoảng
  cách đoạn và thụt đầu dòng của các kiểu từ chính mẫu .docx này.
- Chữ cố định trong mẫu và vị trí các thẻ.
- Thêm thẻ {{{{ truong_them.<tên> }}}} (mẫu .docx và html/) cho thông tin riêng của tỉnh, ví dụ
  {{{{ truong_them.nguoi_lien_he }}}}; giá trị ghi ở khóa truong_them của tệp Kế hoạch hoặc tệp
  --thong-tin (xem README của vanban, mục “Trường thêm của tỉnh”).

Phải giữ nguyên
---------------
- Tên các kiểu (style) dưới đây trong ba tệp .docx (vanban tìm kiểu theo TÊN; đổi tên hay xóa
  kiểu thì lệnh báo lỗi nêu tên kiểu còn thiếu):
{_docx_styles_text()}
- Các thẻ trong .docx, viết đúng như trong mẫu, ví dụ {{{{ so_ky_hieu }}}}, {{{{ trich_yeu }}}},
  {{%p for d in than_van %}}…{{{{p d }}}}…{{%p endfor %}}, {{%p for pl in phu_luc %}}…{{%p endfor %}}.
  Trong thẻ chỉ dùng các biến dữ liệu có sẵn.
- Bảng đầu văn bản (tên cơ quan | quốc hiệu) phải là bảng đầu tiên, có hai cột.
- Tên các kiểu ô (cell style) và tên sheet trong .xlsx:
{_xlsx_styles_text()}
- Tên các tệp trong html/ và các biến trong thẻ {{{{ ... }}}} của chúng.

Khi mẫu thiếu một trong những điều trên, lệnh dừng trước khi ghi tệp nào và báo rõ tệp mẫu nào
thiếu gì.
"""


def export_jobs(out_dir: Path | str) -> list:
    """(target, writer) for every built-in template copied to ``out_dir`` in the same layout,
    and the README.txt."""
    import shutil

    out_dir = Path(out_dir)
    jobs = []
    for kind, names in TEMPLATE_FILES.items():
        for name in names:
            src = template_file(kind, name)
            jobs.append((out_dir / kind / name, lambda t, src=src: shutil.copyfile(src, t)))
    text = readme_text()
    jobs.append((out_dir / "README.txt", lambda t: Path(t).write_text(text, encoding="utf-8", newline="\r\n")))
    return jobs
