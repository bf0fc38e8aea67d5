"""Signing a PDF (PAdES baseline, pyHanko) as Nghị định 30 lays the signatures out.

Three roles (``VAI``):

- ``nguoi-ky``: the signer (người có thẩm quyền) signs into the field ``NguoiKy``; its
  appearance is the signature image (a blue PNG on a transparent background), centred.
- ``co-quan``: the agency (văn thư) signs after the signer, into ``CoQuan``; its appearance is
  the seal image (red PNG, transparent) at the seal's real size, over the left third of the
  signer's signature.
- ``kem-theo``: the agency signs an attachment or a separate annex file: no image, the line of
  ô 14 (số and ký hiệu, signing time in ISO 8601 with Vietnam's time zone, the agency's name in
  lower case; 10 pt, regular, black) at the top right of page 1.

Every signature is an incremental update: a later signature leaves the earlier ones valid.
With a timestamp server (``tsa``) the signatures are PAdES B-T, otherwise B-B.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from .. import safety
from ..errors import VanbanError, ten_tham_so
from .o_ky import cac_o_ky
from ..layout.ky_so import (CO_CHU_KEM_THEO, MM, O_CO_QUAN, O_KEM_THEO, O_NGUOI_KY, o_co_quan,
                            o_kem_theo)

VAI = ("nguoi-ky", "co-quan", "kem-theo")
GIO_VIET_NAM = timezone(timedelta(hours=7))
MAX_ANH = 8 * 1024 * 1024  # bytes of a signature or seal image
MAX_PDF = 200 * 1024 * 1024
MAX_CHUNG_THU = 1024 * 1024  # a certificate file (.p12, .pem)
# The margins ô 14 is placed in on a PDF that does not say its own (Nghị định 30: top 20–25 mm,
# right 15–20 mm): the smallest, so that the line stays in the margin of any such page.
LE_TREN_MM, LE_PHAI_MM = 20.0, 15.0


class KySoError(VanbanError):
    pass


KHONG_PHAI_PDF = "tệp không phải PDF hoặc đã hỏng (không đọc được cấu trúc tệp); cần tệp PDF nguyên vẹn"


@dataclass(frozen=True)
class TepChungThu:
    """A certificate file (PKCS#12, .p12 / .pfx) and its password."""

    tep: Path
    mat_khau: str | None = None


@dataclass(frozen=True)
class Token:
    """A USB token (or any PKCS#11 device): its module (the vendor's .so / .dll), the token's
    label (none: the first token found), the user PIN, the label of the key and certificate
    (none: the token's only key)."""

    thu_vien: Path
    pin: str
    nhan_token: str | None = None
    nhan_khoa: str | None = None


def doc_tep(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of a file the user named (a regular file of at most ``limit`` bytes:
    ``safety.read_regular``), or a KySoError naming it and what is expected."""
    try:
        return safety.read_regular(path, limit, what)
    except safety.FileRefused as e:
        raise KySoError(f"{path}: {e}") from None


def gio_ky() -> datetime:
    """Now, in Vietnam's time zone, to the second (the signing time and ô 14's text agree)."""
    return datetime.now(GIO_VIET_NAM).replace(microsecond=0)


def iso_8601(t: datetime) -> str:
    """``2026-12-03T10:15:00+07:00``."""
    return t.isoformat(timespec="seconds")


# ---- the signing key -----------------------------------------------------------------------

@contextmanager
def _signer(chung_thu: TepChungThu | Token) -> Iterator:
    """The pyHanko signer for a certificate file or a token; a token's session is closed after."""
    if isinstance(chung_thu, TepChungThu):
        from pyhanko.sign.signers import SimpleSigner

        path = Path(chung_thu.tep)
        data = doc_tep(path, MAX_CHUNG_THU, "tệp chứng thư số .p12, .pfx")
        password = chung_thu.mat_khau.encode() if chung_thu.mat_khau is not None else None
        try:
            signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=password)
        except (ValueError, TypeError):
            raise KySoError(f"{path}: không mở được tệp chứng thư số: sai mật khẩu, hoặc không phải tệp PKCS#12 "
                            "(.p12, .pfx) chứa khóa và chứng thư") from None
        if signer is None or signer.signing_cert is None:
            raise KySoError(f"{path}: tệp chứng thư số không có chứng thư của người ký")
        yield signer
        return
    yield from _token_signer(chung_thu)


