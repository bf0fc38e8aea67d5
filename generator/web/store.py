"""What the portal keeps and how: accounts and access codes, sessions, throttling, periods,
submissions and drafts. Each function is one transaction. Nothing here reads a return or a
plan itself: that is ``vanban.api``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass

from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import sessionmaker

from .db import BanNhap, DangNhapLoi, Ky, Phien, PhieuNop, TaiKhoan, now

VAI_TRO_SO = "so"  # the Sở (department): its role and its login name ("so" is sở here, never số)
CO_QUAN = "co_quan"
PHIEN_GIO = 8  # a session lasts this many hours
THU_TOI_DA = 5  # failed logins per account and address ...
THU_PHUT = 15  # ... within this many minutes, then 429

# Argon2id at OWASP's minimum for a login service (19 MiB, 2 passes, 1 lane: ~30 ms) rather than
# argon2-cffi's default (64 MiB, 3 passes, 4 lanes: ~0.3 s). A slow hash protects guessable,
# human-chosen passwords; an access code here is 16 symbols drawn by ``secrets`` from 31
# (about 79 bits), which no search can reach whatever the hash costs, so the cost only slowed
# every login and the making of a period's codes. Hashes made with the old parameters still
# verify (the parameters are in the hash) and are rehashed at the next good login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
BAM_SONG_SONG = 4  # access codes hashed at once (argon2-cffi releases the GIL while it hashes)


def ma_moi() -> str:
    """A new access code: 16 letters and digits from ``secrets`` (no look-alike characters),
    grouped by four for reading aloud."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def _bam(code: str) -> str:
    return _hasher.hash(code)


