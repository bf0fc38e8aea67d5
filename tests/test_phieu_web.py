"""A return typed in the web form is read by the .xlsx reader's rules and consolidates exactly as
the same return sent as an .xlsx file (``api.lap_phieu_web``, ``api.tong_hop_tu_phieu``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from vanban import api
from vanban.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml"
RETURNS = ROOT / "data" / "bao-cao" / "hung-yen-2026" / "phieu"


def _truong(p) -> dict[str, str]:
    """What a clerk types in the web form to say what the .xlsx return ``p`` says."""
    out: dict[str, str] = {}
    for r in p.ket_qua:
        out[f"tinh_trang.{r.id}"] = r.tinh_trang or ""
        out[f"ty_le.{r.id}"] = "" if r.ty_le is None else f"{r.ty_le:g}".replace(".", ",")
        for fld in ("ket_qua", "san_pham", "kho_khan", "de_xuat"):
            out[f"{fld}.{r.id}"] = getattr(r, fld) or ""
    tt = p.thong_tin
    for fld in ("co_quan_chu_quan", "ten_co_quan", "viet_tat", "so", "ngay", "dia_danh", "kinh_gui", "quyen_han",
                "cap_truong", "chuc_vu", "ho_ten"):
        v = getattr(tt, fld)
        if fld == "ngay" and v:
            y, m, d = v.split("-")
            v = f"{d}/{m}/{y}"
        out[f"thong_tin.{fld}"] = "" if v is None else str(v)
    for fld in ("cong_tac_chi_dao", "ton_tai", "phuong_huong", "kien_nghi"):
        out[fld] = getattr(p, fld) or ""
    return out


def _plain(value):
    """A consolidation as plain data, without the sheet rows (a web return has none)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: (None if f.name == "dong" else _plain(getattr(value, f.name)))
                for f in dataclasses.fields(value) if f.name != "kh"}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def test_web_return_consolidates_like_the_xlsx_return(tmp_path):
    xlsx = []
    for f in sorted(RETURNS.glob("*.xlsx")):
        try:
            xlsx.append(api.doc_phieu(f))
        except InputError:
            pass
    # one return per agency (the sample's duplicate is the xlsx reader's own matter)
    xlsx = [p for p in xlsx if not p.tep.endswith("02-so-xay-dung.xlsx")]
    assert len(xlsx) >= 6
    web = []
    for p in xlsx:
        trong = api.phieu_trong(PLAN, "2026", p.co_quan)
        w = api.lap_phieu_web(trong, _truong(p), tep=p.tep)
        assert w.ket_qua and [r.id for r in w.ket_qua] == [r.id for r in p.ket_qua]
        assert w.nhiem_vu == p.nhiem_vu
        assert w.model_dump(exclude={"ket_qua", "thong_tin"}) == p.model_dump(exclude={"ket_qua", "thong_tin"})
        web.append(w)
    a = api.tong_hop_tu_phieu(PLAN, xlsx, "2026", hom_nay=None).tong_hop
    b = api.tong_hop_tu_phieu(PLAN, web, "2026").tong_hop
    assert a.co_quan and any(c.tep for c in a.co_quan)
    assert _plain(a) == _plain(b)
    # and the consolidated workbook (Phụ lục) written from each is the same
    ra, rb = tmp_path / "a", tmp_path / "b"
    api.tong_hop_tu_phieu(PLAN, xlsx, "2026", ra)
    api.tong_hop_tu_phieu(PLAN, web, "2026", rb)
    from openpyxl import load_workbook

    wa, wb = (load_workbook(next(d.glob("tong-hop-*.xlsx"))) for d in (ra, rb))
    for sa, sb in zip(wa.worksheets, wb.worksheets, strict=True):
        assert [[c for c in r] for r in sa.iter_rows(values_only=True)] == \
               [[c for c in r] for r in sb.iter_rows(values_only=True)]


def test_folder_and_models_consolidate_the_same():
    phieu, loi, co_quan = api.doc_phieu_thu_muc(RETURNS)
    by_folder = api.tong_hop_bao_cao  # the folder is one way of getting the models
    assert by_folder is not None
    a = api.tong_hop_tu_phieu(PLAN, phieu, "2026", loi_phieu=loi, co_quan_loi=co_quan).tong_hop
    assert a.khong_hop_le and any(k.chi_tiet for k in a.khong_hop_le)


@pytest.mark.parametrize("fields, place, words", [
    ({"ket_qua.HY-1-01": "Đã họp"}, "nhiệm vụ HY-1-01 (TT 1), Tình trạng", "chưa chọn tình trạng"),
    ({"tinh_trang.HY-1-01": "Quá hạn"}, "nhiệm vụ HY-1-01 (TT 1), Tình trạng", "không ghi “Quá hạn”"),
    ({"tinh_trang.HY-1-01": "Đang thực hiện", "ty_le.HY-1-01": "120"}, "nhiệm vụ HY-1-01 (TT 1), Tỷ lệ",
     "ngoài khoảng 0–100"),
    ({"tinh_trang.HY-1-01": "Đang thực hiện", "ty_le.HY-1-01": "tám mươi"}, "Tỷ lệ", "không phải là số"),
    ({"thong_tin.so": "abc"}, "Thông tin báo cáo, Số", "số báo cáo “abc” không hợp lệ"),
    ({"thong_tin.quyen_han": "XX"}, "Thông tin báo cáo, Quyền hạn ký", "quyền hạn ký “XX” không hợp lệ"),
])
def test_web_return_refused_by_the_readers_rules(fields, place, words):
    trong = api.phieu_trong(PLAN, "2026", "Sở Xây dựng")
    with pytest.raises(InputError) as e:
        api.lap_phieu_web(trong, fields, tep="web")
    assert any(place in p.path and words in p.message for p in e.value.problems), e.value.problems


def test_web_return_lenient_like_the_reader():
    trong = api.phieu_trong(PLAN, "2026", "Sở Xây dựng")
    p = api.lap_phieu_web(trong, {"tinh_trang.HY-1-01": "da hoan thanh", "ty_le.HY-1-01": "80,5%",
                                  "ket_qua.HY-1-01": "Xong\u200b việc", "tinh_trang.HY-9-99": "Đã hoàn thành"},
                          tep="web")
    (r,) = p.ket_qua
    assert (r.id, r.tinh_trang, r.ty_le, r.ket_qua, r.vai_tro) == ("HY-1-01", "Đã hoàn thành", 80.5, "Xong việc",
                                                                   "chu_tri")
    assert p.canh_bao and "nhiệm vụ HY-1-01" in p.canh_bao[0].path
    assert p.thong_tin.ten_co_quan == "Sở Xây dựng"


def test_truong_web_reads_back_to_the_same_return():
    for f in sorted(RETURNS.glob("0[1-7]-*.xlsx")):
        p = api.doc_phieu(f)
        back = api.lap_phieu_web(api.phieu_trong(PLAN, "2026", p.co_quan), api.truong_web(p), tep=p.tep)
        keep = {"ket_qua": {"__all__": {"dong"}}, "thong_tin": {"o"}, "canh_bao": True}
        assert back.model_dump(exclude=keep) == p.model_dump(exclude=keep), f.name
