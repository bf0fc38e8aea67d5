"""The web portal's test infrastructure (tests/web_infra.py) on its own: the throwaway
PostgreSQL server, the database URL of each backend, a server process and the headless browser
with its screenshots, against a two-page site (tests/fixtures/web/trang_thu.py)."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

from tests.conftest import ROOT
from tests.web_infra import ServerProcess, free_port

TEN = unicodedata.normalize("NFC", "Ủy ban nhân dân xã Thạnh Hòa")


def test_postgres_server_is_local_utf8_and_private(postgres_server, postgres_url):
    import psycopg
    from sqlalchemy import create_engine, text

    assert postgres_url.startswith("postgresql+psycopg://")
    engine = create_engine(postgres_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select inet_server_addr()::text")).scalar() == "127.0.0.1/32"
            assert conn.execute(text("show server_encoding")).scalar() == "UTF8"
            assert conn.execute(text("show listen_addresses")).scalar() == "127.0.0.1"
    finally:
        engine.dispose()
    # the password is required: the server does not trust local connections
    try:
        psycopg.connect(host="127.0.0.1", port=postgres_server.port, user=postgres_server.USER,
                        password="sai", dbname="vanban").close()
    except psycopg.OperationalError as exc:
        assert "password authentication failed" in str(exc)
    else:
        raise AssertionError("a wrong password was accepted")


def test_db_url_stores_vietnamese_text(db_url):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if db_url.startswith("sqlite"):  # the portal makes its data folder; here nothing else does
        Path(make_url(db_url).database).parent.mkdir(parents=True)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("create table co_quan (ma varchar(20) primary key, ten text not null)"))
            conn.execute(text("insert into co_quan values ('thanh-hoa', :ten)"), {"ten": TEN})
        with engine.connect() as conn:
            assert conn.execute(text("select ten from co_quan")).scalar() == TEN
            assert engine.dialect.name == ("sqlite" if db_url.startswith("sqlite") else "postgresql")
    finally:
        engine.dispose()


def test_db_url_postgresql_databases_are_fresh(request, postgres_server):
    """Each PostgreSQL test gets its own empty database (the table of one is absent in the next)."""
    from sqlalchemy import create_engine, inspect

    urls = [postgres_server.create_database(f"rieng_{i}_{os.getpid()}") for i in range(2)]
    try:
        engines = [create_engine(u) for u in urls]
        with engines[0].begin() as conn:
            conn.exec_driver_sql("create table chi_o_day (x int)")
        assert inspect(engines[0]).get_table_names() == ["chi_o_day"]
        assert inspect(engines[1]).get_table_names() == []
        for e in engines:
            e.dispose()
    finally:
        for i in range(2):
            postgres_server.drop_database(f"rieng_{i}_{os.getpid()}")


def test_browser_types_clicks_downloads_and_photographs(trinh_duyet, tmp_path):
    port = free_port()
    site = ServerProcess([sys.executable, str(ROOT / "tests" / "fixtures" / "web" / "trang_thu.py"), str(port)],
                         port, tmp_path / "trang-thu.log")
    with site:
        trinh_duyet.base_url = site.base_url
        trinh_duyet.mo("/")
        assert trinh_duyet.driver.title == "Trang thử"
        trinh_duyet.go("ten", TEN)
        trinh_duyet.bam("gui", cho="loi-chao")
        assert trinh_duyet.el("loi-chao").text == f"Xin chào, {TEN}"
        trinh_duyet.mo("/")
        trinh_duyet.bam("tai")
        got = trinh_duyet.cho_tai_ve(".txt")
        assert got.read_text(encoding="utf-8") == "Nội dung tệp tải về\n"
    names = [p.name for p in trinh_duyet.saved]
    assert names[:2] == ["01-trang-thu.png", "02-da-nhan.png"]
    for p in trinh_duyet.saved:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and p.parent.is_relative_to(ROOT / "tests" / "artifacts")
    # the whole page, not only the 900-pixel window: the form page is long
    import struct
    width, height = struct.unpack(">II", trinh_duyet.saved[0].read_bytes()[16:24])
    assert height > 900, (width, height)
