"""The portal's database: SQLAlchemy 2 tables, the engine, and the migrations run at start.

SQLite by default (a file in the data folder), PostgreSQL when a URL is given. Every write is
one transaction (``Session.begin()``); SQLite runs in WAL mode with a busy timeout, so
concurrent submissions wait for each other instead of failing. The schema is made by the
Alembic migrations in ``migrations/`` (run programmatically: no alembic.ini at run time)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import (Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text, create_engine,
                        event)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)  # stored as UTC, without zone


class Base(DeclarativeBase):
    pass


class TaiKhoan(Base):
    """An account: the department (vai_tro "so") or one agency of a plan's registry ("co_quan")."""

    __tablename__ = "tai_khoan"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ten_dang_nhap: Mapped[str] = mapped_column(String(200), unique=True)
    vai_tro: Mapped[str] = mapped_column(String(20))
    co_quan: Mapped[str | None] = mapped_column(String(500), unique=True, nullable=True)
    ma_bam: Mapped[str] = mapped_column(String(200))  # the access code, argon2-hashed
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Phien(Base):
    """A login session; the cookie holds a random token, the table its SHA-256."""

    __tablename__ = "phien"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tai_khoan_id: Mapped[int] = mapped_column(ForeignKey("tai_khoan.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    het_han: Mapped[dt.datetime] = mapped_column(DateTime)


class DangNhapLoi(Base):
    """A failed login (for throttling)."""

    __tablename__ = "dang_nhap_loi"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ten_dang_nhap: Mapped[str] = mapped_column(String(200), index=True)
    ip: Mapped[str] = mapped_column(String(64))
    luc: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class Ky(Base):
    """A reporting period run on a plan. ``ke_hoach_tep``, ``danh_muc_tep``, ``thong_tin_tep``:
    where the plan, its registry and the period file are (a bundled sample, or files the server
    wrote under the data folder with names it made); ``ke_hoach_goc``: the uploaded YAML, unchanged."""

    __tablename__ = "ky"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ky: Mapped[str] = mapped_column(String(100))
    ten: Mapped[str] = mapped_column(String(500))
    han_nop: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    ke_hoach_tep: Mapped[str] = mapped_column(Text)
    danh_muc_tep: Mapped[str | None] = mapped_column(Text, nullable=True)
    thong_tin_tep: Mapped[str | None] = mapped_column(Text, nullable=True)
    ke_hoach_goc: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    trich_yeu: Mapped[str] = mapped_column(Text, default="")
    co_quan: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the agencies with tasks, plan order
    tao_luc: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


class PhieuNop(Base):
    """One submission, web or upload, kept unchanged: ``noi_dung`` is the uploaded bytes or the
    JSON of the web form, with its SHA-256; ``phieu`` the return as read (JSON of PhieuBaoCao)
    when valid, ``loi`` the reader's located messages (JSON list) when refused."""

    __tablename__ = "phieu_nop"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ky_id: Mapped[int] = mapped_column(ForeignKey("ky.id", ondelete="CASCADE"), index=True)
    tai_khoan_id: Mapped[int] = mapped_column(ForeignKey("tai_khoan.id"))
    co_quan: Mapped[str] = mapped_column(String(500))
    nguon: Mapped[str] = mapped_column(String(10))  # "web" | "xlsx"
    ten_goc: Mapped[str | None] = mapped_column(String(500), nullable=True)  # the uploaded name, shown only
    noi_dung: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    luc: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    hop_le: Mapped[bool] = mapped_column(Boolean)
    phieu: Mapped[str | None] = mapped_column(Text, nullable=True)
    loi: Mapped[str] = mapped_column(Text, default="[]")


class BanNhap(Base):
    """An agency's draft of its web return for a period (JSON of the form's fields)."""

    __tablename__ = "ban_nhap"
    ky_id: Mapped[int] = mapped_column(ForeignKey("ky.id", ondelete="CASCADE"), primary_key=True)
    co_quan: Mapped[str] = mapped_column(String(500), primary_key=True)
    noi_dung: Mapped[str] = mapped_column(Text)
    luc: Mapped[dt.datetime] = mapped_column(DateTime, default=now)


def sqlite_url(thu_muc: Path) -> str:
    return f"sqlite:///{Path(thu_muc).resolve() / 'vanban-web.sqlite3'}"


def tao_engine(url: str) -> Engine:
    """The engine; SQLite gets WAL, a busy timeout and foreign keys."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _record):
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):  # take the write lock at the start: no upgrade deadlock between writers
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True)


def nang_cap(engine: Engine) -> None:
    """Bring the schema to the latest migration (creates it on first start)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def mo(url: str) -> tuple[Engine, sessionmaker]:
    """The engine and sessions of a database, its schema brought up to date (a SQLite file's
    folder is made when missing)."""
    from sqlalchemy.exc import ArgumentError, OperationalError

    from ..errors import VanbanError

    if url.startswith("sqlite:///"):
        Path(url.split("sqlite:///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    elif not url.startswith("postgresql"):
        raise VanbanError(f"--db: “{url.split(':', 1)[0]}” không phải cơ sở dữ liệu cổng dùng được; ghi URL "
                          "PostgreSQL, ví dụ postgresql+psycopg://người_dùng@localhost/vanban, hoặc bỏ --db để "
                          "dùng SQLite trong thư mục dữ liệu")
    try:
        engine = tao_engine(url)
    except ArgumentError:
        raise VanbanError(f"--db: URL “{url}” không hợp lệ; ví dụ postgresql+psycopg://người_dùng@localhost/vanban") \
            from None
    except ImportError as e:
        raise VanbanError(f"--db: chưa cài trình kết nối PostgreSQL ({e.name}); cài bằng: pip install "
                          "'vanban[postgresql]'") from None
    if url.startswith("sqlite"):
        # SQLite's own transaction control, so that "BEGIN IMMEDIATE" above is the only BEGIN
        @event.listens_for(engine, "connect")
        def _no_auto_begin(conn, _record):
            conn.isolation_level = None
    try:
        nang_cap(engine)
    except OperationalError as e:
        first = (str(e.orig).strip().splitlines() or [""])[0][:200]
        raise VanbanError(f"không mở được cơ sở dữ liệu của cổng ({first}); kiểm tra --thu-muc hoặc --db") from None
    return engine, sessionmaker(engine, expire_on_commit=False)