def _token_signer(token: Token) -> Iterator:
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    where = str(token.thu_vien)
    if not Path(where).is_file():
        raise KySoError(f"{where}: không tìm thấy thư viện PKCS#11 của token (tệp .so, .dll của hãng cung cấp token)")
    try:
        session = pkcs11.open_pkcs11_session(
            where, token_criteria=TokenCriteria(label=token.nhan_token) if token.nhan_token else None,
            user_pin=token.pin)
    except Exception as e:  # noqa: BLE001 (python-pkcs11 raises its own classes, module or token)
        name = type(e).__name__
        which = f"token “{token.nhan_token}”" if token.nhan_token else "token"
        if "PinIncorrect" in name or "PinInvalid" in name:
            raise KySoError(f"{which}: sai mã PIN") from None
        if "NoSuchToken" in name or ("Token" in name and "NotPresent" in name):
            raise KySoError(f"không thấy {which} (cắm token vào máy, kiểm tra tên token "
                            f"{ten_tham_so('nhan_token')})") from None
        raise KySoError(f"{where}: không mở được {which} (chi tiết kỹ thuật: {name}: {e})") from None
    try:
        try:
            # the CA certificates a token holds beside the key go into the signature too
            signer = pkcs11.PKCS11Signer(session, key_label=token.nhan_khoa, cert_label=token.nhan_khoa,
                                         other_certs_to_pull=None)
            signer.signing_cert  # noqa: B018 (reads the certificate from the token now)
        except Exception as e:  # noqa: BLE001
            what = f"khóa “{token.nhan_khoa}”" if token.nhan_khoa else "khóa và chứng thư"
            raise KySoError(f"token: không tìm thấy {what} trên token ({type(e).__name__}); "
                            "đặt tên khóa đúng như trên token") from None
        yield signer
    finally:
        session.close()


# ---- the images ----------------------------------------------------------------------------

def _doc_anh(path: Path, want: str, vai: str):
    """The PNG at ``path`` as a Pillow image (RGBA), checked as the decree asks: PNG, a
    transparent background, mostly ``want`` ("xanh": blue, "do": red)."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    data = doc_tep(path, MAX_ANH, f"ảnh {vai} .png")
    try:
        with Image.open(io.BytesIO(data)) as im:
            fmt = im.format
            if fmt != "PNG":
                raise KySoError(f"{path}: ảnh {vai} phải là tệp PNG nền trong suốt (tệp này là {fmt or 'không rõ'})")
            if im.width * im.height > 25_000_000:
                raise KySoError(f"{path}: ảnh {vai} quá nhiều điểm ảnh ({im.width}×{im.height})")
            rgba = im.convert("RGBA")
    except OSError as e:
        if isinstance(e, UnidentifiedImageError):
            raise KySoError(f"{path}: không đọc được ảnh {vai} (cần tệp PNG nền trong suốt)") from None
        raise KySoError(f"{path}: không đọc được ảnh {vai} ({e.strerror or type(e).__name__})") from None
    hue = mau_sac_chu_dao(rgba)
    if hue == "khong-trong-suot":
        raise KySoError(f"{path}: ảnh {vai} phải có nền trong suốt (Nghị định 30: định dạng PNG nền trong suốt)")
    if hue != want:
        ten = {"xanh": "màu xanh", "do": "màu đỏ"}[want]
        raise KySoError(f"{path}: ảnh {vai} phải {ten} (Nghị định 30, Phụ lục I); ảnh này "
                        f"{'màu xanh' if hue == 'xanh' else 'màu đỏ' if hue == 'do' else 'không rõ màu'}")
    return rgba


def mau_sac_chu_dao(rgba) -> str:
    """What an RGBA image shows: "khong-trong-suot" (no transparent background), else the
    dominant colour of its visible pixels: "xanh" (blue), "do" (red) or "khac"."""
    small = rgba.copy()
    small.thumbnail((200, 200))
    raw = small.tobytes()
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    clear = sum(1 for p in pixels if p[3] < 32)
    if clear < len(pixels) * 0.05:
        return "khong-trong-suot"
    blue = red = seen = 0
    for r, g, b, a in pixels:
        if a < 128:
            continue
        seen += 1
        if b > r + 40 and b > g + 10:
            blue += 1
        elif r > g + 60 and r > b + 60:
            red += 1
    if not seen:
        return "khac"
    if blue >= seen * 0.5:
        return "xanh"
    if red >= seen * 0.5:
        return "do"
    return "khac"


def _image_style(rgba):
    """A stamp showing only ``rgba``, fitted into the field and centred, opaque."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=PdfImage(rgba), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT))


