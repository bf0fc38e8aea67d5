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
