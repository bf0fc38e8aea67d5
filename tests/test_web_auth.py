"""The portal's access: logins with hashed access codes, server-side sessions and their cookie,
CSRF on every POST form, login throttling, roles (the department, each agency only its own),
the security headers, and Vietnamese error pages without a traceback."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from vanban.web import store
from vanban.web.db import Phien, TaiKhoan
from tests.web_helpers import XD, YT, _mau_sqlite, csrf_of, db_url, login, portal, token  # noqa: F401

POST_ROUTES = ["/dang-xuat", "/so/ky", "/so/tai-khoan/1/dat-lai", "/co-quan/ky/{k}/luu-nhap", "/co-quan/ky/{k}/nop",
               "/co-quan/ky/{k}/tai-len"]
SO_GET = ["/so", "/so/ky/{k}", "/so/ky/{k}/tai/tong-hop.xlsx", "/so/tai-khoan", "/so/ky/{k}/phieu/1",
          "/so/ky/{k}/phieu/1/goc", "/so/ky/{k}/bao-cao/2"]
CQ_GET = ["/co-quan/ky/{k}", "/co-quan/ky/{k}/bieu-mau.xlsx", "/co-quan/ky/{k}/bao-cao.docx",
          "/co-quan/ky/{k}/phieu/{p}", "/co-quan/ky/{k}/phieu/{p}/goc"]


def test_login_sets_a_server_side_session_in_a_safe_cookie(portal):
    c = portal.client()
    page = c.get("/dang-nhap")
    assert 'id="dang-nhap"' in page.text and 'name="ma_truy_cap"' in page.text and 'name="ten_dang_nhap"' in page.text
    r = c.post("/dang-nhap", data={"csrf": csrf_of(page.text), "ten_dang_nhap": "so", "ma_truy_cap": portal.so_code},
               follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/so"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    value = re.match(r"vanban_phien=([^;]+)", cookie).group(1)
    with portal.app.state.sm() as s:  # the table holds its hash, never the token itself
        ids = list(s.scalars(select(Phien.id)))
    assert len(ids) == 1 and ids[0] != value and len(ids[0]) == 64
    assert c.get("/so").status_code == 200


@pytest.mark.parametrize("https_flag", [True, False])
def test_cookie_is_secure_behind_tls(tmp_path, https_flag):
    """With ``--https`` or an https request, the cookies go over TLS only."""
    from tests.web_helpers import make_portal
    from vanban.web.db import sqlite_url

    p = make_portal(tmp_path / "d", sqlite_url(tmp_path / "d"), https=https_flag)
    c = p.client(https=True)  # the flag (TLS ends at a proxy in front) or the request's own scheme
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", data={"csrf": csrf_of(page.text), "ten_dang_nhap": "so", "ma_truy_cap": p.so_code},
               follow_redirects=False)
    assert "Secure" in r.headers["set-cookie"]


def test_access_codes_are_stored_hashed_with_argon2(portal):
    with portal.app.state.sm() as s:
        accounts = list(s.scalars(select(TaiKhoan)))
    assert len(accounts) == 1 + 11
    assert all(a.ma_bam.startswith("$argon2") for a in accounts)
    codes = [portal.so_code] + [c for _l, c in portal.codes.values()]
    assert len(set(codes)) == len(codes)
    assert not any(code in a.ma_bam for a in accounts for code in codes)


def test_wrong_code_is_refused_in_vietnamese(portal):
    c = portal.client()
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", data={"csrf": csrf_of(page.text), "ten_dang_nhap": "so", "ma_truy_cap": "sai"})
    assert r.status_code == 401 and "mã truy cập không đúng" in r.text
    assert c.get("/so", follow_redirects=False).headers["location"] == "/dang-nhap"


def test_login_is_throttled_per_account_and_address(portal):
    c = portal.client()
    for _ in range(store.THU_TOI_DA):
        r = c.post("/dang-nhap", data={"csrf": token(c, "/dang-nhap"), "ten_dang_nhap": "so", "ma_truy_cap": "x"})
        assert r.status_code == 401
    r = c.post("/dang-nhap", data={"csrf": token(c, "/dang-nhap"), "ten_dang_nhap": "so",
                                   "ma_truy_cap": portal.so_code})
    assert r.status_code == 429 and "Tạm khóa đăng nhập" in r.text and "15 phút" in r.text
    # another account from the same address is not locked
    login(portal.client(), *portal.codes[XD])


def test_login_without_its_csrf_token_is_refused(portal):
    c = portal.client()
    c.get("/dang-nhap")
    r = c.post("/dang-nhap", data={"ten_dang_nhap": "so", "ma_truy_cap": portal.so_code})
    assert r.status_code == 403 and "Không có quyền truy cập" in r.text


@pytest.mark.parametrize("route", POST_ROUTES)
def test_every_post_form_checks_its_csrf_token(portal, route):
    c = portal.so() if route.startswith(("/so", "/dang-xuat")) else portal.agency(XD)
    path = route.format(k=portal.ky_id)
    for data in ({}, {"csrf": "gia-mao"}):
        r = c.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403, (path, r.status_code)
    assert c.get("/").status_code == 200  # still logged in: the forged logout did nothing


def test_logout_ends_the_session(portal):
    c = portal.so()
    r = c.post("/dang-xuat", data={"csrf": token(c, "/so")}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/so", follow_redirects=False).headers["location"] == "/dang-nhap"


def test_a_new_code_ends_the_old_sessions(portal):
    c = portal.agency(XD)
    so = portal.so()
    tk = portal.account(XD)
    r = so.post(f"/so/tai-khoan/{tk.id}/dat-lai", data={"csrf": token(so, "/so/tai-khoan")})
    assert r.status_code == 200 and "Đã cấp lại mã truy cập" in r.text
    new = re.search(r'<code class="ma">([^<]+)</code>', r.text).group(1)
    assert c.get(f"/co-quan/ky/{portal.ky_id}", follow_redirects=False).status_code == 303
    login(portal.client(), tk.ten_dang_nhap, new)
    bad = portal.client()
    page = bad.get("/dang-nhap")
    r = bad.post("/dang-nhap", data={"csrf": csrf_of(page.text), "ten_dang_nhap": tk.ten_dang_nhap,
                                     "ma_truy_cap": portal.codes[XD][1]})
    assert r.status_code == 401


@pytest.mark.parametrize("route", SO_GET)
def test_department_pages_are_refused_to_agencies(portal, route):
    r = portal.agency(XD).get(route.format(k=portal.ky_id), follow_redirects=False)
    assert r.status_code == 403 and "Không có quyền truy cập" in r.text


@pytest.mark.parametrize("route", SO_GET + CQ_GET)
def test_every_page_needs_a_login(portal, route):
    r = portal.client().get(route.format(k=portal.ky_id, p=1), follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/dang-nhap"


def test_an_agency_sees_and_changes_only_its_own(portal):
    """Every agency route, called by another agency: its submissions, drafts and report stay its own."""
    xd, yt = portal.agency(XD), portal.agency(YT)
    k = portal.ky_id
    r = xd.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(xd, f"/co-quan/ky/{k}"),
                                              "tinh_trang.HY-1-01": "Đã hoàn thành", "ty_le.HY-1-01": "100",
                                              "ket_qua.HY-1-01": "Bí mật của Sở Xây dựng",
                                              "thong_tin.dia_danh": "Hưng Yên", "thong_tin.ho_ten": "Nguyễn A"})
    assert r.status_code == 200 and "Đã nộp phiếu báo cáo" in r.text
    (mine,) = portal.cong and [p.id for p in store.cac_phieu(portal.app.state.sm, k, XD)]
    assert xd.get(f"/co-quan/ky/{k}/phieu/{mine}").status_code == 200
    # the other agency: not its submission, not its original, not its form
    for path in (f"/co-quan/ky/{k}/phieu/{mine}", f"/co-quan/ky/{k}/phieu/{mine}/goc"):
        r = yt.get(path)
        assert r.status_code == 404 and "Bí mật" not in r.text
    page = yt.get(f"/co-quan/ky/{k}")
    assert "Bí mật" not in page.text and "Sở Y tế" in page.text
    assert yt.get(f"/co-quan/ky/{k}/bao-cao.docx").status_code == 404  # Y tế has no return
    # what it saves or submits is its own, never Xây dựng's
    yt.post(f"/co-quan/ky/{k}/luu-nhap", data={"csrf": csrf_of(page.text), "ket_qua.HY-1-01": "nháp của Y tế"})
    assert store.ban_nhap(portal.app.state.sm, k, XD) is None
    assert [p.id for p in store.cac_phieu(portal.app.state.sm, k, XD)] == [mine]
    # a period without tasks for the agency is "not found" for it
    from vanban.web.db import Ky
    other, _codes = portal.cong.tao_ky("2026", None, "mau:ke-hoach/quang-tri-snnmt.yaml")
    assert XD not in store.co_quan_cua_ky(store.ky(portal.app.state.sm, other.id))
    for route in ("/co-quan/ky/{k}", "/co-quan/ky/{k}/bieu-mau.xlsx", "/co-quan/ky/{k}/bao-cao.docx",
                  "/co-quan/ky/{k}/phieu/{p}", "/co-quan/ky/{k}/phieu/{p}/goc"):
        assert xd.get(route.format(k=other.id, p=mine)).status_code == 404
    for route in ("/co-quan/ky/{k}/luu-nhap", "/co-quan/ky/{k}/nop", "/co-quan/ky/{k}/tai-len"):
        assert xd.post(route.format(k=other.id), data={"csrf": token(xd, f"/co-quan/ky/{k}")}).status_code == 404
    assert Ky is not None


def test_security_headers_on_every_response(portal):
    c = portal.so()
    for path in ("/dang-nhap", "/so", f"/so/ky/{portal.ky_id}", "/khong-co-trang-nay", "/tinh/kieu.css"):
        r = c.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'none'" in csp, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in c.get(f"/so/ky/{portal.ky_id}").text
    assert " style=" not in c.get(f"/so/ky/{portal.ky_id}").text  # no inline style the CSP would block


def test_error_pages_are_vietnamese_without_traceback(portal, monkeypatch):
    c = portal.so()
    r = c.get("/khong-co-trang-nay")
    assert r.status_code == 404 and "Không tìm thấy trang" in r.text and 'lang="vi"' in r.text
    assert c.get("/so/ky/999").status_code == 404

    def broken(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(portal.cong, "tong_hop", broken)
    r = c.get(f"/so/ky/{portal.ky_id}")
    assert r.status_code == 500 and "Lỗi chương trình" in r.text
    assert "Traceback" not in r.text and "secret internals" not in r.text
    assert "content-security-policy" in r.headers


def test_oversized_request_is_413(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    big = b"0" * (22 * 1024 * 1024)
    r = c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, f"/co-quan/ky/{k}")},
               files={"tep": ("to.xlsx", big)})
    assert r.status_code == 413 and "Tệp quá lớn" in r.text
    assert store.cac_phieu(portal.app.state.sm, k) == []


def test_user_input_is_escaped(portal):
    c = portal.agency(XD)
    k = portal.ky_id
    r = c.post(f"/co-quan/ky/{k}/nop", data={"csrf": token(c, f"/co-quan/ky/{k}"),
                                             "ket_qua.HY-1-01": "<script>alert(1)</script>"})
    assert r.status_code == 422
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text
