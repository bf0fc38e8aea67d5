"""The documents of the reporting cycle as ``VanBanDi``: an agency's Báo cáo from its filled
return form, the consolidated Báo cáo and the reminder letter (công văn đôn đốc).

Header data: an agency's report takes it from the form's "Thông tin báo cáo" sheet (problems
named by their cell); the consolidated report and the reminder take it from the plan, each field
replaceable by the period's ``ThongTinKy`` file.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from pydantic import ValidationError

from ..errors import InputError, Problem, VanbanError, o_bang_tinh
from ..model import CoQuan, KeHoach, Luu, NguoiKy, NoiNhan
from ..model.bao_cao import TINH_TRANG, PhieuBaoCao
from ..model.ky_bao_cao import PhanVanBan, ThongTinKy
from ..model.loi import thong_bao
from ..model.van_ban import VanBan
from ..model.van_ban_di import BangPhuLuc, VanBanDi
from ..text.than_van import escape_inline, parse_body
from ..text.thoi_han import KyBaoCao
from ..validate.tra_cuu import TraCuuCoQuan, cung_co_quan
from . import tong_hop as T

SHEET_THONG_TIN = "Thông tin báo cáo"
CHUA_BAO_CAO_CQ = "Chưa có kết quả"  # a task row the agency left empty in its own report

# Annex of an agency's report: (title, relative width, centred).
COT_PHIEU = [("TT", 0.6, True), ("Nội dung nhiệm vụ", 5.0, False), ("Vai trò", 1.1, True),
             ("Tiến độ", 1.5, True), ("Tình trạng", 1.4, True), ("Tỷ lệ (%)", 0.9, True),
             ("Kết quả thực hiện, sản phẩm", 4.5, False)]
COT_TONG_HOP_KQ = [("TT", 0.6, True), ("Nội dung nhiệm vụ", 3.6, False), ("Cơ quan chủ trì", 1.8, False),
                   ("Tiến độ", 1.2, True), ("Tình trạng", 1.4, True), ("Kết quả thực hiện", 4.6, False)]
COT_TONG_HOP_CQ = [("TT", 0.6, True), ("Cơ quan, đơn vị", 4.0, False), ("Số nhiệm vụ chủ trì", 1.3, True),
                   ("Số nhiệm vụ phối hợp", 1.3, True), ("Số nhiệm vụ đã báo cáo", 1.3, True),
                   ("Số nhiệm vụ đã hoàn thành", 1.3, True), ("Tỷ lệ hoàn thành (%)", 1.3, True)]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _pydantic_problems(f: str, e: ValidationError, where) -> list[Problem]:
    out = []
    for err in e.errors():
        loc = tuple(str(x) for x in err["loc"])
        out.append(Problem(f, where(loc), thong_bao(err)))
    return out


# ---- an agency's report ----------------------------------------------------------------------

def _agency_header(p: PhieuBaoCao, ky: KyBaoCao, tra_cuu: TraCuuCoQuan | None) -> VanBan:
    """The report's header from the form; every missing or bad item named by its cell."""
    tt = p.thong_tin
    f = p.tep
    assert tt is not None

    def cell(fld: str) -> str:
        return o_bang_tinh(SHEET_THONG_TIN, tt.o.get(fld))

    problems: list[Problem] = []
    viet_tat = tt.viet_tat or (tra_cuu.viet_tat(tt.ten_co_quan) if tra_cuu else None)
    if not viet_tat:
        problems.append(Problem(f, cell("viet_tat"), "chưa ghi chữ viết tắt tên cơ quan (dùng trong ký hiệu "
                                                     "báo cáo), ví dụ “SNNMT”"))
    if not tt.dia_danh:
        problems.append(Problem(f, cell("dia_danh"), "chưa ghi địa danh (ghi trước ngày tháng năm), ví dụ "
                                                     "“Hưng Yên”"))
    if not tt.ho_ten:
        problems.append(Problem(f, cell("ho_ten"), "chưa ghi họ tên người ký"))
    signer = None
    if tt.ho_ten:
        try:
            signer = NguoiKy(quyen_han=tt.quyen_han, cap_truong=tt.cap_truong, chuc_vu=tt.chuc_vu,
                             ho_ten=tt.ho_ten)
        except ValidationError as e:  # a title the signing authority needs is missing
            for err in e.errors():
                msg = thong_bao(err)
                named = [n for n in ("cap_truong", "chuc_vu", "ho_ten") if n in msg or n in err["loc"]]
                msg = (msg.replace("cap_truong", "chức vụ cấp trưởng").replace("chuc_vu", "chức vụ người ký")
                       .replace("tap_the", "tập thể"))
                problems.append(Problem(f, cell(named[0] if named else "chuc_vu"), msg))
    if problems:
        raise InputError(problems)
    about = (p.trich_dan.split(" về ", 1)[0] if p.trich_dan else
             f"Kế hoạch số {p.ke_hoach}" if p.ke_hoach else "các nhiệm vụ được giao")
    try:
        return VanBan(
            loai="BC", co_quan_chu_quan=tt.co_quan_chu_quan,
            co_quan_ban_hanh=CoQuan(ten=tt.ten_co_quan, viet_tat=viet_tat),
            so=tt.so, ngay=tt.ngay, dia_danh=tt.dia_danh,
            trich_yeu=f"Kết quả thực hiện {ky.ten} {about}",
            nguoi_ky=signer, noi_nhan=NoiNhan(nhu_tren=bool(tt.kinh_gui), luu=Luu()))
    except ValidationError as e:
        names = {"co_quan_ban_hanh": "viet_tat", "so": "so", "ngay": "ngay", "dia_danh": "dia_danh",
                 "co_quan_chu_quan": "co_quan_chu_quan", "viet_tat": "viet_tat"}  # CoQuan(...): its own loc
        raise InputError(_pydantic_problems(f, e, lambda loc: cell(names.get(loc[0], "ten_co_quan")))) from None