def _text_style(lines: list[str], size: tuple[float, float], folder: Path):
    """The stamp of ô 14: ``lines`` in the document's serif font, 10 pt, regular, black, right
    aligned at the top, no border; drawn by the documents' own PDF engine (one page imported)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.stamp import StaticStampStyle

    from ..render.pdf_ke_hoach import text_stamp_pdf

    page = folder / "o-14.pdf"
    page.write_bytes(text_stamp_pdf(lines, size[0], size[1], CO_CHU_KEM_THEO))
    return StaticStampStyle(
        background=ImportedPdfPage(str(page)), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.NO_SCALING))


# ---- fields ----------------------------------------------------------------------------------

@dataclass
class KetQuaKySo:
    """What ``ky_so`` wrote: the file, the field signed, the signing time, the signer's name."""

    tep: Path
    o_ky: str
    gio_ky: datetime
    nguoi_ky: str
    canh_bao: list[str]


def ky_so(vao: Path | str, ra: Path | str, chung_thu: TepChungThu | Token, vai: str | None = None, *,
          anh: Path | str | None = None, duong_kinh_dau_mm: float | None = None, tsa: str | None = None,
          so_ky_hieu: str | None = None, co_quan: str | None = None, overwrite: bool = False) -> KetQuaKySo:
    """Sign the PDF ``vao`` into ``ra`` (never over ``vao``; over an existing ``ra`` only with
    ``overwrite``). ``vai``: the role (``VAI``); none: the first empty of the signer's and the
    agency's fields. ``anh``: the signature image (nguoi-ky) or the seal image (co-quan).
    ``duong_kinh_dau_mm``: the seal's real diameter (none: the agency field's size).
    ``so_ky_hieu``, ``co_quan``: the text of ô 14 (kem-theo; ``co_quan`` defaults to the
    certificate's organisation). ``tsa``: the URL of an RFC 3161 timestamp server."""
    from ..io import write_all

    vao, ra = Path(vao), Path(ra)
    if vai is not None and vai not in VAI:
        raise KySoError(f"vai ký “{vai}” không có; chọn một trong: {', '.join(VAI)}")
    try:
        if vao.resolve() == ra.resolve():
            raise KySoError(f"{ra}: tệp ký số phải khác tệp gốc {vao} (tệp gốc được giữ nguyên)")
    except OSError:
        pass
    data = doc_tep(vao, MAX_PDF, "tệp PDF")
    result: list[KetQuaKySo] = []

    def write(tmp: Path) -> None:
        signed, info = _sign(data, vao, chung_thu, vai, anh, duong_kinh_dau_mm, tsa, so_ky_hieu, co_quan)
        tmp.write_bytes(signed)
        result.append(KetQuaKySo(ra, *info))

    write_all([(ra, write)], overwrite=overwrite, nhan="Ký số")
    return result[0]


def _reader(data: bytes, where: Path):
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        raise KySoError(f"{where}: {KHONG_PHAI_PDF}") from None
    if reader.encrypted:
        raise KySoError(f"{where}: tệp PDF có mật khẩu; cần tệp không mã hóa")
    return reader


