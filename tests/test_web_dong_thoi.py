"""The portal while it works: a return being read does not stop it answering other requests,
the plan of a period is read once for all its submissions, and a period's access codes are
hashed in parallel in one transaction."""

from __future__ import annotations

import threading

from vanban import api
from vanban.web import store
from tests.web_helpers import XD, _mau_sqlite, db_url, portal, sample_return, token  # noqa: F401


def _upload(c, k: int, data: bytes, name: str = "02-so-xay-dung.xlsx"):
    return c.post(f"/co-quan/ky/{k}/tai-len", data={"csrf": token(c, f"/co-quan/ky/{k}")},
                  files={"tep": (name, data)}, follow_redirects=False)


def test_other_requests_are_answered_while_a_return_is_read(portal, monkeypatch):
    """The reader is held until the login page and the agency's dashboard have answered: with
    the reading on the event loop those requests would wait for it (and the held reader give
    up), so they would come after the upload, not during it."""
    reading, release, uploaded = threading.Event(), threading.Event(), threading.Event()
    read = api.doc_phieu_cua

    def slow_reader(*args, **kwargs):
        reading.set()
        release.wait(timeout=20)
        return read(*args, **kwargs)

    monkeypatch.setattr(api, "doc_phieu_cua", slow_reader)
    k = portal.ky_id
    with portal.agency(XD) as c:  # one client, one event loop for every request below
        data = sample_return("02-so-xay-dung.xlsx")
        result = {}

        def send():
            result["r"] = _upload(c, k, data)
            uploaded.set()

        t = threading.Thread(target=send)
        t.start()
        try:
            assert reading.wait(timeout=20), "the upload never reached the reader"
            login = c.get("/dang-nhap")
            home = c.get("/co-quan")
            assert not uploaded.is_set(), "the other requests were answered only after the upload"
            assert login.status_code == 200 and "ma_truy_cap" in login.text
            assert home.status_code == 200 and f'id="ky-{k}"' in home.text
        finally:
            release.set()
            t.join(timeout=60)
    assert result["r"].status_code == 303 and result["r"].headers["location"].endswith("?da=tai-len")
    (nop,) = store.cac_phieu(portal.app.state.sm, k, XD)
    assert nop.hop_le


def _count_reads(monkeypatch) -> list[str]:
    """The plans and registries the library reads from now on, by model (the period file, read
    for the consolidation, is not counted)."""
    reads: list[str] = []
    real = api.read_model

    def counting(path, model, *args, **kwargs):
        if model.__name__ in ("KeHoach", "DanhMucCoQuan"):
            reads.append(model.__name__)
        return real(path, model, *args, **kwargs)

    monkeypatch.setattr(api, "read_model", counting)
    return reads


def test_a_periods_plan_is_read_once_for_all_its_submissions(portal, monkeypatch):
    reads = _count_reads(monkeypatch)
    k = portal.ky_id
    xd, yt = portal.agency(XD), portal.agency("Sở Y tế")
    assert _upload(xd, k, sample_return("02-so-xay-dung.xlsx")).status_code == 303
    assert sorted(reads) == ["DanhMucCoQuan", "KeHoach"]  # the first page of the period read them
    assert _upload(yt, k, sample_return("05-so-y-te.xlsx"), "05-so-y-te.xlsx").status_code == 303
    assert portal.so().get(f"/so/ky/{k}").status_code == 200
    assert sorted(reads) == ["DanhMucCoQuan", "KeHoach"], "a submission or the dashboard read the plan again"
    sm = portal.app.state.sm
    assert [p.hop_le for p in store.cac_phieu(sm, k)] == [True, True]


