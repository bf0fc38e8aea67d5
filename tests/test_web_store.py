"""What the portal keeps: the schema from the migrations, every submission unchanged with its
time, user and SHA-256, the latest valid one counting, no submission lost when many come at
once, and a consistent copy of the database while the portal runs. The tests take ``db_url``
(SQLite by default)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading

import pytest
from sqlalchemy import inspect, select

from vanban import cli
from vanban.errors import OutputExistsError
from vanban.web import chay, store
from vanban.web.db import PhieuNop, mo
from tests.web_helpers import XD, YT, _mau_sqlite, db_url, portal, sample_return  # noqa: F401


def _k(portal):
    return store.ky(portal.app.state.sm, portal.ky_id)


def test_migrations_make_the_schema_and_run_again_harmlessly(tmp_path, db_url):
    engine, _sm = mo(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"tai_khoan", "phien", "dang_nhap_loi", "ky", "phieu_nop", "ban_nhap", "alembic_version"} <= tables
    engine.dispose()
    engine, _sm = mo(db_url)  # a second start: nothing to do, nothing lost
    with engine.connect() as c:
        assert c.exec_driver_sql("select version_num from alembic_version").scalar() == "0001"


def test_each_submission_is_kept_unchanged_with_time_user_and_hash(portal):
    k = _k(portal)
    tk = portal.account(XD)
    data = sample_return("02-so-xay-dung.xlsx")
    nop, msgs = portal.cong.nop_xlsx(k, tk, data, "02.xlsx")
    assert msgs == []
    fields = {"tinh_trang.HY-1-01": "Đã hoàn thành", "ket_qua.HY-1-01": "Xong  \u00a0 việc"}
    web, msgs = portal.cong.nop_web(k, tk, fields)
    assert msgs == []
    with portal.app.state.sm() as s:
        rows = list(s.scalars(select(PhieuNop).order_by(PhieuNop.id)))
    assert [r.nguon for r in rows] == ["xlsx", "web"]
    assert rows[0].noi_dung == data and rows[0].sha256 == hashlib.sha256(data).hexdigest()
    assert json.loads(rows[1].noi_dung) == fields  # the typed text, not the cleaned one
    assert all(r.tai_khoan_id == tk.id and r.luc is not None for r in rows)
    assert store.phieu_tinh(rows)[XD].id == rows[1].id  # the latest valid one counts


def test_a_later_refused_return_does_not_replace_the_valid_one(portal):
    k = _k(portal)
    tk = portal.account(XD)
    good, _ = portal.cong.nop_xlsx(k, tk, sample_return("02-so-xay-dung-bo-sung.xlsx"))
    bad, msgs = portal.cong.nop_web(k, tk, {"ket_qua.HY-1-01": "không chọn tình trạng"})
    assert msgs and not bad.hop_le
    counted = store.phieu_tinh(store.cac_phieu(portal.app.state.sm, k.id))
    assert counted[XD].id == good.id
    th = portal.cong.tong_hop(k).tong_hop
    assert next(c for c in th.co_quan if c.co_quan == XD).tep is not None


def test_an_agency_with_only_a_refused_return_is_named_refused_in_the_consolidation(portal):
    k = _k(portal)
    portal.cong.nop_xlsx(k, portal.account("Sở Khoa học và Công nghệ"), sample_return("08-so-khoa-hoc-va-cong-nghe.xlsx"))
    th = portal.cong.tong_hop(k).tong_hop
    c = next(c for c in th.co_quan if c.co_quan == "Sở Khoa học và Công nghệ")
    assert c.tep is None and c.phieu_loi
    assert any(x.chi_tiet for x in th.khong_hop_le)


def test_concurrent_submissions_are_never_lost(portal):
    k = _k(portal)
    agencies = [XD, YT]
    errors: list[BaseException] = []
    n = 12

    def submit(i: int) -> None:
        try:
            tk = portal.account(agencies[i % 2])
            portal.cong.nop_web(k, tk, {"tinh_trang.HY-1-01": "Đang thực hiện", "ty_le.HY-1-01": str(i)})
        except BaseException as e:  # noqa: BLE001 -- reported below
            errors.append(e)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = store.cac_phieu(portal.app.state.sm, k.id)
    assert len(rows) == n and all(r.hop_le for r in rows)
    assert sorted(int(json.loads(r.noi_dung)["ty_le.HY-1-01"]) for r in rows) == list(range(n))


def test_concurrent_logins_and_drafts(portal):
    k = _k(portal)
    errors: list[BaseException] = []

    def draft(i: int) -> None:
        try:
            store.luu_nhap(portal.app.state.sm, k.id, XD, {"ket_qua.HY-1-01": f"bản {i}"})
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=draft, args=(i,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    got, _ = store.ban_nhap(portal.app.state.sm, k.id, XD)
    assert got["ket_qua.HY-1-01"].startswith("bản ")


def test_backup_while_the_portal_runs(portal, tmp_path, db_url, request):
    k = _k(portal)
    portal.cong.nop_xlsx(k, portal.account(XD), sample_return("02-so-xay-dung-bo-sung.xlsx"))
    if db_url.startswith("sqlite"):
        target = tmp_path / "sao-luu.sqlite3"
        assert chay.sao_luu(target, portal.thu_muc) == target
        with sqlite3.connect(target) as c:
            assert c.execute("select count(*) from phieu_nop").fetchone() == (1,)
            assert c.execute("select count(*) from tai_khoan").fetchone() == (12,)
        where = ["--thu-muc", str(portal.thu_muc)]
    else:  # pg_dump's archive, restored into a new database by pg_restore, holds the same rows
        import subprocess

        from sqlalchemy import create_engine, text

        target = tmp_path / "sao-luu.dump"
        assert chay.sao_luu(target, portal.thu_muc, db_url) == target
        server = request.getfixturevalue("postgres_server")
        restored = server.create_database(f"khoi_phuc_{k.id}_{id(target)}")
        try:
            subprocess.run(["pg_restore", "--no-owner", "-d", restored.replace("+psycopg", ""), str(target)],
                           check=True, capture_output=True, timeout=120)
            engine = create_engine(restored)
            with engine.connect() as c:
                assert c.execute(text("select count(*) from phieu_nop")).scalar() == 1
                assert c.execute(text("select count(*) from tai_khoan")).scalar() == 12
            engine.dispose()
        finally:
            server.drop_database(restored.rsplit("/", 1)[1])
        where = ["--db", db_url]
    with pytest.raises(OutputExistsError):
        chay.sao_luu(target, portal.thu_muc, db_url)
    # the command line: a Vietnamese line, and the copy replaced only when asked
    assert cli.main(["web", "saoluu", str(target), *where]) == 1
    assert cli.main(["web", "saoluu", str(target), *where, "--ghi-de"]) == 0


def test_backup_of_a_missing_database_is_said(tmp_path, capsys):
    assert cli.main(["web", "saoluu", str(tmp_path / "x.sqlite3"), "--thu-muc", str(tmp_path / "khong-co")]) == 1
    assert "không tìm thấy cơ sở dữ liệu của cổng báo cáo" in capsys.readouterr().err


def test_postgresql_backup_without_pg_dump_is_said(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    from vanban.errors import VanbanError

    with pytest.raises(VanbanError, match="pg_dump"):
        chay.sao_luu(tmp_path / "x.dump", db="postgresql+psycopg://u@localhost/vanban")


def test_department_code_reset_from_the_console(portal, capsys, db_url):
    assert cli.main(["web", "maso", "--thu-muc", str(portal.thu_muc), "--db", db_url]) == 0
    out = capsys.readouterr().out
    code = out.rsplit(" ", 1)[1].strip()
    assert store.dang_nhap(portal.app.state.sm, "so", code, "127.0.0.1") is not None
    assert store.dang_nhap(portal.app.state.sm, "so", portal.so_code, "127.0.0.1") is None


def test_a_database_the_portal_cannot_use_is_said_in_vietnamese(tmp_path, capsys):
    assert cli.main(["web", "--db", "mysql://u@localhost/x", "--thu-muc", str(tmp_path)]) == 1
    assert "không phải cơ sở dữ liệu cổng dùng được" in capsys.readouterr().err
    (tmp_path / "tep").write_text("x")
    assert cli.main(["web", "--thu-muc", str(tmp_path / "tep" / "con")]) == 1
    assert "không tạo được thư mục dữ liệu của cổng" in capsys.readouterr().err