def _sign(data: bytes, where: Path, chung_thu, vai, anh, duong_kinh_dau_mm, tsa, so_ky_hieu, co_quan):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers, timestamps
    from pyhanko.sign.general import SigningError

    reader = _reader(data, where)
    have = cac_o_ky(data)
    notes: list[str] = []
    if vai is None:
        if O_NGUOI_KY in have and not have[O_NGUOI_KY]["signed"]:
            vai = "nguoi-ky"
        elif O_CO_QUAN in have and not have[O_CO_QUAN]["signed"]:
            vai = "co-quan"
        elif O_NGUOI_KY in have:
            raise KySoError(f"{where}: văn bản đã có đủ chữ ký số của người ký và của cơ quan")
        else:
            raise KySoError(f"{where}: tệp không có ô ký số của vanban; tệp kèm theo, phụ lục tách riêng ký với vai "
                            "kem-theo (số và ký hiệu văn bản ở góc trên, bên phải trang đầu)")
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    t = gio_ky()
    new_field = None
    if vai == "nguoi-ky":
        field_name = O_NGUOI_KY
        _need_empty(have, field_name, where, "người ký")
        if anh is None:
            raise KySoError(f"ký với vai người ký cần ảnh chữ ký ({ten_tham_so('anh')} TỆP.png: PNG màu xanh, "
                            "nền trong suốt)")
        style = _image_style(_doc_anh(Path(anh), "xanh", "chữ ký"))
    elif vai == "co-quan":
        field_name = O_CO_QUAN
        if O_NGUOI_KY not in have:
            raise KySoError(f"{where}: tệp không có ô ký số của người ký; tệp kèm theo ký với vai kem-theo")
        if not have[O_NGUOI_KY]["signed"]:
            raise KySoError(f"{where}: người có thẩm quyền chưa ký số; văn thư ký số của cơ quan sau chữ ký của người ký")
        if anh is None:
            raise KySoError(f"ký với vai cơ quan cần ảnh dấu ({ten_tham_so('anh')} TỆP.png: PNG màu đỏ, nền trong "
                            "suốt, đúng kích thước thật của dấu)")
        style = _image_style(_doc_anh(Path(anh), "do", "dấu"))
        rect = have.get(O_CO_QUAN, {}).get("rect")
        if O_CO_QUAN in have and have[O_CO_QUAN]["signed"]:
            raise KySoError(f"{where}: văn bản đã có chữ ký số của cơ quan")
        if duong_kinh_dau_mm is not None:
            if not 10 <= duong_kinh_dau_mm <= 80:
                raise KySoError(f"{ten_tham_so('duong_kinh_dau_mm')}: đường kính dấu {duong_kinh_dau_mm:g} mm; "
                                "cần từ 10 đến 80 mm")
            if rect is None or abs((rect[2] - rect[0]) - duong_kinh_dau_mm * MM) > 0.5 * MM:
                # The empty field was laid out for another seal size: a field of the seal's
                # real size in the same place (a new field keeps the signer's signature valid).
                box = o_co_quan(have[O_NGUOI_KY]["rect"], duong_kinh_dau_mm)
                field_name = _free_name(have, O_CO_QUAN)
                new_field = fields.SigFieldSpec(sig_field_name=field_name, on_page=have[O_NGUOI_KY]["page"],
                                                box=box)
                if O_CO_QUAN in have:
                    notes.append(f"ô ký “{O_CO_QUAN}” có sẵn khác cỡ dấu {duong_kinh_dau_mm:g} mm: dấu đặt vào ô mới "
                                 f"“{field_name}” cùng vị trí, ô cũ để trống")
        elif rect is None:
            raise KySoError(f"{where}: tệp không có ô ký số của cơ quan; cho biết đường kính dấu "
                            f"({ten_tham_so('duong_kinh_dau_mm')} MM) để đặt dấu")
    else:
        field_name = O_KEM_THEO
        _need_empty(have, field_name, where, "cơ quan trên tệp kèm theo", missing_ok=True)
        if not so_ky_hieu:
            raise KySoError(f"ký tệp kèm theo cần số và ký hiệu của văn bản ({ten_tham_so('so_ky_hieu')}, ví dụ "
                            "12/KH-UBND)")
        style = None  # drawn once the agency's name is known (the certificate's, by default)
        if field_name in have:
            rect = have[field_name]["rect"]
        else:
            first = writer.find_page_for_modification(0)[0].get_object()
            media = [float(v) for v in first.get("/MediaBox", reader.root["/Pages"].get("/MediaBox", [0, 0, 595.3, 841.9]))]
            rect = o_kem_theo(media[2] - media[0], media[3] - media[1], le_tren=LE_TREN_MM * MM,
                              le_phai=LE_PHAI_MM * MM)
            new_field = fields.SigFieldSpec(sig_field_name=field_name, on_page=0, box=rect)
    stamper = timestamps.HTTPTimeStamper(tsa, timeout=20) if tsa else None
    try:
        with _signer(chung_thu) as signer, tempfile.TemporaryDirectory(prefix="vanban-kyso-") as tmp:
            name = signer.signing_cert.subject.native.get("common_name") or signer.subject_name
            if vai == "kem-theo":
                org = co_quan or signer.signing_cert.subject.native.get("organization_name")
                if not org:
                    raise KySoError(f"ký tệp kèm theo cần tên cơ quan ({ten_tham_so('co_quan')}): chứng thư số không "
                                    "ghi tên tổ chức")
                style = _text_style([so_ky_hieu, iso_8601(t), str(org).lower()],
                                    (rect[2] - rect[0], rect[3] - rect[1]), Path(tmp))
            meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                                md_algorithm="sha256", use_pades_lta=False)
            pdf_signer = _PdfSigner(meta, signer, t, timestamper=stamper, stamp_style=style,
                                    new_field_spec=new_field)
            out = pdf_signer.sign_pdf(writer, existing_fields_only=new_field is None)
    except KySoError:
        raise
    except (SigningError, PdfError) as e:
        raise KySoError(f"{where}: không ký được (chi tiết kỹ thuật: {e})") from None
    except Exception as e:  # noqa: BLE001 (a timestamp server, a token or the network failing mid-way)
        msg = str(e) or type(e).__name__
        if tsa and ("imestamp" in type(e).__name__ or "timestamp" in msg.lower() or "TSA" in msg):
            raise KySoError(f"{ten_tham_so('tsa')} {tsa}: máy chủ dấu thời gian không trả dấu thời gian "
                            f"(chi tiết kỹ thuật: {msg})") from None
        raise KySoError(f"không ký được (chi tiết kỹ thuật: {type(e).__name__}: {msg})") from None
    return out.getvalue(), (field_name, t, str(name), notes)


def _need_empty(have: dict, name: str, where: Path, who: str, missing_ok: bool = False) -> None:
    if name not in have:
        if missing_ok:
            return
        raise KySoError(f"{where}: tệp không có ô ký số của {who}; tệp kèm theo, phụ lục tách riêng ký với vai "
                        "kem-theo")
    if have[name]["signed"]:
        raise KySoError(f"{where}: ô ký số của {who} đã được ký")


def _free_name(have: dict, base: str) -> str:
    n = 2
    while f"{base}{n}" in have:
        n += 1
    return f"{base}{n}"


def _pdf_signer_class():
    from pyhanko.sign import signers

    class PdfSigner(signers.PdfSigner):
        """pyHanko's signer with the signing time fixed beforehand, so that the time the
        signature states and the time ô 14 prints are one."""

        def __init__(self, meta, signer, at: datetime, **kw):
            super().__init__(meta, signer, **kw)
            self._at = at

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = self._at
            return session

    return PdfSigner


def _PdfSigner(*args, **kw):  # noqa: N802 (a class made on first use: pyHanko is imported late)
    return _pdf_signer_class()(*args, **kw)