def ten_dang_nhap(co_quan: str) -> str:
    """An agency's login name: its name in ASCII ("Sở Xây dựng" -> "so-xay-dung")."""
    s = unicodedata.normalize("NFD", co_quan.replace("Đ", "D").replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower() or "co-quan"


def _token_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- accounts ----------------------------------------------------------------------------------

def tao_tai_khoan_so(sm: sessionmaker) -> str | None:
    """The department's account, made on first start: its new code (shown once), or None when it exists."""
    with sm.begin() as s:
        if s.scalar(select(TaiKhoan).where(TaiKhoan.vai_tro == VAI_TRO_SO)) is not None:
            return None
        code = ma_moi()
        s.add(TaiKhoan(ten_dang_nhap=VAI_TRO_SO, vai_tro=VAI_TRO_SO, co_quan=None, ma_bam=_bam(code)))
        return code


def _co_quan_co_tai_khoan(s) -> set[str]:
    return set(s.scalars(select(TaiKhoan.co_quan).where(TaiKhoan.co_quan.is_not(None))))


def tao_tai_khoan_co_quan(sm: sessionmaker, agencies: list[str]) -> dict[str, tuple[str, str]]:
    """An account for each agency that has none: agency -> (login name, new code), shown once.
    The codes are hashed in parallel before the transaction (which then holds the write lock
    only to add the accounts); the accounts are added in one transaction."""
    with sm() as s:
        have = _co_quan_co_tai_khoan(s)
    todo = [a for a in dict.fromkeys(agencies) if a not in have]
    codes = {a: ma_moi() for a in todo}
    with ThreadPoolExecutor(max_workers=BAM_SONG_SONG) as pool:
        hashes = dict(zip(todo, pool.map(_bam, [codes[a] for a in todo])))
    out: dict[str, tuple[str, str]] = {}
    with sm.begin() as s:
        have = _co_quan_co_tai_khoan(s)  # again in the transaction: another request may have added some
        names = set(s.scalars(select(TaiKhoan.ten_dang_nhap)))
        for agency in agencies:
            if agency in have or agency in out:
                continue
            base = ten_dang_nhap(agency)
            login, n = base, 2
            while login in names:
                login, n = f"{base}-{n}", n + 1
            names.add(login)
            if agency not in codes:  # it had an account at the first look, gone since
                codes[agency] = ma_moi()
                hashes[agency] = _bam(codes[agency])
            s.add(TaiKhoan(ten_dang_nhap=login, vai_tro=CO_QUAN, co_quan=agency, ma_bam=hashes[agency]))
            out[agency] = (login, codes[agency])
    return out


def dat_lai_ma(sm: sessionmaker, tai_khoan_id: int) -> tuple[TaiKhoan, str] | None:
    """A new code for an account (its sessions end); None when there is no such account."""
    with sm.begin() as s:
        tk = s.get(TaiKhoan, tai_khoan_id)
        if tk is None:
            return None
        code = ma_moi()
        tk.ma_bam = _bam(code)
        s.execute(delete(Phien).where(Phien.tai_khoan_id == tk.id))
        return tk, code


def tai_khoan(sm: sessionmaker) -> list[TaiKhoan]:
    with sm() as s:
        return list(s.scalars(select(TaiKhoan).order_by(TaiKhoan.vai_tro.desc(), TaiKhoan.id)))


def tai_khoan_cua(sm: sessionmaker, co_quan: str) -> TaiKhoan | None:
    with sm() as s:
        return s.scalar(select(TaiKhoan).where(TaiKhoan.co_quan == co_quan))


# ---- login and sessions --------------------------------------------------------------------------

class BiChan(Exception):
    """Too many failed logins for this account and address."""


def dang_nhap(sm: sessionmaker, login: str, code: str, ip: str) -> tuple[str, TaiKhoan] | None:
    """(session token for the cookie, account) when the code is right; None when not (counted);
    ``BiChan`` when this account and address failed ``THU_TOI_DA`` times in ``THU_PHUT`` minutes."""
    login = " ".join(unicodedata.normalize("NFC", login).split()).lower()[:200]
    since = now() - dt.timedelta(minutes=THU_PHUT)
    with sm.begin() as s:
        failed = s.scalar(select(func.count()).select_from(DangNhapLoi).where(
            DangNhapLoi.ten_dang_nhap == login, DangNhapLoi.ip == ip, DangNhapLoi.luc >= since))
        if failed >= THU_TOI_DA:
            raise BiChan()
        tk = s.scalar(select(TaiKhoan).where(TaiKhoan.ten_dang_nhap == login))
        ok = False
        if tk is not None:
            try:
                ok = _hasher.verify(tk.ma_bam, code.strip())
            except (VerificationError, InvalidHashError):
                ok = False
        else:
            _hasher.hash(code or "x")  # the same work whether the account exists or not
        if not ok:
            s.add(DangNhapLoi(ten_dang_nhap=login, ip=ip))
            return None
        if _hasher.check_needs_rehash(tk.ma_bam):  # made with other parameters: kept with these now
            tk.ma_bam = _bam(code.strip())
        s.execute(delete(DangNhapLoi).where(DangNhapLoi.ten_dang_nhap == login, DangNhapLoi.ip == ip))
        s.execute(delete(Phien).where(Phien.het_han < now()))
        token = secrets.token_urlsafe(32)
        s.add(Phien(id=_token_id(token), tai_khoan_id=tk.id, csrf=secrets.token_urlsafe(32),
                    het_han=now() + dt.timedelta(hours=PHIEN_GIO)))
        return token, tk


@dataclass
class NguoiDung:
    """The user of a request: the account and the session's CSRF token."""

    tai_khoan: TaiKhoan
    csrf: str
    phien_id: str

    @property
    def la_so(self) -> bool:
        return self.tai_khoan.vai_tro == VAI_TRO_SO


def nguoi_dung(sm: sessionmaker, token: str | None) -> NguoiDung | None:
    if not token or len(token) > 200:
        return None
    with sm() as s:
        ph = s.get(Phien, _token_id(token))
        if ph is None or ph.het_han < now():
            return None
        tk = s.get(TaiKhoan, ph.tai_khoan_id)
        return NguoiDung(tk, ph.csrf, ph.id) if tk is not None else None


def dang_xuat(sm: sessionmaker, phien_id: str) -> None:
    with sm.begin() as s:
        s.execute(delete(Phien).where(Phien.id == phien_id))


# ---- periods ------------------------------------------------------------------------------------

def tao_ky(sm: sessionmaker, **fields) -> Ky:
    with sm.begin() as s:
        k = Ky(**fields)
        s.add(k)
        s.flush()
        return k


def cap_nhat_ky(sm: sessionmaker, ky_id: int, **fields) -> None:
    with sm.begin() as s:
        k = s.get(Ky, ky_id)
        for name, value in fields.items():
            setattr(k, name, value)


def cac_ky(sm: sessionmaker) -> list[Ky]:
    with sm() as s:
        return list(s.scalars(select(Ky).order_by(Ky.id.desc())))


def ky(sm: sessionmaker, ky_id: int) -> Ky | None:
    with sm() as s:
        return s.get(Ky, ky_id)


def co_quan_cua_ky(k: Ky) -> list[str]:
    return json.loads(k.co_quan)


# ---- submissions and drafts ------------------------------------------------------------------------

def luu_phieu(sm: sessionmaker, ky_id: int, tai_khoan_id: int, co_quan: str, nguon: str, noi_dung: bytes,
              hop_le: bool, phieu: str | None, loi: list[str], ten_goc: str | None = None) -> PhieuNop:
    """Keep one submission, unchanged, with its time, user and SHA-256 (one transaction)."""
    with sm.begin() as s:
        p = PhieuNop(ky_id=ky_id, tai_khoan_id=tai_khoan_id, co_quan=co_quan, nguon=nguon, ten_goc=ten_goc,
                     noi_dung=noi_dung, sha256=hashlib.sha256(noi_dung).hexdigest(), hop_le=hop_le,
                     phieu=phieu, loi=json.dumps(loi, ensure_ascii=False), luc=now())
        s.add(p)
        if hop_le and nguon == "web":
            s.execute(delete(BanNhap).where(BanNhap.ky_id == ky_id, BanNhap.co_quan == co_quan))
        s.flush()
        return p


def cac_phieu(sm: sessionmaker, ky_id: int, co_quan: str | None = None) -> list[PhieuNop]:
    """The submissions of a period (of one agency), newest first."""
    with sm() as s:
        q = select(PhieuNop).where(PhieuNop.ky_id == ky_id)
        if co_quan is not None:
            q = q.where(PhieuNop.co_quan == co_quan)
        return list(s.scalars(q.order_by(PhieuNop.id.desc())))


def phieu(sm: sessionmaker, phieu_id: int) -> PhieuNop | None:
    with sm() as s:
        return s.get(PhieuNop, phieu_id)


def phieu_tinh(nop: list[PhieuNop]) -> dict[str, PhieuNop]:
    """Agency -> the submission that counts: the latest valid one."""
    out: dict[str, PhieuNop] = {}
    for p in sorted(nop, key=lambda p: p.id):
        if p.hop_le:
            out[p.co_quan] = p
    return out


def luu_nhap(sm: sessionmaker, ky_id: int, co_quan: str, truong: dict[str, str]) -> None:
    """Keep an agency's draft (the last one saved wins). Two first saves at once on a database
    that does not serialise writers (PostgreSQL) meet on the key: the second one then updates."""
    from sqlalchemy.exc import IntegrityError

    text = json.dumps(truong, ensure_ascii=False, sort_keys=True)
    for _attempt in range(2):
        try:
            with sm.begin() as s:
                b = s.get(BanNhap, (ky_id, co_quan))
                if b is None:
                    s.add(BanNhap(ky_id=ky_id, co_quan=co_quan, noi_dung=text, luc=now()))
                else:
                    b.noi_dung, b.luc = text, now()
            return
        except IntegrityError:
            continue
    raise RuntimeError("không lưu được bản nháp")


def ban_nhap(sm: sessionmaker, ky_id: int, co_quan: str) -> tuple[dict[str, str], dt.datetime] | None:
    with sm() as s:
        b = s.get(BanNhap, (ky_id, co_quan))
        return (json.loads(b.noi_dung), b.luc) if b is not None else None
