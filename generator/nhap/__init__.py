"""Hand-made plans in: a .docx (or the annex of an .xlsx) read into the project's models.

``doc_docx(path)`` reads a plan (or a report) typed by hand in Word through the checker's reader
(``vanban.check.reader.doc_van_ban``, the same reading ``kiemtra`` judges) into the fields of ``KeHoach``, a draft
agency registry and the located warnings of everything guessed or left out. ``yaml_ra`` writes
them as the project's YAML; ``chuan_hoa`` lists what reissuing the document in exact form
changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..check.model import DocxReadError
from ..check.reader import doc_van_ban
from ..errors import InputError, Problem
from ..model import KeHoach
from .co_quan import danh_muc, is_abbreviation_of
from .phu_luc import _ascii, doc_phu_luc_bang
from .van_ban import VanBanNhap, _Reader

_ORDER = ("loai", "co_quan_chu_quan", "co_quan_ban_hanh", "so", "ngay", "dia_danh", "trich_yeu", "do_mat",
          "do_khan", "nguoi_ky", "noi_nhan", "danh_muc_co_quan", "mo_dau", "noi_dung", "phu_luc")
_KY = ("quyen_han", "tap_the", "cap_truong", "truong_don_vi", "chuc_vu", "ho_ten")
_OPENING = ("phan", "chuong", "muc", "khoan")


@dataclass
class KetQuaNhap:
    """A document read: the plan's fields (YAML order), the draft registry's, the warnings."""

    tep: Path
    du_lieu: dict
    danh_muc: dict | None = None
    canh_bao: list[Problem] = field(default_factory=list)
    doc: VanBanNhap | None = None
    loi: list[Problem] = field(default_factory=list)  # what keeps the fields from being a valid plan

    def ke_hoach(self) -> KeHoach:
        """The plan as a model; InputError with the places when the fields do not make one."""
        try:
            return KeHoach.model_validate(self.du_lieu)
        except ValidationError as e:
            raise InputError(problems(str(self.tep), e)) from None


def problems(file: str, e: ValidationError) -> list[Problem]:
    from ..model.loi import duong_dan, thong_bao

    return [Problem(file, duong_dan(tuple(err["loc"])), thong_bao(err)) for err in e.errors()]


def doc_docx(path: Path | str) -> KetQuaNhap:
    """Read a hand-made .docx plan; raises InputError when it cannot be read or holds no text."""
    path = Path(path)
    try:
        vb = doc_van_ban(path)
    except DocxReadError as e:
        raise InputError([Problem(str(path), "", str(e).removeprefix(f"{path}: "))]) from None
    if not any(p.text.strip() for p in vb.model.paragraphs):
        raise InputError([Problem(str(path), "", "văn bản không có chữ nào; cần một Kế hoạch soạn bằng Word")])
    doc = _Reader(vb.model, vb).read()
    data = doc.data
    warn = doc.canh_bao
    if data.get("loai") not in (None, "KH"):
        from ..model.van_ban import LOAI_VAN_BAN

        warn.append(Problem(str(path), "", f"văn bản là {LOAI_VAN_BAN.get(data['loai'], data['loai'])}, không "
                                           "phải Kế hoạch; tệp YAML ghi loai: " + data["loai"]))
    _body(doc, data)
    names = _annexes(doc, data, str(path), warn)
    if doc.kinh_gui and data.get("loai", "KH") == "KH":
        warn.append(Problem(str(path), "", "Kế hoạch có dòng “Kính gửi” ("
                                           + "; ".join(doc.kinh_gui) + "); tệp YAML không ghi Kính gửi"))
    out = {k: data[k] for k in _ORDER if k in data}
    if "nguoi_ky" in out:
        out["nguoi_ky"] = {k: out["nguoi_ky"][k] for k in _KY if k in out["nguoi_ky"]}
    nn = out.get("noi_nhan")
    if nn is not None:
        out["noi_nhan"] = {k: nn[k] for k in ("nhu_tren", "gui", "luu") if k in nn and nn[k]}
        if "luu" in out["noi_nhan"]:
            luu = out["noi_nhan"]["luu"]
            out["noi_nhan"]["luu"] = {k: luu[k] for k in ("don_vi", "so_ban_luu", "nguoi_soan", "so_ban") if k in luu}
    nhap_danh_muc = danh_muc(names, str(path), warn, f"Danh mục cơ quan nhập từ {path.name}") if names else None
    result = KetQuaNhap(path, out, nhap_danh_muc, warn, doc)
    try:
        KeHoach.model_validate(out)
    except ValidationError as e:
        result.loi = problems(str(path), e)
    return result


def _body(doc: VanBanNhap, data: dict) -> None:
    from ..text.than_van import classify

    lines = [t for t, _p in doc.body]
    first = next((i for i, t in enumerate(lines) if classify(t)[0] in _OPENING), None)
    if data.get("loai", "KH") == "KH" and first:
        data["mo_dau"] = "\n".join(lines[:first]) + "\n"
        lines = lines[first:]
    if lines:
        data["noi_dung"] = "\n".join(lines) + "\n"


def _annexes(doc: VanBanNhap, data: dict, file: str, warn: list[Problem]) -> list[str]:
    viet_tat = data.get("co_quan_ban_hanh", {}).get("viet_tat") or "NV"
    prefix = _ascii(viet_tat) or "NV"
    taken: set[str] = set()
    out = []
    names: list[str] = []
    so = data.get("so")
    real = [a for a in doc.annexes if a.tables]
    for i, a in enumerate(real):
        label = f"PL{i + 1}" if len(real) > 1 else ""
        pl = doc_phu_luc_bang(a.tables, label, prefix, file, warn, taken)
        if pl is None:
            continue
        place = a.label.place if a.label else f"bảng {a.tables[0].index + 1}"
        ten = " ".join(a.ten)
        if not ten:
            ten = "DANH MỤC NHIỆM VỤ"
            warn.append(Problem(file, place, "phụ lục không có tên; đặt tên “DANH MỤC NHIỆM VỤ”, sửa phu_luc.ten"))
        pl["ten"] = ten
        head = {"ten": ten}
        if a.danh_muc:  # "DANH MỤC …" with no label, as the body cites it: stays a Danh mục
            head["kieu"] = "danh_muc"
        if a.phu_de:
            head["phu_de"] = " ".join(a.phu_de)
        pl = {**head, **{k: v for k, v in pl.items() if k not in head}}
        k = a.kem_theo_parts
        if k is not None and so is not None and (k.so or "").isdecimal() and int(k.so) != so:
            warn.append(Problem(file, place, f"dòng “Kèm theo” ghi số {k.so}, khác số {so} ở đầu văn bản; "
                                             "văn bản lập lại ghi theo số ở đầu văn bản"))
        cua = a.kem_theo_cua
        ten = data.get("co_quan_ban_hanh", {}).get("ten") or ""
        if cua and cua.casefold() != ten.casefold() and not is_abbreviation_of(cua, ten):
            pl["kem_theo_cua"] = cua  # another's document ("… của Chủ tịch UBND tỉnh"): kept as typed
        out.append(pl)
        from ..model.phu_luc import PhuLuc

        try:
            for t in PhuLuc.model_validate(pl).all_tasks():
                names += t.chu_tri + t.phoi_hop
        except ValidationError:
            pass
    if out:
        data["phu_luc"] = out
    return names
