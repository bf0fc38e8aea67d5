"""Starting the portal (``vanban web``), its demo, and a copy of its database while it runs."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from .. import api
from ..errors import VanbanError
from . import store
from .app import CauHinh, tao_app
from .db import sqlite_url

DEMO_KY = "hung-yen-2026"  # the sample period the demo opens (data/bao-cao/<it>/)
DEMO_TEN_KY = "mau:bao-cao/" + DEMO_KY + "/thong-tin.yaml"


def cau_hinh(thu_muc: Path | str, db: str | None = None, https: bool = False) -> CauHinh:
    thu_muc = Path(thu_muc)
    return CauHinh(thu_muc, db or sqlite_url(thu_muc), https)


def nap_demo(app, in_ra: Callable[[str], None] = print) -> dict:
    """Open the sample period on the sample plan, take its sample returns as uploads, and say
    the department's login and a few agencies' codes (new ones: only hashes are kept)."""
    cong = app.state.cong
    sm = cong.sm
    info_file = cong.tep(DEMO_TEN_KY)
    info, _warnings = api.doc_thong_tin_ky(info_file)
    plan_ref = "mau:" + str((info_file.parent / info.ke_hoach).resolve().relative_to(api.DATA.resolve()))
    existing = next((k for k in store.cac_ky(sm) if k.thong_tin_tep == DEMO_TEN_KY), None)
    if existing is None:
        k, _codes = cong.tao_ky(info.ky, info.han_nop, plan_ref, thong_tin=DEMO_TEN_KY)
        _kh, tra_cuu, _w = api.doc_ke_hoach(cong.tep(plan_ref))
        returns = sorted((info_file.parent / "phieu").glob("*.xlsx"), key=lambda f: ("bo-sung" in f.name, f.name))
        for f in returns:  # a supplement after the return it replaces, as it was sent
            name = api.co_quan_cua_phieu(f)
            canon = (tra_cuu.canonical(name) if tra_cuu and name else None) or name
            tk = store.tai_khoan_cua(sm, canon) if canon else None
            if tk is not None:
                cong.nop_xlsx(k, tk, f.read_bytes(), f.name)
    else:
        k = existing
    tk_so = next(t for t in store.tai_khoan(sm) if t.vai_tro == store.VAI_TRO_SO)
    _tk, ma_tk_so = store.dat_lai_ma(sm, tk_so.id)
    shown = {}
    for agency in store.co_quan_cua_ky(k):
        tk = store.tai_khoan_cua(sm, agency)
        if tk is not None and not store.phieu_tinh(store.cac_phieu(sm, k.id, agency)):
            shown[agency] = (tk.ten_dang_nhap, store.dat_lai_ma(sm, tk.id)[1])
        if len(shown) == 3:
            break
    in_ra(f"Kỳ báo cáo mẫu: {k.ten} ({k.trich_yeu})")
    in_ra(f"Sở (quản trị): tên đăng nhập “so”, mã truy cập {ma_tk_so}")
    for agency, (login, code) in shown.items():
        in_ra(f"{agency}: tên đăng nhập “{login}”, mã truy cập {code}")
    return {"ky": k, "so": ma_tk_so, "co_quan": shown}


def chay(thu_muc: Path | str | None = None, db: str | None = None, host: str = "127.0.0.1", cong: int = 8000,
         https: bool = False, demo: bool = False, in_ra: Callable[[str], None] = print) -> None:
    """Serve the portal with uvicorn until stopped. The database is created and migrated on
    first start, and the department's access code said once. ``demo``: in a temporary data
    folder unless ``thu_muc`` is given, on the sample period (``nap_demo``)."""
    import uvicorn

    tmp = None
    if thu_muc is None:
        if demo:
            tmp = tempfile.TemporaryDirectory(prefix="vanban-web-demo-")
            thu_muc = tmp.name
        else:
            thu_muc = "vanban-web"
    try:
        app = tao_app(cau_hinh(thu_muc, db, https))
        code = store.tao_tai_khoan_so(app.state.sm)
        in_ra(f"Thư mục dữ liệu: {Path(thu_muc).resolve()}")
        if code and not demo:
            in_ra(f"Đã tạo tài khoản sở: tên đăng nhập “so”, mã truy cập {code} (chỉ hiện lần này; ghi lại ngay)")
        if demo:
            nap_demo(app, in_ra)
        in_ra(f"Cổng báo cáo: http{'s' if https else ''}://{host}:{cong}/  (dừng bằng Ctrl+C)")
        uvicorn.run(app, host=host, port=cong, proxy_headers=True, forwarded_allow_ips="127.0.0.1",
                    log_level="warning")
    finally:
        if tmp is not None:
            tmp.cleanup()


def cap_lai_ma_so(thu_muc: Path | str, db: str | None = None) -> str:
    """A new access code for the department's account (when it was lost), from the server's console."""
    app = tao_app(cau_hinh(thu_muc, db))
    sm = app.state.sm
    code = store.tao_tai_khoan_so(sm)
    if code:
        return code
    tk_so = next(t for t in store.tai_khoan(sm) if t.vai_tro == store.VAI_TRO_SO)
    return store.dat_lai_ma(sm, tk_so.id)[1]


def sao_luu(dich: Path | str, thu_muc: Path | str = "vanban-web", db: str | None = None,
            ghi_de: bool = False) -> Path:
    """A consistent copy of the portal's database while the server runs: SQLite through its
    backup API (the copy is written beside the target, then renamed); PostgreSQL through
    pg_dump when it is installed. Nothing is replaced unless ``ghi_de``."""
    from ..errors import OutputExistsError

    dich = Path(dich)
    if dich.exists() and not ghi_de:
        raise OutputExistsError(dich)
    url = db or sqlite_url(Path(thu_muc))
    if url.startswith("sqlite"):
        db_file = Path(url.split("sqlite:///", 1)[1])
        if not db_file.is_file():
            raise VanbanError(f"{db_file}: không tìm thấy cơ sở dữ liệu của cổng báo cáo; ghi đúng --thu-muc "
                              "hoặc --db")
        import sqlite3

        tmp = dich.with_name(f".{dich.name}.tmp")
        src = sqlite3.connect(db_file, timeout=30)
        try:
            out = sqlite3.connect(tmp)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
        tmp.replace(dich)
        return dich
    if url.startswith("postgresql"):
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise VanbanError("không tìm thấy chương trình pg_dump để sao lưu PostgreSQL; cài gói postgresql-client "
                              "(apt-get install postgresql-client) rồi chạy lại")
        plain = url.replace("postgresql+psycopg://", "postgresql://").replace("postgresql+psycopg2://",
                                                                             "postgresql://")
        tmp = dich.with_name(f".{dich.name}.tmp")
        run = subprocess.run([pg_dump, "--format=custom", f"--file={tmp}", plain], capture_output=True, text=True)
        if run.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise VanbanError("pg_dump không sao lưu được: " + (run.stderr.strip().splitlines() or ["lỗi"])[-1])
        tmp.replace(dich)
        return dich
    raise VanbanError(f"chưa hỗ trợ sao lưu cơ sở dữ liệu “{url.split(':', 1)[0]}”; dùng SQLite hoặc PostgreSQL")