def _lines(text: str | None) -> list[str]:
    return T._lines(text) if text else []


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _section(items: list[str], empty: str) -> list[str]:
    return [f"- {_sentence(x)}" for x in items] or [empty]


def _gui_chinh_minh(tt, tra_cuu: TraCuuCoQuan | None) -> bool:
    """The form's Kính gửi names the reporting agency itself (its name, abbreviation or a name the
    registry knows for it)."""
    if not tt.kinh_gui:
        return False
    if tt.viet_tat and tt.kinh_gui.replace(" ", "").casefold() == tt.viet_tat.replace(" ", "").casefold():
        return True
    return cung_co_quan(tt.kinh_gui, tt.ten_co_quan, tra_cuu)


def bao_cao_co_quan(p: PhieuBaoCao, ky: KyBaoCao, tra_cuu: TraCuuCoQuan | None = None) -> VanBanDi:
    """An agency's Báo cáo from its filled form: Kính gửi the consolidating agency, sections I–IV,
    and an annex with every task of the form and the counts per status.

    The consolidating agency's own return goes straight into the consolidation; a report made from
    it is a Báo cáo as Nghị định 30 draws a document with a type name: no Kính gửi (an office does
    not address itself), its copies in Nơi nhận ("Lưu: VT")."""
    vb = _agency_header(p, ky, tra_cuu)
    tt = p.thong_tin
    assert tt is not None
    kinh_gui = [] if not tt.kinh_gui or _gui_chinh_minh(tt, tra_cuu) else [tt.kinh_gui]
    if not kinh_gui and vb.noi_nhan.nhu_tren:
        vb = vb.model_copy(update={"noi_nhan": NoiNhan(nhu_tren=False, luu=Luu())})
    who = tt.ten_co_quan
    by_id = {r.id: r for r in p.ket_qua}
    tasks = p.nhiem_vu
    listed_ids = [t.id for t in tasks]
    extra = [r for r in p.ket_qua if r.id not in listed_ids]  # a blank form: rows typed by the agency
    n_ct = sum(1 for t in tasks if t.vai_tro == "chu_tri") + sum(1 for r in extra if r.vai_tro == "chu_tri")
    total = len(tasks) + len(extra)
    counts = dict.fromkeys((*TINH_TRANG, CHUA_BAO_CAO_CQ), 0)
    for tid in listed_ids + [r.id for r in extra]:
        r = by_id.get(tid)
        counts[r.tinh_trang if r is not None and r.tinh_trang else CHUA_BAO_CAO_CQ] += 1

    about = p.trich_dan or (f"Kế hoạch số {p.ke_hoach}" if p.ke_hoach else "các nhiệm vụ được giao")
    count_text = (f"Tổng số nhiệm vụ được giao: {total} ({n_ct} nhiệm vụ chủ trì, {total - n_ct} nhiệm vụ "
                  f"phối hợp); " + "; ".join(f"{s[0].lower() + s[1:]} {counts[s]}" for s in counts) + ".")
    lines = [f"Thực hiện {escape_inline(about)}, {escape_inline(who)} báo cáo kết quả thực hiện {ky.ten} "
             f"(thời gian chốt số liệu: {ky.chot_text}) như sau:",
             "I. KẾT QUẢ THỰC HIỆN", "1. Công tác chỉ đạo, tổ chức thực hiện"]
    lines += _section(_lines(p.cong_tac_chi_dao), "Chưa có nội dung báo cáo.")
    lines.append("2. Kết quả thực hiện các nhiệm vụ được giao")
    lines.append(count_text + " Kết quả thực hiện từng nhiệm vụ tại Phụ lục kèm theo Báo cáo này.")
    products = list(dict.fromkeys(x for r in p.ket_qua for x in _lines(r.san_pham)))
    if products:
        lines.append("Sản phẩm, văn bản đã ban hành:")
        lines += [f"- {_sentence(x)}" for x in products]
    lines.append("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    lines += _section(_unique(_lines(p.ton_tai) + [x for r in p.ket_qua for x in _lines(r.kho_khan)]),
                      "Không có.")
    lines.append("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    lines += _section(_lines(p.phuong_huong), "Tiếp tục triển khai các nhiệm vụ được giao theo Kế hoạch.")
    lines.append("IV. ĐỀ XUẤT, KIẾN NGHỊ")
    lines += _section(_unique(_lines(p.kien_nghi) + [x for r in p.ket_qua for x in _lines(r.de_xuat)]), "Không có.")
    lines.append(f"Trên đây là báo cáo kết quả thực hiện {ky.ten} của {escape_inline(who)}./.")

    rows: list = []
    for k, t in enumerate(tasks, start=1):
        r = by_id.get(t.id)
        rows.append(_agency_row(str(k), t.noi_dung or t.id, t.vai_tro, t.tien_do, r))  # the plan's groups are not shown
    for k, r in enumerate(extra, start=len(tasks) + 1):
        rows.append(_agency_row(str(k), r.id, r.vai_tro, None, r))
    rows.append(("", "Tổng số: " + count_text.removeprefix("Tổng số nhiệm vụ được giao: ")))
    annex = BangPhuLuc(ten=f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO {ky.ten.upper()}", cot=COT_PHIEU,
                       dong=rows)
    return VanBanDi(vb, kinh_gui, parse_body(_nfc("\n".join(lines))), [annex])


def _agency_row(tt: str, noi_dung: str, role: str, tien_do: str | None, r) -> list[str]:
    status = (r.tinh_trang if r is not None and r.tinh_trang else CHUA_BAO_CAO_CQ)
    rate = "" if r is None or r.ty_le is None else T.so_thap_phan(r.ty_le).removesuffix(",0")
    result = []
    if r is not None:
        result += [escape_inline(x) for x in _lines(r.ket_qua)]
        result += [f"Sản phẩm: {escape_inline(x)}" for x in _lines(r.san_pham)]
    return [escape_inline(tt), escape_inline(" ".join(noi_dung.split())), T.VAI_TRO_THUONG[role].capitalize(),
            escape_inline(tien_do or ""), status, rate, "\n".join(result)]


# ---- consolidated report and reminder -----------------------------------------------------------

def _apply(base: VanBan, part: PhanVanBan, f: str, section: str) -> VanBan:
    data = {k: getattr(part, k) for k in part.model_fields_set if k not in ("kinh_gui", "han_moi")}
    merged = {k: getattr(base, k) for k in VanBan.model_fields}
    merged.update(data)
    try:
        return VanBan.model_validate(merged)
    except ValidationError as e:
        raise InputError(_pydantic_problems(f, e, lambda loc: ".".join((section, *loc)))) from None


def _default_kinh_gui(kh: KeHoach) -> list[str]:
    c = kh.che_do_bao_cao
    return [c.co_quan_nhan] if c and c.co_quan_nhan else []


def bao_cao_tong_hop(th: T.TongHop, kh: KeHoach, thong_tin: ThongTinKy | None = None,
                     tep_thong_tin: str = "", tra_cuu: TraCuuCoQuan | None = None) -> VanBanDi:
    """The consolidated Báo cáo for the plan's issuer to send upward (never Kính gửi itself)."""
    info = thong_tin or ThongTinKy()
    kinh_gui = info.bao_cao.kinh_gui if info.bao_cao.kinh_gui is not None else _default_kinh_gui(kh)
    base = VanBan(
        loai="BC", co_quan_chu_quan=kh.co_quan_chu_quan, co_quan_ban_hanh=kh.co_quan_ban_hanh,
        dia_danh=kh.dia_danh, trich_yeu=f"Kết quả thực hiện {th.ky.ten} {T.trich_dan_ngan(kh)}",
        nguoi_ky=kh.nguoi_ky,
        noi_nhan=NoiNhan(nhu_tren=bool(kinh_gui), gui=[], luu=kh.noi_nhan.luu))
    vb = _apply(base, info.bao_cao, tep_thong_tin, "bao_cao")
    kinh_gui = [k for k in kinh_gui if not cung_co_quan(k, vb.co_quan_ban_hanh.ten, tra_cuu)]
    if not kinh_gui and vb.noi_nhan.nhu_tren:
        vb = vb.model_copy(update={"noi_nhan": vb.noi_nhan.model_copy(update={"nhu_tren": False})})
    body = T.mo_dau_bao_cao(th, kh) + "\n" + T.noi_dung_bao_cao(th, kh)
    body += f"\nTrên đây là báo cáo kết quả thực hiện {th.ky.ten} của {escape_inline(vb.co_quan_ban_hanh.ten)}./."
    annexes = [
        BangPhuLuc(ten=f"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ {th.ky.ten.upper()}", cot=COT_TONG_HOP_KQ,
                   dong=T.bang_ket_qua(th), tach_dong=True),
        BangPhuLuc(ten=f"TỔNG HỢP KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ {th.ky.ten.upper()}", cot=COT_TONG_HOP_CQ,
                   dong=T.bang_co_quan(th)),
    ]
    return VanBanDi(vb, list(kinh_gui), parse_body(_nfc(body)), annexes,
                     truong_them={**kh.truong_them, **info.truong_them})


def _nguoi_gui_don_doc(kh: KeHoach, tra_cuu: TraCuuCoQuan | None, info: ThongTinKy) -> tuple[CoQuan, Luu]:
    """The reminder's issuer before the period file's own fields apply: the consolidating agency
    when the registry gives its abbreviation and the period file names its signer, else the plan's
    issuer (``don_doc.co_quan_ban_hanh`` of the period file replaces either)."""
    issuer, luu = kh.co_quan_ban_hanh, kh.noi_nhan.luu
    c = kh.che_do_bao_cao
    if c and c.co_quan_tong_hop and info.don_doc.co_quan_ban_hanh is None:
        abbr = tra_cuu.viet_tat(c.co_quan_tong_hop) if tra_cuu else None
        if abbr and info.don_doc.nguoi_ky is not None:
            issuer, luu = CoQuan(ten=tra_cuu.canonical(c.co_quan_tong_hop) or c.co_quan_tong_hop,
                                 viet_tat=abbr), Luu()
    return issuer, luu


def _chinh_minh(kh: KeHoach, tra_cuu: TraCuuCoQuan | None, info: ThongTinKy):
    """Whether a name is the reminder's own issuer or the consolidating agency (through the registry)."""
    issuer = info.don_doc.co_quan_ban_hanh or _nguoi_gui_don_doc(kh, tra_cuu, info)[0]
    c = kh.che_do_bao_cao
    selves = [issuer.ten, *([c.co_quan_tong_hop] if c and c.co_quan_tong_hop else [])]
    return lambda name: any(cung_co_quan(name, me, tra_cuu) for me in selves)


def nhan_don_doc(th: T.TongHop, kh: KeHoach, tra_cuu: TraCuuCoQuan | None,
                 thong_tin: ThongTinKy | None = None) -> tuple[list[str], list[str]]:
    """(the reminder's recipients, the names left out): the period file's ``don_doc.kinh_gui`` or the
    agencies without an accepted return, less the letter's issuer and the consolidating agency
    (names compared through the registry): an office does not remind itself."""
    info = thong_tin or ThongTinKy()
    mine = _chinh_minh(kh, tra_cuu, info)
    names = info.don_doc.kinh_gui or [x.co_quan for x in th.chua_bao_cao]
    return [n for n in names if not mine(n)], [n for n in names if mine(n)]


def cong_van_don_doc(th: T.TongHop, kh: KeHoach, tra_cuu: TraCuuCoQuan | None, han_moi: dt.date,
                     thong_tin: ThongTinKy | None = None, tep_thong_tin: str = "") -> VanBanDi:
    """The reminder letter to the agencies that did not report, less the letter's issuer and the
    consolidating agency (raises when none is left). ``han_moi``: the new deadline as the caller
    settled it (the command line's, else the period file's, else the default)."""
    info = thong_tin or ThongTinKy()
    mine = _chinh_minh(kh, tra_cuu, info)
    kinh_gui, _ = nhan_don_doc(th, kh, tra_cuu, info)
    if not kinh_gui:
        raise VanbanError("không còn cơ quan nào để gửi công văn đôn đốc (không gửi cho chính cơ quan gửi "
                          "hoặc cơ quan tổng hợp)")
    body = T.noi_dung_don_doc(th, kh, han_moi, [x for x in th.chua_bao_cao if not mine(x.co_quan)])
    issuer, luu = _nguoi_gui_don_doc(kh, tra_cuu, info)
    base = VanBan(
        loai="CV", co_quan_chu_quan=kh.co_quan_chu_quan if issuer is kh.co_quan_ban_hanh else
        kh.co_quan_chu_quan or kh.co_quan_ban_hanh.ten,
        co_quan_ban_hanh=issuer, dia_danh=kh.dia_danh,
        trich_yeu=f"V/v đôn đốc báo cáo kết quả thực hiện Kế hoạch số {th.ke_hoach} {th.ky.ten}",
        nguoi_ky=kh.nguoi_ky, noi_nhan=NoiNhan(nhu_tren=True, luu=luu if luu.don_vi else Luu(don_vi="VP")))
    vb = _apply(base, info.don_doc, tep_thong_tin, "don_doc")
    return VanBanDi(vb, kinh_gui, parse_body(body), truong_them={**kh.truong_them, **info.truong_them})
