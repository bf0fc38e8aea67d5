"""vanban kiemtra: text and JSON output, exit status 0 / 1 / 2."""

from __future__ import annotations

import json
import zipfile

from vanban.cli import main
from tests.check_fixtures import handmade


def test_clean_documents_exit_0(demo_dir, capsys):
    files = [str(demo_dir / f"{n}.docx") for n in ("quang-tri-snnmt", "hung-yen-132", "thai-nguyen-du-thao")]
    assert main(["kiemtra", *files]) == 0
    out = capsys.readouterr().out
    assert out.count(": 0 lỗi") == 3


def test_errors_exit_1_with_rule_place_and_message(tmp_path, capsys):
    bad = handmade(tmp_path / "sai.docx", font="Arial")
    assert main(["kiemtra", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "[FONT-001] lỗi" in out and "Times New Roman" in out and "sai.docx" in out


def test_json(tmp_path, capsys):
    bad = handmade(tmp_path / "sai.docx", font="Arial")
    assert main(["kiemtra", "--json", str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0]["tep"].endswith("sai.docx") and data[0]["so_loi"] >= 1
    f = next(x for x in data[0]["phat_hien"] if x["ma"] == "FONT-001")
    assert f["muc_do"] == "lỗi" and f["vi_tri"] and f["yeu_cau"]


def test_unreadable_files_exit_2(tmp_path, capsys):
    not_zip = tmp_path / "a.docx"
    not_zip.write_text("không phải docx", encoding="utf-8")
    import zipfile
    no_document = tmp_path / "b.docx"
    with zipfile.ZipFile(no_document, "w") as z:
        z.writestr("hello.txt", "x")
    broken_xml = tmp_path / "c.docx"
    with zipfile.ZipFile(broken_xml, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    assert main(["kiemtra", str(not_zip), str(no_document), str(broken_xml), str(tmp_path / "missing.docx")]) == 2
    out = capsys.readouterr().out
    assert out.count("Không đọc được") == 4 and "Traceback" not in out


def test_entity_tricks_are_not_resolved(tmp_path, capsys):
    import zipfile
    evil = tmp_path / "e.docx"
    xml = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           '<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("word/document.xml", xml)
    main(["kiemtra", "--json", str(evil)])
    assert "root:" not in capsys.readouterr().out


def test_json_keeps_every_file_when_some_cannot_be_read(demo_dir, tmp_path, capsys):
    """A value Word never writes, a FIFO and a good file on one command line: one entry each, in
    order; the two unreadable ones carry a located Vietnamese reason; exit code 2."""
    import os
    import re

    from tests.check_fixtures import replace_part

    good = demo_dir / "quang-tri-snnmt.docx"
    with zipfile.ZipFile(good) as z:
        xml = z.read("word/document.xml").decode()
    bad = replace_part(good, tmp_path / "sai.docx", "word/document.xml",
                       re.sub(r'(<w:pgMar [^>]*?w:left=")[^"]*', r"\g<1>NaN", xml, count=1))
    fifo = tmp_path / "ong.docx"
    os.mkfifo(fifo)
    assert main(["kiemtra", "--json", str(bad), str(fifo), str(good)]) == 2
    bad_r, fifo_r, good_r = json.loads(capsys.readouterr().out)
    assert bad_r["tep"] == str(bad) and bad_r["phat_hien"] == []
    assert "phần word/document.xml, dòng" in bad_r["loi_doc"] and "thẻ <w:pgMar>: giá trị w:left=“NaN”" in bad_r["loi_doc"]
    assert "ống dẫn có tên (FIFO)" in fifo_r["loi_doc"]
    assert good_r["loi_doc"] is None and good_r["so_loi"] == 0


def test_json_of_a_real_process_keeps_its_documented_shape(tmp_path):
    from tests.cli_helpers import vanban_json

    bad = handmade(tmp_path / "sai.docx", font="Arial")
    missing = tmp_path / "khong-co.docx"
    code, doc = vanban_json("kiemtra", bad, missing)
    assert code == 2 and isinstance(doc, list) and [d["tep"] for d in doc] == [str(bad), str(missing)]
    assert set(doc[0]) == {"tep", "loi_doc", "so_loi", "so_canh_bao", "phat_hien", "chu_ky"}
    assert doc[0]["chu_ky"] == []
    assert doc[0]["loi_doc"] is None and doc[0]["so_loi"] >= 1
    assert set(doc[0]["phat_hien"][0]) == {"ma", "muc_do", "vi_tri", "noi_dung", "yeu_cau"}
    assert doc[1]["loi_doc"] and "không tìm thấy tệp" in doc[1]["loi_doc"]