def test_the_kept_plan_is_read_again_when_its_file_changes(portal, monkeypatch, tmp_path):
    from tests.web_helpers import PLAN, REGISTRY

    folder = portal.thu_muc / "tai-len" / "thu"
    folder.mkdir(parents=True)
    plan = folder / "ke-hoach.yaml"
    plan.write_bytes(PLAN.read_bytes())
    (folder / "danh-muc-co-quan.yaml").write_bytes(REGISTRY.read_bytes())
    reads = _count_reads(monkeypatch)
    cong = portal.cong
    k2, codes = cong.tao_ky("2026", None, "tep:tai-len/thu/ke-hoach.yaml",
                            danh_muc="tep:tai-len/thu/danh-muc-co-quan.yaml")
    assert codes == {}  # the agencies have their accounts from the first period
    assert sorted(reads) == ["DanhMucCoQuan", "KeHoach"]  # creating the period read it once
    sm = portal.app.state.sm
    k2 = store.ky(sm, k2.id)
    first = cong.phieu_trong(k2, XD)
    cong.phieu_trong(k2, XD), cong.phieu_trong(k2, "Sở Y tế")
    assert len(reads) == 2
    cong.phieu_trong(store.ky(sm, portal.ky_id), XD)  # another period: its own plan
    assert len(reads) == 4
    plan.write_text(plan.read_text(encoding="utf-8").replace("Hưng Yên", "Hưng Yên mới", 1), encoding="utf-8")
    again = cong.phieu_trong(k2, XD)
    assert len(reads) == 6, "the changed plan was not read again"
    assert again.nhiem_vu == first.nhiem_vu
    cong.phieu_trong(k2, XD)
    assert len(reads) == 6


NEW = [f"Ban Thử nghiệm {i}" for i in range(1, 7)]


def test_a_new_periods_codes_are_hashed_in_parallel_and_verify(portal, monkeypatch):
    """Two hashes must be under way at once for the barrier to open: hashed one after the other,
    the first waits alone, the barrier breaks and the accounts are not made."""
    from argon2 import PasswordHasher
    from argon2.exceptions import VerifyMismatchError

    barrier = threading.Barrier(2, timeout=20)
    real = store._bam

    def meeting(code):
        barrier.wait()
        return real(code)

    monkeypatch.setattr(store, "_bam", meeting)
    sm = portal.app.state.sm
    got = store.tao_tai_khoan_co_quan(sm, NEW)
    monkeypatch.setattr(store, "_bam", real)
    assert sorted(got) == sorted(NEW)
    checker = PasswordHasher()  # any argon2 verifier: the parameters are in the hash
    for agency, (login, code) in got.items():
        tk = store.tai_khoan_cua(sm, agency)
        assert tk.ten_dang_nhap == login and tk.ma_bam.startswith("$argon2id$")
        assert checker.verify(tk.ma_bam, code)
        try:
            checker.verify(tk.ma_bam, code[::-1])
            raise AssertionError("a wrong code verified")
        except VerifyMismatchError:
            pass
    login, code = got[NEW[0]]
    assert store.dang_nhap(sm, login, code, "127.0.0.1") is not None
    assert store.tao_tai_khoan_co_quan(sm, NEW) == {}  # each agency has its account already


def test_a_new_periods_accounts_are_made_in_one_transaction(portal, monkeypatch):
    real = store.ten_dang_nhap

    def fails_on_the_last(agency):
        if agency == NEW[-1]:
            raise RuntimeError("hỏng giữa chừng")
        return real(agency)

    monkeypatch.setattr(store, "ten_dang_nhap", fails_on_the_last)
    sm = portal.app.state.sm
    before = len(store.tai_khoan(sm))
    try:
        store.tao_tai_khoan_co_quan(sm, NEW)
        raise AssertionError("the failure was not raised")
    except RuntimeError:
        pass
    assert len(store.tai_khoan(sm)) == before  # none of the accounts before the failure stayed


def test_a_code_hashed_with_the_old_parameters_still_logs_in_and_is_rehashed(portal):
    from argon2 import PasswordHasher
    from vanban.web.db import TaiKhoan

    sm = portal.app.state.sm
    code = store.ma_moi()
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(code)
    with sm.begin() as s:
        s.add(TaiKhoan(ten_dang_nhap="ban-cu", vai_tro=store.CO_QUAN, co_quan="Ban Cũ", ma_bam=old))
    assert store.dang_nhap(sm, "ban-cu", code, "127.0.0.1") is not None
    now = store.tai_khoan_cua(sm, "Ban Cũ").ma_bam
    assert now != old and not store._hasher.check_needs_rehash(now)
    assert store.dang_nhap(sm, "ban-cu", code, "127.0.0.1") is not None
    assert store.dang_nhap(sm, "ban-cu", code + "x", "127.0.0.1") is None
