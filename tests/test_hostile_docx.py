"""Malformed and hostile .docx given to the checker (``api.kiem_tra`` and ``vanban kiemtra``), built
here from a generated document: each one is a Vietnamese message naming the file (and the part),
exit code 2, no traceback, the file unchanged."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from vanban import api
from vanban.check import DocxReadError, kiem_tra
from vanban.cli import main
from vanban.safety import safe_parser
from tests.check_fixtures import mutate, replace_part
from tests.conftest import PLANS, ROOT, peak_memory

SECRET = "bí-mật-không-được-lộ"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("good")
    api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", out)
    return out / "quang-tri-snnmt.docx"


def document_xml(good: Path) -> str:
    with zipfile.ZipFile(good) as z:
        return z.read("word/document.xml").decode()


def refused(path: Path, capsys, *words: str) -> str:
    """``vanban kiemtra`` answers with the reason, exit 2; the file is not modified."""
    before = hashlib.sha256(path.read_bytes()).digest() if path.is_file() else None
    [r] = api.kiem_tra([path])
    assert r.loi_doc and str(path) in r.loi_doc, r.loi_doc
    for w in words:
        assert w in r.loi_doc, r.loi_doc
    code = main(["kiemtra", str(path)])
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.out + out.err
    assert f"Không đọc được: {path}" in out.out
    if before is not None:
        assert hashlib.sha256(path.read_bytes()).digest() == before
    return r.loi_doc


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


# ---- files that are not a .docx -------------------------------------------------------------

@pytest.mark.parametrize("content, words", [
    (b"", ["rỗng"]),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ["Word 97-2003 (.doc)"]),
    (b"%PDF-1.7\n%%EOF", ["tệp PDF"]),
    ("Kế hoạch số 12/KH-UBND".encode(), ["không phải tệp .docx"]),
    (b"PK\x03\x04 broken", ["bị hỏng"]),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), ["Excel (.xlsx)"]),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), ["OpenDocument (.odt)"]),
    (_zip({"readme.txt": b"hello"}), ["thiếu word/document.xml"]),
])
def test_not_a_docx(tmp_path, capsys, content, words):
    path = tmp_path / "van-ban.docx"
    path.write_bytes(content)
    refused(path, capsys, *words)


def test_directory_and_too_large(tmp_path, capsys):
    (tmp_path / "thu-muc.docx").mkdir()
    refused(tmp_path / "thu-muc.docx", capsys, "thư mục")
    big = tmp_path / "lon.docx"
    with big.open("wb") as f:
        f.write(b"PK\x03\x04")
        f.truncate(51 * 1024 * 1024)
    refused(big, capsys, "quá lớn", "50 MB")


# ---- hostile packages -----------------------------------------------------------------------

def test_zip_bomb_refused_quickly(tmp_path, capsys, good):
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(tmp_path / "bom.docx", "w", zipfile.ZIP_DEFLATED) as z:
        for name in zin.namelist():
            z.writestr(name, zin.read(name))
        z.writestr("word/media/anh.bin", bytes(80 * 1024 * 1024))
    path = tmp_path / "bom.docx"
    assert path.stat().st_size < 1024 * 1024
    with peak_memory() as peak:
        refused(path, capsys, "bom nén", "word/media/anh.bin")
    assert peak() < 40 * 1024 * 1024  # refused before the 80 MB part is unpacked


def test_billion_laughs_refused(tmp_path, capsys, good):
    xml = re.sub(r"^<\?xml[^>]*\?>", "", document_xml(good))
    lol = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    path = replace_part(good, tmp_path / "lol.docx", "word/document.xml",
                        lol + xml.replace("<w:body>", "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p>", 1))
    refused(path, capsys, "word/document.xml", "DTD")


def test_external_entity_never_read(tmp_path, capsys, good):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    xml = re.sub(r"^<\?xml[^>]*\?>", "", document_xml(good))
    xxe = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file://{secret}">]>'
    path = replace_part(good, tmp_path / "xxe.docx", "word/document.xml",
                        xxe + xml.replace("<w:body>", "<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p>", 1))
    message = refused(path, capsys, "DTD")
    assert SECRET not in message
    code = main(["kiemtra", "--json", str(path)])
    assert SECRET not in capsys.readouterr().out and code == 2


def test_entity_in_styles_refused(tmp_path, capsys, good):
    with zipfile.ZipFile(good) as z:
        styles = re.sub(r"^<\?xml[^>]*\?>", "", z.read("word/styles.xml").decode())
    path = replace_part(good, tmp_path / "s.docx", "word/styles.xml", '<!DOCTYPE x [<!ENTITY a "b">]>' + styles)
    refused(path, capsys, "word/styles.xml")


def test_the_parser_itself_resolves_nothing():
    """Second line of defence: even a part that reached lxml would not have entities resolved."""
    from lxml import etree
    root = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]><d>&e;</d>', safe_parser())
    assert (root.text or "") == "" and "&e;" in etree.tostring(root).decode()


def test_encrypted_entry_refused(tmp_path, capsys, good):
    data = bytearray(good.read_bytes())
    first = data.find(b"PK\x01\x02")
    data[first + 8] |= 0x1
    path = tmp_path / "mat-khau.docx"
    path.write_bytes(bytes(data))
    refused(path, capsys, "mật khẩu")


# ---- damaged content ------------------------------------------------------------------------

def test_broken_xml_located_by_part(tmp_path, capsys, good):
    xml = document_xml(good)
    path = replace_part(good, tmp_path / "hong.docx", "word/document.xml", xml[: len(xml) // 2])
    refused(path, capsys, "word/document.xml", "bị hỏng")


def test_damaged_value_is_a_message_not_a_traceback(tmp_path, capsys, good):
    """A font size Word never writes ("big" half-points)."""
    with zipfile.ZipFile(good) as z:
        styles = z.read("word/styles.xml").decode()
    path = replace_part(good, tmp_path / "sz.docx", "word/styles.xml",
                        re.sub(r'<w:sz w:val="\d+"', '<w:sz w:val="big"', styles))
    [r] = api.kiem_tra([path])
    assert r.loi_doc is None or str(path) in r.loi_doc
    code = main(["kiemtra", str(path)])
    out = capsys.readouterr()
    assert code in (0, 1, 2) and "Traceback" not in out.out + out.err


def test_damaged_grid_width(tmp_path, capsys, good):
    path = mutate(good, tmp_path / "grid.docx", "word/document.xml", '<w:gridCol w:w="', '<w:gridCol w:w="x')
    code = main(["kiemtra", str(path)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and code in (1, 2)
    if code == 2:
        assert f"Không đọc được: {path}" in out.out


def test_several_files_one_bad(tmp_path, capsys, good):
    """One unreadable file does not stop the others; exit code 2; JSON carries the reason."""
    bad = tmp_path / "rong.docx"
    bad.write_bytes(b"")
    code = main(["kiemtra", "--json", str(good), str(bad)])
    payload = json.loads(capsys.readouterr().out)
    assert code == 2
    assert payload[0]["loi_doc"] is None and payload[1]["loi_doc"].startswith(str(bad))


def test_no_traceback_in_a_real_process(tmp_path, good):
    """The installed command, as a user runs it: messages only, on hostile and broken inputs."""
    bomb = tmp_path / "bom.docx"
    bomb.write_bytes(_zip({"word/document.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"}))
    empty = tmp_path / "rong.docx"
    empty.write_bytes(b"")
    plan = tmp_path / "ke-hoach.yaml"
    plan.write_text("dia_danh: Hà Nội\n\tloai: KH\n", encoding="utf-8")
    runs = [["kiemtra", str(bomb), str(empty)], ["kehoach", str(plan), "-o", str(tmp_path / "out")]]
    for args in runs:
        p = subprocess.run([sys.executable, "-m", "vanban", *args], capture_output=True, text=True,
                           cwd=ROOT, timeout=120)
        assert p.returncode in (1, 2), p.stderr
        assert "Traceback" not in p.stderr + p.stdout
        assert str(tmp_path) in p.stderr + p.stdout
    assert not (tmp_path / "out").exists()


def test_docx_read_error_is_the_only_exception(tmp_path, good):
    """Directly through the library: only DocxReadError, whatever the damage."""
    xml = document_xml(good)
    damaged = [xml.replace("<w:body>", "", 1), xml.replace('w:val="', 'w:val="\x7f', 3),
               "<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'/>"]
    for i, text in enumerate(damaged):
        path = replace_part(good, tmp_path / f"d{i}.docx", "word/document.xml", text)
        try:
            kiem_tra(path)
        except DocxReadError as e:
            assert str(path) in str(e)


# ---- numbers Word never writes --------------------------------------------------------------

# (part, the attribute as written in the generated document, regex of its value), one per kind.
ATTRIBUTES = {
    "sz": ("word/document.xml", r'(<w:sz w:val=")[^"]*'),
    "sz-style": ("word/styles.xml", r'(<w:sz w:val=")[^"]*'),
    "firstLine": ("word/styles.xml", r'(<w:ind w:firstLine=")[^"]*'),
    "ind-left": ("word/document.xml", r'(<w:ind w:left=")[^"]*'),
    "spacing-after": ("word/document.xml", r'(<w:spacing [^>]*?w:after=")[^"]*'),
    "spacing-line": ("word/styles.xml", r'(<w:spacing [^>]*?w:line=")[^"]*'),
    "pgMar-left": ("word/document.xml", r'(<w:pgMar [^>]*?w:left=")[^"]*'),
    "pgSz-w": ("word/document.xml", r'(<w:pgSz w:w=")[^"]*'),
    "gridCol": ("word/document.xml", r'(<w:gridCol w:w=")[^"]*'),
    "tcW": ("word/document.xml", r'(<w:tcW w:w=")[^"]*'),
    "tblW": ("word/document.xml", r'(<w:tblW w:w=")[^"]*'),
    "gridSpan": ("word/document.xml", r'(<w:gridSpan w:val=")[^"]*'),
    "pgNumType": ("word/document.xml", r'(<w:pgNumType [^>]*?w:start=")[^"]*'),
}
BAD = ["1e400", "Infinity", "NaN", "9" * 5000, "1e-400", ""]  # never a value Word writes
ACCEPTED = ["-0", " 12 "]  # an integer as the schema allows it
MEASURE = "12pt"  # a measure with its unit: accepted where the attribute is a length or size
COUNTS = ("gridSpan", "pgNumType")  # plain counts: no unit


def _with_value(good: Path, dst: Path, part: str, pattern: str, value: str) -> Path:
    with zipfile.ZipFile(good) as z:
        xml = z.read(part).decode()
    new, n = re.subn(pattern, lambda m: m.group(1) + value, xml, count=1)
    assert n == 1, pattern
    return replace_part(good, dst, part, new)


@pytest.mark.parametrize("kind", list(ATTRIBUTES))
def test_numbers_word_never_writes_in_a_real_process(tmp_path, good, kind):
    """Each value, in each kind of attribute, among other files on one command line: the bad ones
    are a Vietnamese read error naming the part, the line and the attribute; the good file and
    the accepted values are still checked; exit code 2; no traceback."""
    part, pattern = ATTRIBUTES[kind]
    attr = re.search(r"(w:\w+)=\"\)", pattern).group(1)
    bad = [_with_value(good, tmp_path / f"sai-{i}.docx", part, pattern, v) for i, v in enumerate(BAD)]
    accepted = ACCEPTED + ([] if kind in COUNTS else [MEASURE])
    fine = [_with_value(good, tmp_path / f"dung-{i}.docx", part, pattern, v) for i, v in enumerate(accepted)]
    if kind in COUNTS:
        bad.append(_with_value(good, tmp_path / "sai-don-vi.docx", part, pattern, MEASURE))
    p = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", str(good), *map(str, bad), *map(str, fine)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 2, p.stdout + p.stderr
    assert "Traceback" not in p.stdout + p.stderr and p.stderr == ""
    assert f"{good}: 0 lỗi" in p.stdout
    lines = p.stdout.splitlines()
    for path in bad:
        [line] = [x for x in lines if x.startswith(f"Không đọc được: {path}:")]
        assert f"phần {part}, dòng " in line and f"{attr}=“" in line and "không phải giá trị Word ghi" in line
        assert "chấp nhận: số nguyên từ" in line and "mở tệp bằng Word rồi lưu lại" in line
        assert "chi tiết kỹ thuật" not in line  # located by the reader, not caught on the way out
    for path in fine:
        assert any(re.match(rf"{re.escape(str(path))}: \d+ lỗi, \d+ cảnh báo$", x) for x in lines), p.stdout


def test_bad_value_names_the_style_or_the_table_cell(tmp_path, good):
    part, pattern = ATTRIBUTES["firstLine"]
    [r] = api.kiem_tra([_with_value(good, tmp_path / "a.docx", part, pattern, "Infinity")])
    assert re.search(r"phần word/styles\.xml, dòng \d+, kiểu “\w+”, thẻ <w:ind>: giá trị w:firstLine=“Infinity”",
                     r.loi_doc), r.loi_doc
    part, pattern = ATTRIBUTES["tcW"]
    [r] = api.kiem_tra([_with_value(good, tmp_path / "b.docx", part, pattern, "1e400")])
    assert "bảng 1, dòng 1, ô 1, thẻ <w:tcW>: giá trị w:w=“1e400”" in r.loi_doc, r.loi_doc
    assert "từ -31680 đến 31680" in r.loi_doc


def test_accepted_forms_mean_what_word_reads(tmp_path, good):
    """"12pt", " 567 " and "1cm" as a first-line indent are read as 240, 567 and 567 twips: the
    rule on the body's indent (1 cm or 1.27 cm) passes for the last two and fails for the first."""
    part, pattern = ATTRIBUTES["firstLine"]
    for value, ok in (("12pt", False), (" 567 ", True), ("1cm", True), ("567", True)):
        path = _with_value(good, tmp_path / "thut-dong.docx", part, pattern, value)
        assert bool([f for f in kiem_tra(path) if f.rule == "BODY-003"]) is not ok, value


