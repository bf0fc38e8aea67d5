"""The portal under test: a fresh data folder and database per test, the department's account,
the sample period (Kế hoạch 132/KH-UBND Hưng Yên, kỳ 2026) with an account per agency, and
clients that log in as a user would (the login form, its CSRF token, the session cookie)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import warnings

import pytest

with warnings.catch_warnings():  # Starlette 1.x suggests httpx2; httpx is what the test extra installs
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from vanban.web import store
from vanban.web.app import CauHinh, tao_app
from vanban.web.db import sqlite_url

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "bao-cao" / "hung-yen-2026"
RETURNS = SAMPLE / "phieu"
PLAN = ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml"
REGISTRY = ROOT / "data" / "co-quan" / "hung-yen.yaml"
XD, YT, NV = "Sở Xây dựng", "Sở Y tế", "Sở Nội vụ"


@dataclass
class Portal:
    app: object
    so_code: str
    codes: dict[str, tuple[str, str]]  # agency -> (login, code)
    ky_id: int
    thu_muc: Path

    @property
    def cong(self):
        return self.app.state.cong

    def client(self, https: bool = False) -> TestClient:
        return TestClient(self.app, base_url="https://testserver" if https else "http://testserver",
                          raise_server_exceptions=False)

    def so(self) -> TestClient:
        return login(self.client(), "so", self.so_code)

    def agency(self, name: str) -> TestClient:
        return login(self.client(), *self.codes[name])

    def account(self, name: str):
        return store.tai_khoan_cua(self.app.state.sm, name)


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF token on the page"
    return m.group(1)


def login(client: TestClient, name: str, code: str) -> TestClient:
    page = client.get("/dang-nhap")
    r = client.post("/dang-nhap", data={"csrf": csrf_of(page.text), "ten_dang_nhap": name, "ma_truy_cap": code},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return client


def token(client: TestClient, path: str) -> str:
    return csrf_of(client.get(path).text)


def make_portal(thu_muc: Path, db_url: str, https: bool = False) -> Portal:
    app = tao_app(CauHinh(thu_muc, db_url, https))
    code = store.tao_tai_khoan_so(app.state.sm)
    k, codes = app.state.cong.tao_ky("2026", None, "mau:ke-hoach/hung-yen-132.yaml",
                                     thong_tin="mau:bao-cao/hung-yen-2026/thong-tin.yaml")
    return Portal(app, code, codes, k.id, thu_muc)


# The database the portal's store runs on, once per backend: SQLite in the test's data folder
# (tmp_path/du-lieu) and a fresh database on a throwaway PostgreSQL server (tests/web_infra.py).
from tests.web_infra import db_url  # noqa: E402, F401


@pytest.fixture(scope="session")
def _mau_sqlite(tmp_path_factory):
    """The sample portal made once (hashing a dozen access codes with argon2 takes a while);
    each test on SQLite gets its own copy of the database."""
    folder = tmp_path_factory.mktemp("cong-mau")
    p = make_portal(folder, sqlite_url(folder))
    p.app.state.sm.kw["bind"].dispose()
    return p


_MAU_PG: dict[int, Portal] = {}


def _mau_postgres(server, tmp_path_factory) -> Portal:
    """The sample portal made once per PostgreSQL server, kept as a template database; each
    test on PostgreSQL gets its own database made from it (CREATE DATABASE ... TEMPLATE)."""
    if server.port not in _MAU_PG:
        folder = tmp_path_factory.mktemp("cong-mau-pg")
        p = make_portal(folder, server.create_database("cong_mau"))
        p.app.state.sm.kw["bind"].dispose()  # a template database must have no connection
        _MAU_PG[server.port] = p
    return _MAU_PG[server.port]


@pytest.fixture
def portal(request, tmp_path, db_url, _mau_sqlite) -> Portal:
    import shutil

    thu_muc = tmp_path / "du-lieu"
    if db_url == sqlite_url(thu_muc):
        mau = _mau_sqlite
    elif db_url.startswith("postgresql"):
        from sqlalchemy.engine import make_url

        server = request.getfixturevalue("postgres_server")
        mau = _mau_postgres(server, request.getfixturevalue("tmp_path_factory"))
        name = make_url(db_url).database
        server.drop_database(name)
        server.create_database(name, template="cong_mau")
    else:
        return make_portal(thu_muc, db_url)
    shutil.copytree(mau.thu_muc, thu_muc, ignore=shutil.ignore_patterns("*.sqlite3*") if mau is not _mau_sqlite
                    else None)
    app = tao_app(CauHinh(thu_muc, db_url))
    return Portal(app, mau.so_code, mau.codes, mau.ky_id, thu_muc)


def sample_return(agency_file: str) -> bytes:
    return (RETURNS / agency_file).read_bytes()
