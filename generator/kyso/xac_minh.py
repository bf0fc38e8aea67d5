"""What a receiving văn thư checks on a signed PDF: every signature valid and covering the
document (a file changed after signing is reported), the certificate chain to the trust roots
the user gives, the signing time, and the placement rules of Nghị định 30 (ô 7c, 8, 14).

Findings use the checker's ``Finding`` (rule codes KSO-…); the facts of each signature (who,
when, how far it covers) come back as ``ChuKySo``.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..check.findings import CANH_BAO, LOI, Finding
from ..layout.ky_so import O_CO_QUAN, O_KEM_THEO, O_NGUOI_KY, PHAN_DAU_TRUM, phan_trum
from .o_ky import cac_o_ky
from .ky import GIO_VIET_NAM, KHONG_PHAI_PDF, MAX_CHUNG_THU, MAX_PDF, KySoError, doc_tep, mau_sac_chu_dao


@dataclass
class ChuKySo:
    """One signature of the file, as verified."""

    o_ky: str  # the field's name
    nguoi_ky: str  # the certificate's common name
    to_chuc: str | None  # its organisation
    gio_ky: datetime | None  # the time the signer states, in Vietnam's time zone
    gio_dau_thoi_gian: datetime | None  # the time a timestamp server certified, if any
    nguyen_ven: bool  # the signed bytes are unchanged and the signature is mathematically valid
    tin_cay: bool | None  # the chain leads to a given trust root (None: no root given)
    pham_vi: str  # how far it covers the file, in Vietnamese


def xac_minh(path: Path | str, goc: list[Path] | tuple = ()) -> tuple[list[ChuKySo], list[Finding]]:
    """Verify the signatures of the PDF ``path`` against the trust roots ``goc`` (PEM or DER
    certificate files). Raises KySoError when the file cannot be read as a PDF."""
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    path = Path(path)
    roots = []
    for g in goc:
        try:
            roots += load_certs_from_pemder_data(doc_tep(g, MAX_CHUNG_THU, "tệp chứng thư gốc .pem, .cer, .crt"))
        except (ValueError, TypeError):
            raise KySoError(f"{g}: không đọc được chứng thư gốc; cần tệp .pem, .cer hoặc .crt") from None
    data = doc_tep(path, MAX_PDF, "tệp PDF")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise KySoError(f"{path}: tệp PDF có mật khẩu; không kiểm tra được chữ ký số của tệp mã hóa")
        sigs = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise KySoError(f"{path}: {KHONG_PHAI_PDF}") from None

    findings: list[Finding] = []
    out: list[ChuKySo] = []
    if not sigs:
        findings.append(Finding("KSO-000", CANH_BAO, "tệp", "", "tệp chưa có chữ ký số"))
    if sigs and not roots:
        findings.append(Finding("KSO-003", CANH_BAO, "tệp", "",
                                "chưa đối chiếu chuỗi chứng thư: cho biết chứng thư gốc tin cậy (--goc TỆP.pem)"))
    for sig in sigs:
        name = sig.field_name
        place = f"chữ ký “{name}”"
        vc = ValidationContext(trust_roots=roots or None, allow_fetching=False, revocation_mode="soft-fail")
        try:
            st = validate_pdf_signature(sig, vc)
        except Exception as e:  # noqa: BLE001 (a damaged signature dictionary of any kind)
            findings.append(Finding("KSO-001", LOI, place, "", f"không kiểm tra được chữ ký ({type(e).__name__})"))
            continue
        cert = st.signing_cert
        subject = cert.subject.native if cert is not None else {}
        ok = bool(st.intact and st.valid)
        tst = st.timestamp_validity
        info = ChuKySo(
            o_ky=name, nguoi_ky=str(subject.get("common_name") or "không rõ"),
            to_chuc=subject.get("organization_name"),
            gio_ky=st.signer_reported_dt.astimezone(GIO_VIET_NAM) if st.signer_reported_dt else None,
            gio_dau_thoi_gian=tst.timestamp.astimezone(GIO_VIET_NAM) if tst is not None else None,
            nguyen_ven=ok, tin_cay=bool(st.trusted) if roots else None, pham_vi=_pham_vi(st))
        out.append(info)
        if not ok:
            findings.append(Finding("KSO-001", LOI, place, info.nguoi_ky,
                                    "chữ ký không hợp lệ: nội dung đã ký bị thay đổi sau khi ký"))
        if not _covers(st):
            findings.append(Finding("KSO-002", LOI, place, info.nguoi_ky,
                                    f"văn bản bị sửa sau khi ký ({info.pham_vi}); chữ ký không còn bảo đảm nội dung"))
        if ok and roots and not st.trusted:
            findings.append(Finding("KSO-003", LOI, place, info.nguoi_ky,
                                    "chứng thư của người ký không dẫn tới chứng thư gốc tin cậy đã cho"))
        if info.gio_ky is None and info.gio_dau_thoi_gian is None:
            findings.append(Finding("KSO-004", CANH_BAO, place, info.nguoi_ky, "chữ ký không ghi thời gian ký"))
    findings += _placement(data)
    return out, findings


def _covers(st) -> bool:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if st.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    if st.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False
    level = st.modification_level
    # later revisions may only sign (fill signature fields) or add validation data
    return level is not None and level <= ModificationLevel.FORM_FILLING and st.docmdp_ok is not False


def _pham_vi(st) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if st.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "phủ toàn bộ tệp"
    if st.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        level = st.modification_level
        if level is not None and level <= ModificationLevel.FORM_FILLING:
            return "phủ văn bản đến lần ký này; sau đó chỉ thêm chữ ký số"
        return "phủ văn bản đến lần ký này; sau đó nội dung bị sửa"
    return "không phủ hết văn bản"


# ---- placement ------------------------------------------------------------------------------

def _placement(data: bytes) -> list[Finding]:
    w = cac_o_ky(data)
    out: list[Finding] = []
    signer, seal, kem = w.get(O_NGUOI_KY), w.get(O_CO_QUAN), w.get(O_KEM_THEO)
    if signer is not None and signer["signed"]:
        out += _signer_place(data, signer)
        out += _colour(signer, "xanh", "KSO-007", f"chữ ký “{O_NGUOI_KY}”", "ảnh chữ ký")
    seals = [(n, v) for n, v in w.items() if re.fullmatch(re.escape(O_CO_QUAN) + r"\d*", n) and v["signed"]]
    for n, v in seals:
        place = f"chữ ký “{n}”"
        if signer is None:
            continue
        share = phan_trum(v["rect"], signer["rect"])
        cx, sx = (v["rect"][0] + v["rect"][2]) / 2, (signer["rect"][0] + signer["rect"][2]) / 2
        if v["page"] != signer["page"] or not (0.2 <= share <= 0.5) or cx >= sx:
            out.append(Finding("KSO-006", LOI, place, "",
                               f"dấu phải trùm lên khoảng {PHAN_DAU_TRUM:.0%} ảnh chữ ký của người ký, về bên trái "
                               f"(ở đây: {share:.0%}{', bên phải' if cx >= sx else ''})"))
        out += _colour(v, "do", "KSO-007", place, "ảnh dấu")
    if seal is not None and not seal["signed"] and signer is not None and signer["signed"] and not seals:
        out.append(Finding("KSO-005", CANH_BAO, f"ô “{O_CO_QUAN}”", "", "văn bản chưa có chữ ký số của cơ quan (dấu)"))
    if kem is not None and kem["signed"]:
        out += _kem_theo_place(data, kem)
    known = {O_NGUOI_KY, O_KEM_THEO} | {n for n, _ in seals}
    for n, v in w.items():
        if v["signed"] and n not in known:
            out.append(Finding("KSO-005", CANH_BAO, f"chữ ký “{n}”", "",
                               f"chữ ký ở ô “{n}” (trang {v['page'] + 1}), không phải ô ký số vanban đặt theo Nghị "
                               "định 30; xem trên trang chữ ký có nằm giữa chức vụ và họ tên người ký không"))
    return out


def _words(data: bytes, page: int):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        p = pdf.pages[page]
        return p.extract_words(), float(p.height)


def _signer_place(data: bytes, signer: dict) -> list[Finding]:
    """The signer's signature in the signing space: nothing printed under it, the quyền hạn,
    chức vụ line just above, the name just below, on the right half of the page."""
    words, height = _words(data, signer["page"])
    x0, y0, x1, y1 = signer["rect"]
    top, bottom = height - y1, height - y0  # pdfplumber measures from the page's top
    inside = [wd for wd in words if wd["x1"] > x0 + 2 and wd["x0"] < x1 - 2 and wd["bottom"] > top + 2
              and wd["top"] < bottom - 2]
    column = [wd for wd in words if wd["x1"] > x0 and wd["x0"] < x1]
    above = [wd for wd in column if wd["bottom"] <= top + 2 and top - wd["bottom"] < 40]
    below = [wd for wd in column if wd["top"] >= bottom - 2 and wd["top"] - bottom < 40]
    place = f"chữ ký “{O_NGUOI_KY}”"
    if inside or not above or not below or (x0 + x1) / 2 < signer["size"][0] / 2:
        return [Finding("KSO-005", LOI, place, " ".join(wd["text"] for wd in inside)[:60],
                        "chữ ký của người có thẩm quyền phải đặt giữa dòng quyền hạn, chức vụ và họ tên người ký")]
    return []


def _kem_theo_place(data: bytes, kem: dict) -> list[Finding]:
    """ô 14: at the top right of page 1, above the text."""
    words, height = _words(data, 0)
    x0, y0, x1, y1 = kem["rect"]
    first = min((wd["top"] for wd in words), default=height)
    bottom = height - y0
    if kem["page"] != 0 or (x0 + x1) / 2 < kem["size"][0] / 2 or bottom > first + 2:
        return [Finding("KSO-008", LOI, f"chữ ký “{O_KEM_THEO}”", "",
                        "chữ ký số của cơ quan trên tệp kèm theo phải ở góc trên, bên phải trang đầu")]
    return []


def _colour(widget: dict, want: str, rule: str, place: str, what: str) -> list[Finding]:
    images = list(_ap_images(widget.get("ap")))
    if not images:
        return [Finding(rule, LOI, place, "", f"chữ ký không có {what} (Nghị định 30: PNG nền trong suốt)")]
    seen = {mau_sac_chu_dao(im) for im in images}
    if want not in seen:
        ten = "màu xanh" if want == "xanh" else "màu đỏ"
        got = "không có nền trong suốt" if "khong-trong-suot" in seen else "khác màu"
        return [Finding(rule, LOI, place, "", f"{what} phải {ten}, nền trong suốt (ở đây: {got})")]
    return []


def _ap_images(ap, depth: int = 0):
    """The images (Pillow, RGBA) drawn by an appearance stream, through nested forms."""
    if ap is None or depth > 6:
        return
    ap = ap.get_object()
    normal = ap.get("/N") if "/N" in ap else ap
    if normal is None:
        return
    stream = normal.get_object()
    xobjects = (stream.get("/Resources") or {}).get("/XObject") or {}
    for ref in xobjects.values():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            im = _image(obj)
            if im is not None:
                yield im
        elif obj.get("/Subtype") == "/Form":
            yield from _ap_images(obj, depth + 1)


def _image(obj):
    from PIL import Image

    try:
        w, h = int(obj["/Width"]), int(obj["/Height"])
        if int(obj.get("/BitsPerComponent", 8)) != 8 or w * h > 25_000_000:
            return None
        cs = obj.get("/ColorSpace")
        mode = {"/DeviceRGB": "RGB", "/DeviceGray": "L"}.get(str(cs))
        if mode is None:
            return None
        im = Image.frombytes(mode, (w, h), obj.get_data()).convert("RGBA")
        if "/SMask" in obj:
            m = obj["/SMask"].get_object()
            mask = Image.frombytes("L", (int(m["/Width"]), int(m["/Height"])), m.get_data())
            im.putalpha(mask.resize((w, h)))
        return im
    except (KeyError, ValueError, TypeError):
        return None