def test_fifo_and_device_are_refused_without_opening(tmp_path, good):
    """A named pipe would block the reader for ever: refused from its file type, in a real process
    that must end; the good file given after it is still checked."""
    fifo = tmp_path / "ong.docx"
    os.mkfifo(fifo)
    p = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", str(fifo), "/dev/null", str(good)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert p.returncode == 2 and "Traceback" not in p.stdout + p.stderr
    assert f"Không đọc được: {fifo}: không phải một tệp (là ống dẫn có tên (FIFO))" in p.stdout
    assert "Không đọc được: /dev/null: không phải một tệp (là thiết bị)" in p.stdout
    assert f"{good}: 0 lỗi" in p.stdout


def test_huge_annex_range_in_the_text(tmp_path):
    """"Phụ lục 1 - 999999999" in the body names no annexes one by one: the file is checked
    (not a read error from running out of memory; the process is given 2 GB at most)."""
    import resource

    from tests.check_fixtures import handmade

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    path = handmade(tmp_path / "pl.docx", body=["Chi tiết tại Phụ lục 1 - 999999999 kèm theo Kế hoạch này./."],
                    annex={"label": "Phụ lục"})
    p = subprocess.run([sys.executable, "-m", "vanban", "kiemtra", str(path)], capture_output=True, text=True,
                       cwd=ROOT, timeout=300, preexec_fn=limit)
    assert p.returncode in (0, 1) and re.match(rf"{re.escape(str(path))}: \d+ lỗi", p.stdout), p.stdout + p.stderr


def test_thousands_of_tables_each_judged_in_its_own_section(tmp_path, good):
    """3,000 small tables (a report pasted table by table): the page rules find each table's first
    paragraph once for the document, and still name the one table too wide for the page."""
    xml = document_xml(good)
    small = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="{w}"/></w:tblGrid><w:tr><w:tc><w:p><w:r>'
             '<w:t>Bảng {i}</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')
    before = xml.count("<w:tbl>")
    tables = "".join(small.format(w=20000 if i == 1500 else 1000, i=i) for i in range(3000))
    at = xml.rfind("<w:sectPr")
    path = replace_part(good, tmp_path / "bang.docx", "word/document.xml", xml[:at] + tables + xml[at:])
    [r] = api.kiem_tra([path])
    assert r.loi_doc is None
    wide = [f for f in r.phat_hien if f.rule == "PAGE-005"]
    assert [f.place for f in wide] == [f"bảng {before + 1501}"]
