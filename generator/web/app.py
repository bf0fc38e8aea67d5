"""The portal's routes: a thin layer over ``vanban.api`` (every reading, checking, consolidating
and writing of documents is the library's) and ``vanban.web.store`` (what is kept).

Pages are server-rendered Jinja (autoescape on) and work without JavaScript. Every POST form
carries the session's CSRF token (the login form a cookie's); every response has a
Content-Security-Policy; errors are Vietnamese pages, never a traceback. Files the portal
writes are under the data folder with names the server makes."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import api
from ..errors import InputError, Problem, VanbanError
from . import store
from .cong import Cong
from .db import Ky, PhieuNop, mo

HERE = Path(__file__).resolve().parent
COOKIE = "vanban_phien"
COOKIE_CSRF = "vanban_csrf"  # the login form's token (before there is a session)
MAX_YAML = 2 * 1024 * 1024
MAX_BODY = 21 * 1024 * 1024  # a return's 20 MB (vanban.load.phieu.MAX_BYTES) and the form around it
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; object-src 'none'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
GIO_VN = dt.timedelta(hours=7)  # times are kept in UTC and shown in Vietnam's time (UTC+7)

LOI_TRANG = {
    400: ("Yêu cầu không hợp lệ", "Biểu mẫu gửi lên không đúng. Tải lại trang rồi thử lại."),
    403: ("Không có quyền truy cập", "Tài khoản của bạn không được xem hoặc thay đổi nội dung này, hoặc biểu mẫu "
                                     "đã hết hạn (tải lại trang rồi gửi lại)."),
    404: ("Không tìm thấy trang", "Địa chỉ không đúng hoặc nội dung không còn."),
    405: ("Không hỗ trợ thao tác này", "Trang này không nhận thao tác vừa gửi."),
    413: ("Tệp quá lớn", "Tệp hoặc biểu mẫu gửi lên vượt quá 20 MB; phiếu báo cáo không lớn như vậy. Kiểm tra "
                         "lại tệp (xóa ảnh, dòng, cột thừa) rồi gửi lại."),
    429: ("Tạm khóa đăng nhập", f"Đăng nhập sai quá {store.THU_TOI_DA} lần trong {store.THU_PHUT} phút. Hãy đợi "
                                f"{store.THU_PHUT} phút rồi thử lại, hoặc liên hệ sở để được cấp lại mã truy cập."),
    500: ("Lỗi chương trình", "Đã có lỗi trong chương trình (không phải lỗi dữ liệu của bạn). Dữ liệu đã lưu không "
                              "bị ảnh hưởng; hãy thử lại sau hoặc báo cho quản trị."),
}


@dataclass
class CauHinh:
    """How the portal runs: its data folder, database URL, and whether it is served over TLS."""

    thu_muc: Path
    db_url: str
    https: bool = False


def _fmt_time(t: dt.datetime | None) -> str:
    return "" if t is None else f"{t + GIO_VN:%d/%m/%Y %H:%M}"


def _fmt_date(d: dt.date | None) -> str:
    return "" if d is None else f"{d:%d/%m/%Y}"


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["gio"] = _fmt_time
    env.filters["ngay"] = _fmt_date
    return env


class _QuaLon(Exception):
    pass


class _BaoVe:
    """The outermost layer: the request size limit (413), the security headers on every
    response, and a Vietnamese 500 page for any fault (never a traceback)."""

    def __init__(self, app, render):
        self.app, self.render = app, render

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_h(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"content-security-policy",)]
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]
                if scope.get("path", "").startswith(("/so", "/co-quan", "/dang-nhap")):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            return await self._page(413, scope, receive, send_h)
        seen = 0

        async def receive_c():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_BODY:
                    raise _QuaLon()
            return message

        try:
            await self.app(scope, receive_c, send_h)
        except _QuaLon:
            if not started:
                await self._page(413, scope, receive, send_h)
        except Exception:  # noqa: BLE001 -- the last line of defence: a page, never a traceback
            import logging

            logging.getLogger("vanban.web").exception("lỗi chương trình")
            if not started:
                await self._page(500, scope, receive, send_h)

    async def _page(self, code, scope, receive, send):
        await self.render(code)(scope, receive, send)


def tao_app(cau_hinh: CauHinh) -> Starlette:
    """The portal as an ASGI application; the database is created and migrated here."""
    thu_muc = Path(cau_hinh.thu_muc)
    try:
        thu_muc.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise VanbanError(f"{thu_muc}: không tạo được thư mục dữ liệu của cổng ({e.strerror or type(e).__name__}); "
                          "ghi --thu-muc là một thư mục ghi được") from None
    _engine, sm = mo(cau_hinh.db_url)
    cong = Cong(sm, thu_muc)
    env = _env()

    # ---- helpers ------------------------------------------------------------------------------
    # Reading a return or a plan, hashing an access code and every database call are blocking
    # work: the endpoints without a form are plain functions (Starlette runs them in its thread
    # pool) and those with one read it here and do the rest through ``run_in_threadpool``, so
    # the event loop keeps answering other requests (the login page, the dashboard) meanwhile.

    def page(request: Request | None, name: str, status: int = 200, **ctx) -> HTMLResponse:
        user = getattr(request.state, "user", None) if request is not None else None
        html = env.get_template(name).render(user=user, csrf=user.csrf if user else "", **ctx)
        return HTMLResponse(html, status_code=status)

    def error_page(code: int) -> HTMLResponse:
        title, text = LOI_TRANG.get(code, LOI_TRANG[500])
        return HTMLResponse(env.get_template("loi.html").render(user=None, csrf="", ma=code, tieu_de=title,
                                                                noi_dung=text), status_code=code)

    async def on_http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code in (301, 302, 303):
            return RedirectResponse(exc.headers["location"], status_code=303)
        return error_page(exc.status_code)

    async def on_data_error(request: Request, exc: VanbanError) -> Response:
        """A document that cannot be made from the data (a return without its signer, say): the
        located messages, in a page."""
        items = [str(p) for p in exc.problems] if isinstance(exc, InputError) else [str(exc)]
        return page(request, "loi.html", 422, ma=422, tieu_de="Chưa lập được văn bản từ dữ liệu",
                    noi_dung="Dữ liệu chưa đủ hoặc chưa đúng để lập văn bản:", ds=items)

    def secure(request: Request) -> bool:
        return cau_hinh.https or request.url.scheme == "https"

    def user_of(request: Request) -> store.NguoiDung:
        user = store.nguoi_dung(sm, request.cookies.get(COOKIE))
        if user is None:
            raise HTTPException(303, headers={"location": "/dang-nhap"})
        request.state.user = user
        return user

    def need_so(request: Request) -> store.NguoiDung:
        user = user_of(request)
        if not user.la_so:
            raise HTTPException(403)
        return user

    def need_co_quan(request: Request) -> store.NguoiDung:
        user = user_of(request)
        if user.la_so:
            raise HTTPException(403)
        return user

    async def form_of(request: Request, user: store.NguoiDung | None = None, login: bool = False):
        try:
            form = await request.form(max_files=2, max_fields=2000)
        except _QuaLon:
            raise
        except Exception:
            raise HTTPException(400) from None
        sent = str(form.get("csrf", ""))
        want = request.cookies.get(COOKIE_CSRF, "") if login else (user.csrf if user else "")
        if not want or not secrets.compare_digest(sent.encode(), want.encode()):
            raise HTTPException(403)
        return form

    def period(ky_id: int) -> Ky:
        k = store.ky(sm, ky_id)
        if k is None:
            raise HTTPException(404)
        return k

    def agency_period(user: store.NguoiDung, ky_id: int) -> Ky:
        """A period the agency has tasks in; any other is "not found" for it."""
        k = period(ky_id)
        if user.tai_khoan.co_quan not in store.co_quan_cua_ky(k):
            raise HTTPException(404)
        return k

    # ---- login --------------------------------------------------------------------------------

    def home(request: Request):
        user = store.nguoi_dung(sm, request.cookies.get(COOKIE))
        if user is None:
            return RedirectResponse("/dang-nhap", status_code=303)
        return RedirectResponse("/so" if user.la_so else "/co-quan", status_code=303)

    def login_page(request: Request, message: str = "", status: int = 200, login: str = ""):
        token = request.cookies.get(COOKIE_CSRF) or secrets.token_urlsafe(32)
        resp = page(request, "dang_nhap.html", status, csrf_dang_nhap=token, thong_bao=message,
                    ten_dang_nhap=login)
        resp.set_cookie(COOKIE_CSRF, token, httponly=True, samesite="lax", secure=secure(request), path="/dang-nhap")
        return resp

    def login_get(request: Request):
        return login_page(request)

    async def login_post(request: Request):
        form = await form_of(request, login=True)
        return await run_in_threadpool(_login_post, request, form)  # argon2 takes a while

    def _login_post(request: Request, form):
        login = str(form.get("ten_dang_nhap", ""))
        ip = request.client.host if request.client else ""
        try:
            got = store.dang_nhap(sm, login, str(form.get("ma_truy_cap", "")), ip)
        except store.BiChan:
            return error_page(429)
        if got is None:
            return login_page(request, "Tên đăng nhập hoặc mã truy cập không đúng.", 401, login)
        token, tk = got
        resp = RedirectResponse("/so" if tk.vai_tro == store.VAI_TRO_SO else "/co-quan", status_code=303)
        resp.set_cookie(COOKIE, token, httponly=True, samesite="lax", secure=secure(request),
                        max_age=store.PHIEN_GIO * 3600, path="/")
        return resp

    async def logout(request: Request):
        user = await run_in_threadpool(user_of, request)
        await form_of(request, user)
        await run_in_threadpool(store.dang_xuat, sm, user.phien_id)
        resp = RedirectResponse("/dang-nhap", status_code=303)
        resp.delete_cookie(COOKIE, path="/")
        return resp

    # ---- the department -----------------------------------------------------------------------

    def samples() -> list[tuple[str, str]]:
        """(value, label) of each bundled plan that assigns tasks."""
        out = []
        for f in sorted(api.SAMPLE_PLANS.glob("*.yaml")):
            out.append((f.name, f.name))
        return out

    def so_home(request: Request):
        need_so(request)
        return home_page(request)

    def home_page(request: Request, status: int = 200, loi: list[str] | None = None) -> HTMLResponse:
        periods = store.cac_ky(sm)
        return page(request, "so_trang_chu.html", status, cac_ky=periods, mau=samples(), loi=loi or [],
                    dem={k.id: len(store.co_quan_cua_ky(k)) for k in periods})

    async def so_new_period(request: Request):
        user = await run_in_threadpool(need_so, request)
        form = await form_of(request, user)
        return await run_in_threadpool(_new_period, request, form)

    def _new_period(request: Request, form):
        ky_code = " ".join(str(form.get("ky", "")).split())
        han = str(form.get("han_nop", "")).strip()
        sample = str(form.get("mau", "")).strip()
        upload = form.get("ke_hoach")
        reg_upload = form.get("danh_muc")
        errors: list[str] = []
        han_nop = None
        if not ky_code:
            errors.append("Chưa ghi kỳ báo cáo (ví dụ 2026, 6T1/2026, Q1/2026).")
        if han:
            try:
                han_nop = api.doc_han_nop(han)
            except ValueError as e:
                errors.append(f"Hạn nộp “{han}” không hợp lệ: {e}.")
        has_upload = upload is not None and getattr(upload, "filename", "")
        names = dict(samples())
        if not has_upload and sample not in names:
            errors.append("Chọn một kế hoạch mẫu hoặc tải lên tệp Kế hoạch (.yaml).")
        if errors:
            return home_page(request, 422, loi=errors)
        folder = f"tai-len/{cong.stamp()}"
        fields: dict = {"ky": ky_code, "han_nop": han_nop}
        if has_upload:
            data = upload.file.read(MAX_YAML + 1)  # in the thread pool: the file's own read
            reg_data = reg_upload.file.read(MAX_YAML + 1) if reg_upload is not None and getattr(
                reg_upload, "filename", "") else None
            if len(data) > MAX_YAML or (reg_data is not None and len(reg_data) > MAX_YAML):
                return home_page(request, 413, loi=["Tệp Kế hoạch hoặc danh mục cơ quan lớn quá 2 MB; tệp YAML không lớn như vậy."])
            d = thu_muc / folder
            d.mkdir(parents=True, exist_ok=True)
            (d / "ke-hoach.yaml").write_bytes(data)
            fields.update(ke_hoach=f"tep:{folder}/ke-hoach.yaml", ke_hoach_goc=data)
            if reg_data is not None:
                (d / "danh-muc-co-quan.yaml").write_bytes(reg_data)
                fields["danh_muc"] = f"tep:{folder}/danh-muc-co-quan.yaml"
            else:  # the registry the plan names is never read from a path taken from the upload
                try:
                    named = api.ten_danh_muc(d / "ke-hoach.yaml")
                except InputError as e:
                    return home_page(request, 422, loi=[str(Problem("ke-hoach.yaml", p.path, p.message, p.line))
                                                        for p in e.problems])
                if named:
                    bundled = PurePosixPath(named.replace("\\", "/")).name
                    if bundled.endswith((".yaml", ".yml")) and (api.DATA / "co-quan" / bundled).is_file():
                        fields["danh_muc"] = f"mau:co-quan/{bundled}"
                    else:
                        return home_page(request, 422, loi=[
                            f"Kế hoạch ghi danh mục cơ quan “{named}” (danh_muc_co_quan): tải lên cả tệp danh mục "
                            "cơ quan .yaml cùng kế hoạch"])
        else:
            fields["ke_hoach"] = f"mau:ke-hoach/{sample}"
        try:
            k, codes = cong.tao_ky(**fields)
        except InputError as e:
            plan = cong.tep(fields["ke_hoach"])
            shown = [str(Problem("ke-hoach.yaml" if has_upload else sample, p.path, p.message, p.line))
                     if p.file == str(plan) else str(p) for p in e.problems]
            return home_page(request, 422, loi=shown)
        except VanbanError as e:
            return home_page(request, 422, loi=[str(e)])
        return page(request, "ma_moi.html", ky=k, ma=codes)

    def so_period(request: Request):
        need_so(request)
        k = period(request.path_params["ky_id"])
        nop = store.cac_phieu(sm, k.id)
        counted = store.phieu_tinh(nop)
        try:
            th = cong.tong_hop(k).tong_hop
        except VanbanError as e:
            return page(request, "loi.html", 422, ma=422, tieu_de="Không tổng hợp được", noi_dung=str(e))
        today = dt.date.today()
        late = k.han_nop is not None and today > k.han_nop
        rows = []
        for c in th.co_quan:
            total = c.so_chu_tri + c.so_phoi_hop
            mine = [p for p in nop if p.co_quan == c.co_quan]
            last_bad = next((p for p in mine if not p.hop_le), None)
            rows.append({"co_quan": c.co_quan, "tong": total, "bao_cao": c.so_bao_cao, "hoan_thanh": c.so_hoan_thanh,
                         "phan_tram": round(100 * c.so_hoan_thanh / total) if total else 0,
                         "phan_tram_bc": round(100 * c.so_bao_cao / total) if total else 0,
                         "phieu": counted.get(c.co_quan), "so_lan": len(mine),
                         "loi": last_bad if last_bad is not None and (counted.get(c.co_quan) is None
                                                                      or last_bad.id > counted[c.co_quan].id) else None,
                         "tre": c.co_quan not in counted and late, "tai_khoan": store.tai_khoan_cua(sm, c.co_quan)})
        refused = [(p, json.loads(p.loi)) for p in nop if not p.hop_le]
        overdue = [t for t in th.nhiem_vu if t.qua_han]
        missing = [c.co_quan for c in th.co_quan if c.co_quan not in counted]
        return page(request, "so_ky.html", ky=k, dong=rows, bi_tu_choi=refused, qua_han=overdue, chua_nop=missing,
                    tre=late, hom_nay=today, so_phieu=len(nop))

    KINDS = {"tong-hop.docx": ("tong-hop-", ".docx"), "tong-hop.xlsx": ("tong-hop-", ".xlsx"),
             "tong-hop.pdf": ("tong-hop-", ".pdf"), "don-doc.docx": ("don-doc-", ".docx")}

    def send_file(path: Path, name: str) -> FileResponse:
        media = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 ".pdf": "application/pdf"}.get(path.suffix, "application/octet-stream")
        return FileResponse(path, media_type=media, filename=name)

    def so_download(request: Request):
        need_so(request)
        k = period(request.path_params["ky_id"])
        kind = request.path_params["loai"]
        if kind not in KINDS:
            raise HTTPException(404)
        prefix, suffix = KINDS[kind]
        try:
            result = cong.tong_hop(k, cong.thu_muc_ky(k, "ket-qua"), don_doc=kind == "don-doc.docx",
                                   pdf=suffix == ".pdf")
        except VanbanError as e:
            return page(request, "loi.html", 422, ma=422, tieu_de="Không lập được văn bản", noi_dung=str(e))
        got = next((p for p in result.tep if p.name.startswith(prefix) and p.suffix == suffix), None)
        if got is None:
            why = result.khong_don_doc or "mọi cơ quan đã gửi phiếu hợp lệ; không cần công văn đôn đốc"
            return page(request, "loi.html", 409, ma=409, tieu_de="Chưa lập công văn đôn đốc", noi_dung=why)
        return send_file(got, got.name)

    def so_agency_report(request: Request):
        need_so(request)
        k = period(request.path_params["ky_id"])
        agency = _agency_by_account(request.path_params["tk_id"], k)
        return _report(k, agency)

    def _agency_by_account(tk_id: int, k: Ky) -> str:
        tk = next((t for t in store.tai_khoan(sm) if t.id == tk_id), None)
        if tk is None or tk.co_quan not in store.co_quan_cua_ky(k):
            raise HTTPException(404)
        return tk.co_quan

    def _report(k: Ky, agency: str):
        got = cong.bao_cao(k, agency)
        if got is None:
            raise HTTPException(404)
        return send_file(got, got.name)

    def so_submission(request: Request):
        need_so(request)
        k = period(request.path_params["ky_id"])
        p = store.phieu(sm, request.path_params["phieu_id"])
        if p is None or p.ky_id != k.id:
            raise HTTPException(404)
        return _submission_page(request, k, p, "/so")

    def _submission_page(request, k: Ky, p: PhieuNop, base: str):
        web = json.loads(p.noi_dung) if p.nguon == "web" else None
        doc = json.loads(p.phieu) if p.phieu else None
        return page(request, "phieu.html", ky=k, p=p, loi=json.loads(p.loi), web=web, doc=doc, base=base)

    def so_original(request: Request):
        need_so(request)
        k = period(request.path_params["ky_id"])
        p = store.phieu(sm, request.path_params["phieu_id"])
        if p is None or p.ky_id != k.id:
            raise HTTPException(404)
        return _original(p)

    def _original(p: PhieuNop) -> Response:
        if p.nguon == "xlsx":
            media, name = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"phieu-{p.id}.xlsx"
        else:
            media, name = "application/json", f"phieu-{p.id}.json"
        return Response(p.noi_dung, media_type=media,
                        headers={"content-disposition": f'attachment; filename="{name}"'})

    def so_accounts(request: Request):
        need_so(request)
        return page(request, "so_tai_khoan.html", tai_khoan=store.tai_khoan(sm))

    async def so_reset(request: Request):
        user = await run_in_threadpool(need_so, request)
        await form_of(request, user)
        got = await run_in_threadpool(store.dat_lai_ma, sm, request.path_params["tk_id"])
        if got is None:
            raise HTTPException(404)
        tk, code = got
        return page(request, "ma_moi.html", ky=None, ma={tk.co_quan or "Sở (quản trị)": (tk.ten_dang_nhap, code)},
                    dat_lai=True)

    # ---- an agency ----------------------------------------------------------------------------

    def cq_home(request: Request):
        user = need_co_quan(request)
        mine = [k for k in store.cac_ky(sm) if user.tai_khoan.co_quan in store.co_quan_cua_ky(k)]
        counted = {k.id: store.phieu_tinh(store.cac_phieu(sm, k.id, user.tai_khoan.co_quan)) for k in mine}
        return page(request, "co_quan_trang_chu.html", cac_ky=mine, da_nop=counted)

    def cq_form_page(request, user, k: Ky, values: dict | None = None, loi: list[dict] | None = None,
                     thong_bao: str = "", status: int = 200):
        agency = user.tai_khoan.co_quan
        trong = cong.phieu_trong(k, agency)
        draft = store.ban_nhap(sm, k.id, agency)
        nop = store.cac_phieu(sm, k.id, agency)
        counted = store.phieu_tinh(nop).get(agency)
        if values is None:
            if draft is not None:
                values = draft[0]
            elif counted is not None and counted.nguon == "web":
                values = json.loads(counted.noi_dung)
            elif counted is not None:  # a return sent as .xlsx, shown for correcting it here
                values = api.truong_web(api.phieu_tu_json(counted.phieu))
            else:
                values = {"thong_tin.ten_co_quan": trong.co_quan, "thong_tin.viet_tat": trong.viet_tat,
                          "thong_tin.kinh_gui": trong.kinh_gui}
        by_field: dict[str, list[str]] = {}
        for m in loi or []:
            by_field.setdefault(m["path"], []).append(m["message"])
        mau = api.mau_phieu_web()
        return page(request, "co_quan_ky.html", status, ky=k, trong=trong, v=values, loi=loi or [],
                    loi_o=by_field, o_web=mau.o_web, tinh_trang=mau.tinh_trang, vai_tro=mau.vai_tro, muc=mau.muc,
                    thong_tin=mau.thong_tin, quyen_han=mau.quyen_han, nop=nop, tinh=counted, nhap=draft,
                    thong_bao=thong_bao)

    def cq_period(request: Request):
        user = need_co_quan(request)
        k = agency_period(user, request.path_params["ky_id"])
        notes = {"nhap": "Đã lưu bản nháp.", "nop": "Đã nộp phiếu báo cáo; phiếu hợp lệ và được tính.",
                 "tai-len": "Đã nhận phiếu tải lên; phiếu hợp lệ và được tính."}
        return cq_form_page(request, user, k, thong_bao=notes.get(request.query_params.get("da", ""), ""))

    def agency_of(request: Request) -> tuple[store.NguoiDung, Ky]:
        user = need_co_quan(request)
        return user, agency_period(user, request.path_params["ky_id"])

    def web_fields(form, trong: api.PhieuTrong) -> dict[str, str]:
        names = api.mau_phieu_web().ten_truong(trong)
        return {n: str(form.get(n, ""))[:100_000] for n in names if str(form.get(n, ""))}

    def agency_post(work):
        """An agency's form POST: its session and period checked and its form read (CSRF) here,
        ``work(request, user, period, form)`` done in the thread pool."""
        async def endpoint(request: Request):
            user, k = await run_in_threadpool(agency_of, request)
            form = await form_of(request, user)
            return await run_in_threadpool(work, request, user, k, form)
        return endpoint

    def _cq_save(request: Request, user: store.NguoiDung, k: Ky, form):
        trong = cong.phieu_trong(k, user.tai_khoan.co_quan)
        store.luu_nhap(sm, k.id, trong.co_quan, web_fields(form, trong))
        return RedirectResponse(f"/co-quan/ky/{k.id}?da=nhap", status_code=303)

    def _cq_submit(request: Request, user: store.NguoiDung, k: Ky, form):
        fields = web_fields(form, cong.phieu_trong(k, user.tai_khoan.co_quan))
        _nop, msgs = cong.nop_web(k, user.tai_khoan, fields)
        if msgs:
            return cq_form_page(request, user, k, fields, msgs, status=422,
                                thong_bao="Phiếu chưa được nhận: sửa các lỗi dưới đây rồi nộp lại.")
        return RedirectResponse(f"/co-quan/ky/{k.id}?da=nop", status_code=303)

    def _cq_upload(request: Request, user: store.NguoiDung, k: Ky, form):
        up = form.get("tep")
        if up is None or not getattr(up, "filename", ""):
            return cq_form_page(request, user, k, status=422, thong_bao="Chưa chọn tệp phiếu báo cáo (.xlsx).")
        limit = api.mau_phieu_web().max_bytes
        data = up.file.read(limit + 1)  # in the thread pool: the file's own read
        if len(data) > limit:
            return error_page(413)
        _nop, msgs = cong.nop_xlsx(k, user.tai_khoan, data, str(up.filename))
        if msgs:
            return cq_form_page(request, user, k, loi=msgs, status=422,
                                thong_bao="Phiếu tải lên chưa được nhận: sửa các lỗi dưới đây trong tệp rồi tải lên lại.")
        return RedirectResponse(f"/co-quan/ky/{k.id}?da=tai-len", status_code=303)

    def cq_form_xlsx(request: Request):
        user = need_co_quan(request)
        k = agency_period(user, request.path_params["ky_id"])
        got = cong.bieu_mau(k, user.tai_khoan.co_quan)
        return send_file(got, got.name)

    def cq_report(request: Request):
        user = need_co_quan(request)
        k = agency_period(user, request.path_params["ky_id"])
        return _report(k, user.tai_khoan.co_quan)

    def own_submission(request, user) -> tuple[Ky, PhieuNop]:
        k = agency_period(user, request.path_params["ky_id"])
        p = store.phieu(sm, request.path_params["phieu_id"])
        if p is None or p.ky_id != k.id or p.co_quan != user.tai_khoan.co_quan:
            raise HTTPException(404)
        return k, p

    def cq_submission(request: Request):
        user = need_co_quan(request)
        k, p = own_submission(request, user)
        return _submission_page(request, k, p, "/co-quan")

    def cq_original(request: Request):
        user = need_co_quan(request)
        _k, p = own_submission(request, user)
        return _original(p)

    routes = [
        Route("/", home),
        Route("/dang-nhap", login_get, methods=["GET"]),
        Route("/dang-nhap", login_post, methods=["POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/so", so_home),
        Route("/so/ky", so_new_period, methods=["POST"]),
        Route("/so/ky/{ky_id:int}", so_period),
        Route("/so/ky/{ky_id:int}/tai/{loai}", so_download),
        Route("/so/ky/{ky_id:int}/bao-cao/{tk_id:int}", so_agency_report),
        Route("/so/ky/{ky_id:int}/phieu/{phieu_id:int}", so_submission),
        Route("/so/ky/{ky_id:int}/phieu/{phieu_id:int}/goc", so_original),
        Route("/so/tai-khoan", so_accounts),
        Route("/so/tai-khoan/{tk_id:int}/dat-lai", so_reset, methods=["POST"]),
        Route("/co-quan", cq_home),
        Route("/co-quan/ky/{ky_id:int}", cq_period),
        Route("/co-quan/ky/{ky_id:int}/luu-nhap", agency_post(_cq_save), methods=["POST"]),
        Route("/co-quan/ky/{ky_id:int}/nop", agency_post(_cq_submit), methods=["POST"]),
        Route("/co-quan/ky/{ky_id:int}/tai-len", agency_post(_cq_upload), methods=["POST"]),
        Route("/co-quan/ky/{ky_id:int}/bieu-mau.xlsx", cq_form_xlsx),
        Route("/co-quan/ky/{ky_id:int}/bao-cao.docx", cq_report),
        Route("/co-quan/ky/{ky_id:int}/phieu/{phieu_id:int}", cq_submission),
        Route("/co-quan/ky/{ky_id:int}/phieu/{phieu_id:int}/goc", cq_original),
        Mount("/tinh", app=StaticFiles(directory=str(HERE / "static")), name="tinh"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: on_http_error,
                                                                  VanbanError: on_data_error})
    app.state.sm = sm
    app.state.cong = cong
    app.state.cau_hinh = cau_hinh
    app.add_middleware(_BaoVe, render=error_page)
    return app
