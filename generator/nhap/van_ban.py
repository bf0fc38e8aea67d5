"""A hand-made document's parts, read into the project's fields: header, tên loại and trích
yếu, Kính gửi, body by level, signer block and Nơi nhận, and the annexes (their tables are read
by ``vanban.nhap.phu_luc``). The document is the shared reader's (``vanban.check.reader``: the
``VanBanDoc`` and the ``DocModel`` it holds), the reading ``kiemtra`` judges: the header values,
tên loại and trích yếu, Kính gửi, the signature block (in a table, laid out with tabs or typed as
paragraphs: where it starts, its Nơi nhận lines and the signer's lines) and where each annex starts
(a "Phụ lục" label, with or without its title on the same line, or the title of an annex typed
without one) come from it as found, the paragraphs, inline marks, automatic numbers, page breaks
and tables too.

Every value that had to be guessed, and every piece that could not be placed, becomes a located
warning (``Problem``: the file, the paragraph, table, row or cell, and what was assumed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..check.blocks import TEN_LOAI, is_rule_para
from ..check.model import DocModel, Para, norm_text  # norm_text: comparisons only (it unifies tone marks)
from ..check.reader import Line as SharedLine
from ..check.reader import Table, VanBanDoc, marked, table
from ..check.rules_annex import KemTheo
from ..errors import Problem
from ..model.van_ban import DO_KHAN, DO_MAT, LOAI_VAN_BAN
from ..text.than_van import classify
from .dong import Line, clean, find_casing, is_upper, sentence_case, title_case_person, title_line

_END_MARK = re.compile(r"\s*\.?/\.\s*$")
_QUYEN = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
_TITLE_LEVELS = ("phan", "chuong", "muc", "khoan", "tieu_khoan", "diem")
_GENERIC = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND")


@dataclass
class PhuLucDoc:
    """An annex as found: its label, title lines, sub-title, "Kèm theo" line and tables."""

    label: Para | None = None
    ten: list[str] = field(default_factory=list)
    phu_de: list[str] = field(default_factory=list)
    kem_theo: str | None = None
    kem_theo_parts: KemTheo | None = None  # the shared reader's parts of the Kèm theo line
    kem_theo_cua: str | None = None  # whose document the Kèm theo line names, as typed
    tables: list[Table] = field(default_factory=list)
    landscape: bool = False
    after_page_break: bool = False
    danh_muc: bool = False  # titled "DANH MỤC …" with no label: imported as ``kieu: danh_muc``


@dataclass
class VanBanNhap:
    """A document as imported: the fields of the project's model, and what ``chuanhoa`` reports
    (built from the shared reading, ``check.reader.VanBanDoc``)."""

    data: dict
    kinh_gui: list[str] = field(default_factory=list)
    annexes: list[PhuLucDoc] = field(default_factory=list)
    canh_bao: list[Problem] = field(default_factory=list)
    # how it was laid out (for the list of changes): header_tabs, signer_paragraphs, auto_numbering,
    # reordered_signer, body_tables, ...
    facts: dict = field(default_factory=dict)
    # (marked line, paragraph) of the body, with its automatic label when Word drew one
    body: list[tuple[str, Para]] = field(default_factory=list)


class _Reader:
    def __init__(self, doc: DocModel, vb: VanBanDoc):
        self.doc = doc
        self.vb = vb
        self.ps = doc.paragraphs
        self.file = str(doc.path)
        self.warn: list[Problem] = []
        self.facts: dict = {}

    def w(self, place: str, message: str) -> None:
        self.warn.append(Problem(self.file, place, message))

    # ---- the whole document ---------------------------------------------------------------
    def read(self) -> VanBanNhap:
        data: dict = {}
        h = self._header(data)
        start = self._after_header()
        if self.vb.ten_loai is not None:
            start = self._title(data)
        elif h.get("vv"):
            data["loai"] = "CV"
            data["trich_yeu"] = h["vv"]
        rest = [p for p in self.ps[start:] if not p.in_textbox]
        doc = VanBanNhap(data)
        rest = self._kinh_gui(rest, doc)
        body, sign = self._split_signature(rest)
        self._body(body, doc)
        after = self._signature(sign, data)
        self._annexes(after, doc)
        self._required(data)
        doc.canh_bao = self.warn
        doc.facts = self.facts
        return doc

    # ---- header: the shared reader's values, written as the fields --------------------------------
    def _typed(self, ln: SharedLine) -> str:
        """A line's text as typed (the shared reader's ``Line.text`` unifies tone marks)."""
        i = ln.place.paragraph
        if i is not None:
            raw = self.ps[i].text.replace("\t", " ")
            for piece in [raw.replace("\n", " "), *raw.split("\n")]:
                piece = clean(piece)
                shown = norm_text(piece)
                if shown == ln.text:
                    return piece
                if ln.text and shown.endswith(" " + ln.text):  # typed after a heading on its line
                    return piece[len(piece) - len(ln.text):]  # norm_text keeps the length
        return clean(ln.text)

    def _line(self, ln: SharedLine) -> Line:
        i = ln.place.paragraph
        return Line(self._typed(ln), self.ps[i] if i is not None else self.ps[0], bool(ln.bold))

    def _header(self, data: dict) -> dict:
        h = self.vb.header
        if h.layout == "tabs":
            self.facts["header_tabs"] = True
        for ln in h.marks:
            t = self._typed(ln).upper()
            if t in DO_MAT + DO_KHAN:
                data["do_mat" if t in DO_MAT else "do_khan"] = t
        if h.quoc_hieu is None or not h.quoc_hieu_exact:
            first = h.co_quan[0].place.text if h.co_quan else "đoạn 1"
            self.w(h.quoc_hieu.place.text if h.quoc_hieu is not None else first,
                   "không thấy Quốc hiệu “CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM”; văn bản lập lại sẽ có Quốc hiệu "
                   "và Tiêu ngữ đúng thể thức")
            self.facts["no_quoc_hieu"] = True
        self._agency([self._line(ln) for ln in h.chu_quan + h.co_quan], data)
        self._so(h, data)
        self._ngay(h, data)
        vv = " ".join(self._typed(ln) for ln in h.vv)
        return {"vv": vv[len("V/v"):].strip() if vv.startswith("V/v") else vv or None}

    def _after_header(self) -> int:
        """Index of the first paragraph after the header (after its table, when in a table)."""
        h = self.vb.header
        found = [ln for ln in [h.quoc_hieu, h.tieu_ngu, h.so_line, h.date_line, *h.chu_quan, *h.co_quan, *h.vv,
                               *h.marks] if ln is not None and ln.place.paragraph is not None]
        tables = {ln.place.table for ln in found if ln.place.table is not None}
        orders = [ln.place.paragraph for ln in found] + [p.order for p in self.ps if p.table in tables]
        return max(orders) + 1 if orders else 0

    def _agency(self, agency: list[Line], data: dict) -> None:
        if not agency:
            self.w("đầu văn bản", "không tìm thấy tên cơ quan ban hành (chữ in hoa bên trái đầu văn bản); ghi "
                                  "co_quan_ban_hanh trong tệp YAML")
            return
        bold = [ln.bold for ln in agency]
        chu_quan: list[Line] = []
        if any(bold) and not all(bold):
            k = bold.index(True)
            lead = agency[:k]
            joined = " ".join(ln.text for ln in lead)
            if k > 0 and all(not b for b in bold[:k]) and joined not in _GENERIC:
                chu_quan = lead
                agency = agency[k:]
            elif k > 0:
                self.w(agency[0].place, f"dòng “{joined}” không in đậm nhưng được coi là phần đầu tên cơ quan ban "
                                        "hành (không phải cơ quan chủ quản)")
        if chu_quan:
            data["co_quan_chu_quan"] = " ".join(ln.text for ln in chu_quan)
        upper = " ".join(ln.text for ln in agency)
        texts = [p.text for p in self.ps if not is_upper(p.text)]
        ten = find_casing(upper, texts)
        if ten is None:
            ten = sentence_case(upper)
            self.w(agency[0].place, f"tên cơ quan ban hành viết chữ thường được đoán là “{ten}” (văn bản chỉ ghi "
                                    f"chữ in hoa “{upper}”); sửa co_quan_ban_hanh.ten nếu chưa đúng")
        data["co_quan_ban_hanh"] = {"ten": ten}

    def _so(self, h, data: dict) -> None:
        if h.so is None or not h.ky_hieu:
            self.w(h.so_line.place.text if h.so_line is not None else "đầu văn bản",
                   "không tìm thấy dòng “Số: …/…”; ghi co_quan_ban_hanh.viet_tat (chữ viết tắt trong ký hiệu) và so "
                   "trong tệp YAML")
            return
        place = h.so_line.place.text
        if h.so:
            data["so"] = int(h.so)
        else:
            self.facts["draft"] = True
            self.w(place, "dự thảo: số văn bản để trống (văn thư ghi khi ban hành)")
        kh = h.ky_hieu
        parts = [x for x in kh.split("-") if x]
        self.found_loai = None
        if len(parts) >= 2 and parts[0] in LOAI_VAN_BAN:
            self.found_loai = parts[0]
            abbr = parts[1]
            if len(parts) > 2:
                self.w(place, f"ký hiệu “{kh}” có nhiều hơn hai phần; lấy “{abbr}” làm chữ viết tắt tên cơ quan")
        elif len(parts) >= 2:
            abbr = parts[0]
            data.setdefault("noi_nhan", {}).setdefault("luu", {})["don_vi"] = parts[1]
            self.found_loai = "CV"
        else:
            abbr = parts[0] if parts else ""
        data.setdefault("co_quan_ban_hanh", {})["viet_tat"] = abbr

    def _ngay(self, h, data: dict) -> None:
        if h.date_line is None or h.dia_danh is None:
            self.w(h.date_line.place.text if h.date_line is not None else "đầu văn bản",
                   "không tìm thấy dòng địa danh, ngày tháng (“…, ngày … tháng … năm …”); ghi dia_danh và ngay trong "
                   "tệp YAML")
            return
        place = h.date_line.place.text
        data["dia_danh"] = self._typed(h.date_line).split(",", 1)[0].strip()
        d, mo, y = h.ngay
        if y and mo and d:
            import datetime as dt

            try:
                data["ngay"] = dt.date(y, mo, d)
            except ValueError:
                self.w(place, f"ngày “{d}/{mo}/{y}” không có trong lịch; để trống ngày")
                data["ngay"] = f"{y}-{mo:02d}" if 1 <= mo <= 12 else str(y)
        elif y and mo:
            data["ngay"] = f"{y}-{mo:02d}"
            self.facts["draft"] = True
            self.w(place, "dự thảo: ngày để trống, giữ tháng và năm")
        elif y:
            data["ngay"] = str(y)
            self.facts["draft"] = True
            self.w(place, "dự thảo: ngày và tháng để trống, giữ năm")
        else:
            self.facts["draft"] = True
            self.w(place, "dự thảo: ngày tháng năm để trống")

    # ---- title -------------------------------------------------------------------------------
    def _title(self, data: dict) -> int:
        """Tên loại and trích yếu as the shared reader found them; the index of what follows."""
        tl = self.vb.ten_loai
        loai = self.vb.loai or TEN_LOAI.get(tl.text.upper())
        data["loai"] = loai
        found = getattr(self, "found_loai", None)
        if found and found not in (loai, "CV"):
            self.w(tl.place.text, f"tên loại “{tl.text.upper()}” khác ký hiệu ở dòng Số (“{found}”); lấy theo tên loại")
        first = clean(self.ps[tl.place.paragraph].text.split("\n")[0]) if tl.place.paragraph is not None else tl.text
        if first != first.upper():
            self.facts["ten_loai_case"] = first
        ty = [self._typed(ln) for ln in self.vb.trich_yeu]
        ty = [t for t in ty if t]
        if ty:
            data["trich_yeu"] = " ".join(ty)
            if len(ty) > 1:
                self.facts["trich_yeu_lines"] = len(ty)
        else:
            self.w(tl.place.text, "không tìm thấy trích yếu dưới tên loại; ghi trich_yeu trong tệp YAML")
        orders = [ln.place.paragraph for ln in [tl, *self.vb.trich_yeu] if ln.place.paragraph is not None]
        return max(orders) + 1 if orders else 0

    # ---- Kính gửi ------------------------------------------------------------------------------
    def _kinh_gui(self, rest: list[Para], doc: VanBanNhap) -> list[Para]:
        """The names of Kính gửi as the shared reader found them; the paragraphs left."""
        kg = self.vb.kinh_gui
        if not kg:
            return rest
        names = [self._typed(ln) for ln in kg]
        names[0] = names[0][len("Kính gửi"):].lstrip(" :").strip()
        doc.kinh_gui = [n.lstrip("-–+ ").rstrip(";.,").strip() for n in names if n.lstrip("-–+ ").strip()]
        first, last = kg[0].place.paragraph, kg[-1].place.paragraph
        return [p for p in rest if not first <= p.order <= last]

    # ---- body and signature ------------------------------------------------------------------
    def _split_signature(self, rest: list[Para]) -> tuple[list[Para], list[Para]]:
        """(body paragraphs, paragraphs from the signature block on), where the shared reader
        found the block; without one, the body ends where its first annex starts."""
        vb = self.vb
        if vb.signature is not None:
            first = self.ps[vb.signature[0]]
            layout = vb.signer.layout
            if layout in ("tabs", "paragraphs") or (layout is None and first.table is None):
                self.facts["signer_paragraphs"] = True
            if vb.noi_nhan_heading is None:
                self.w(first.place, "không tìm thấy “Nơi nhận:”; khối chữ ký bắt đầu từ đây")
            k = next((i for i, p in enumerate(rest) if p.order >= first.order), len(rest))
            return rest[:k], rest[k:]
        self.w("cuối văn bản", "không tìm thấy khối chữ ký và “Nơi nhận:”; ghi nguoi_ky và noi_nhan trong tệp YAML")
        starts = [x.place.paragraph for a in vb.annexes for x in [a.label or (a.title[0] if a.title else None)]
                  if x is not None and x.place.paragraph is not None]
        stop = min(starts, default=len(self.ps))
        end = next((k for k, p in enumerate(rest) if p.section > 0 or p.order >= stop), len(rest))
        return rest[:end], rest[end:]

    def _body(self, body: list[Para], doc: VanBanNhap) -> None:
        out: list[tuple[str, Para]] = []
        tables_seen: set[int] = set()
        for p in body:
            if p.table is not None:
                if p.table not in tables_seen:
                    tables_seen.add(p.table)
                    self.facts["body_tables"] = self.facts.get("body_tables", 0) + 1
                    self.w(p.place.split(", dòng")[0], "bảng trong thân văn bản chưa nhập được (chỉ nhập bảng của "
                                                      "phụ lục); chép nội dung bảng vào noi_dung nếu cần")
                continue
            if is_rule_para(p) or not p.text.strip():
                continue
            label = (p.number_label.strip() or None) if p.number_label else "-" if p.number_format == "bullet" else None
            own = "".join(r.text for r in p.runs if getattr(r, "kind", "text") != "number")  # without the reader's label
            plain = clean(own.replace("\t", " "))
            if label:
                self.facts["auto_numbering"] = self.facts.get("auto_numbering", 0) + 1
                plain = f"{label} {plain}"
            level = classify(plain)[0]
            heading = level in _TITLE_LEVELS
            text = marked(self.doc, p, drop_bold=heading or p.bold is True and level != "doan", drop_italic=heading)
            pieces = [" ".join(x.replace("\t", " ").split()) for x in text.split("\n")]
            pieces = [x for x in pieces if x]
            if label and pieces:
                pieces[0] = f"{label} {pieces[0]}"
            if len(pieces) > 1:
                self.w(p.place, "đoạn có dấu xuống dòng (Shift+Enter): mỗi dòng thành một đoạn")
            for x in pieces:
                out.append((x, p))
        if out:
            last, p = out[-1]
            if _END_MARK.search(last):
                out[-1] = (_END_MARK.sub("", last), p)
            else:
                self.facts["no_end_mark"] = True
        doc.body = out
        if not out:
            self.w("thân văn bản", "không tìm thấy nội dung văn bản; ghi noi_dung trong tệp YAML")

    def _signature(self, sign: list[Para], data: dict) -> list[Para]:
        """Read Nơi nhận and the signer as the shared reader found them; return what follows (the
        annexes)."""
        vb = self.vb
        self._noi_nhan([self._line(ln) for ln in vb.noi_nhan], data)
        self._nguoi_ky(data)
        last = vb.signature[1] if vb.signature is not None else -1
        return [p for p in sign if p.order > last]

    def _noi_nhan(self, left: list[Line], data: dict) -> None:
        nn = data.setdefault("noi_nhan", {})
        gui: list = []
        items: list[Line] = []
        for ln in left:
            t = ln.text
            if items and not t.startswith(("-", "–", "+")) and not items[-1].text.rstrip().endswith((";", ".")):
                items[-1] = Line(items[-1].text + " " + t, items[-1].para)  # a wrapped recipient
                continue
            items.append(ln)
        if not items:
            self.w("cuối văn bản", "không tìm thấy danh sách nơi nhận")
            return
        for ln in items:
            t = ln.text.lstrip("-–+ ").strip()
            if not ln.text.startswith(("-", "–")):
                self.facts["noi_nhan_format"] = True
            if not ln.text.rstrip().endswith((";", ".")):
                self.facts["noi_nhan_format"] = True
            body = t.rstrip(";.,").strip()
            if body.startswith("Lưu"):
                self._luu(body, ln, nn)
                continue
            if body.casefold() == "như trên":
                nn["nhu_tren"] = True
                continue
            item: dict = {"ten": body}
            m = re.match(r"^(?P<ten>.*?)\s*\((?P<md>[^()]*)\)\s*$", body)
            if m and m.group("ten"):
                item = {"ten": m.group("ten").strip(), "muc_dich": m.group("md").strip()}
            if ":" in item["ten"]:
                head, _, tail = item["ten"].partition(":")
                parts = [x.strip() for x in tail.split(",") if x.strip()]
                if head.strip() and parts:
                    item["ten"] = head.strip()
                    item["thanh_phan"] = parts
            gui.append(item if len(item) > 1 else item["ten"])
        if gui:
            nn["gui"] = gui
        if "luu" not in nn or not any(nn["luu"].values()) and "luu_seen" not in self.facts:
            if "luu_seen" not in self.facts:
                self.w(items[-1].place, "nơi nhận không có dòng “- Lưu: VT, …”; văn bản lập lại sẽ có dòng Lưu")
                self.facts["no_luu"] = True

    def _luu(self, body: str, ln: Line, nn: dict) -> None:
        self.facts["luu_seen"] = True
        luu = nn.setdefault("luu", {})
        s = body[len("Lưu"):].lstrip(" :").strip()
        m = re.match(r"^VT\b\s*[,.]?\s*(?P<rest>.*)$", s)
        if not m:
            self.w(ln.place, f"dòng “{_short(body)}” không theo dạng “Lưu: VT, <đơn vị>…”; chỉ giữ “Lưu: VT”")
            return
        rest = m.group("rest").strip().rstrip(".")
        mm = re.match(r"^(?P<dv>[A-ZĐ][A-Za-zĐđ0-9&]*)?\s*(?:\((?P<n>[0-9]{1,4})\))?\s*[,.]?\s*(?P<ns>[A-ZĐ][A-Za-zĐđ]*)?"
                      r"\s*\.?\s*(?:\(\s*(?P<sb>[0-9]{1,4})\s*\))?$", rest)
        if mm is None:
            self.w(ln.place, f"dòng Lưu “{_short(body)}” có nhiều hơn một đơn vị; lấy đơn vị đầu, sửa noi_nhan.luu "
                             "nếu cần")
            first = re.match(r"^([A-ZĐ][A-Za-zĐđ0-9&]*)", rest)
            if first:
                luu["don_vi"] = first.group(1)
            return
        if mm.group("dv"):
            luu["don_vi"] = mm.group("dv")
        if mm.group("n"):
            luu["so_ban_luu"] = int(mm.group("n"))
        if mm.group("ns"):
            luu["nguoi_soan"] = mm.group("ns")
        if mm.group("sb"):
            luu["so_ban"] = int(mm.group("sb"))

    def _nguoi_ky(self, data: dict) -> None:
        """The signer's lines and name as the shared reader found them."""
        signer = self.vb.signer
        auth = [self._line(ln) for ln in signer.lines if is_upper(ln.text) and len(ln.text) < 120]
        name = self._line(signer.name) if signer.name is not None else None
        if name is None and len(auth) > 1 and not _signer_like(auth[-1].text):
            name = auth.pop()  # a name typed in capitals with no space for the signature above it
        if not auth and name is None:
            self.w("cuối văn bản", "không tìm thấy người ký (quyền hạn, chức vụ, họ tên); ghi nguoi_ky trong tệp YAML")
            return
        texts = [ln.text for ln in auth]
        # lines typed in the wrong order: the line with the authority goes first
        with_q = [t for t in texts if t.startswith(_QUYEN)]
        if with_q and not texts[0].startswith(_QUYEN):
            texts = with_q + [t for t in texts if t not in with_q]
            self.facts["reordered_signer"] = True
            self.w(auth[0].place, "dòng quyền hạn (TM./KT./TL./TUQ./Q.) nằm dưới chức vụ; đã đặt lại lên trên")
        ky: dict = {}
        if texts and texts[0].startswith("TM.") and len(texts) > 1 and texts[1].startswith("KT."):
            ky = {"quyen_han": "TM.+KT.", "tap_the": _after(texts[0]), "cap_truong": _after(texts[1])}
            texts = texts[2:]
        elif texts and texts[0].startswith("TL.") and len(texts) > 1 and texts[1].startswith("KT."):
            ky = {"quyen_han": "TL.+KT.", "cap_truong": _after(texts[0]), "truong_don_vi": _after(texts[1])}
            texts = texts[2:]
        elif texts and texts[0].startswith("TM."):
            ky = {"quyen_han": "TM.", "tap_the": _after(texts[0])}
            texts = texts[1:]
        elif texts and texts[0].startswith(_QUYEN):
            q = texts[0].split(" ", 1)[0]
            ky = {"quyen_han": q, "cap_truong": _after(texts[0])}
            texts = texts[1:]
        if texts:
            ky["chuc_vu"] = title_line(" ".join(texts))
        for k in ("tap_the", "cap_truong", "truong_don_vi"):
            if k in ky:
                ky[k] = sentence_case(ky[k]) if k == "tap_the" else title_line(ky[k])
        if name is not None:
            n = name.text
            if is_upper(n):
                n = title_case_person(n)
                self.w(name.place, f"họ tên người ký viết in hoa; ghi lại là “{n}”")
            ky["ho_ten"] = n
        else:
            self.w(auth[-1].place if auth else "cuối văn bản", "không tìm thấy họ tên người ký; ghi nguoi_ky.ho_ten")
        data["nguoi_ky"] = ky

    # ---- annexes -----------------------------------------------------------------------------
    def _annexes(self, after: list[Para], doc: VanBanNhap) -> None:
        """The annexes as the shared reader found them: where each starts, its title lines,
        sub-title, Kèm theo line and tables. A table after the signature block and before any
        annex is taken as an annex without a label; a paragraph the reader placed nowhere is
        said and left out."""
        vb = self.vb
        starts = []
        for a in vb.annexes:
            first = a.label if a.label is not None else (a.title[0] if a.title else None)
            if first is not None and first.place.paragraph is not None:
                starts.append((first.place.paragraph, a))
        starts.sort(key=lambda x: x[0])
        placed: set[int] = set()
        annexed: set[int] = set()
        for _, a in starts:
            annexed |= {t.index for t in a.tables}
            placed |= {ln.place.paragraph for ln in [a.label, a.kem_theo, *a.title, *a.phu_de]
                       if ln is not None and ln.place.paragraph is not None}
        first_start = starts[0][0] if starts else len(self.ps)
        stray: PhuLucDoc | None = None
        for p in after:
            if p.table is None or p.table in annexed or p.order >= first_start:
                continue
            if stray is None:
                stray = PhuLucDoc()
                doc.annexes.append(stray)
                self.w(p.place.split(", dòng")[0], "bảng sau khối chữ ký không có nhãn “Phụ lục”; coi là phụ lục")
            if not stray.tables or stray.tables[-1].index != p.table:
                stray.tables.append(table(self.doc, p.table))
        for k, (start, a) in enumerate(starts):
            p = self.ps[start]
            cur = PhuLucDoc(label=p if a.label is not None else None, tables=list(a.tables),
                            landscape=self.doc.sections[min(p.section, len(self.doc.sections) - 1)]
                            .orient == "landscape", after_page_break=a.page_break)
            doc.annexes.append(cur)
            if a.title_typed:
                cur.ten.append(self._typed(SharedLine(a.title_typed, a.label.place)))
            cur.ten.extend(self._typed(ln) for ln in a.title)
            cur.phu_de = [marked(self.doc, self.ps[ln.place.paragraph], drop_bold=True, drop_italic=True)
                          .replace("\n", " ") for ln in a.phu_de]
            if a.kem_theo is not None:
                cur.kem_theo = self._typed(a.kem_theo)
                cur.kem_theo_parts = a.kem_theo_parts
                org = a.kem_theo_parts.org if a.kem_theo_parts is not None else None
                typed = cur.kem_theo.rstrip(" )")
                if org and norm_text(typed).endswith(org):
                    cur.kem_theo_cua = typed[len(typed) - len(org):]  # norm_text keeps the length
            if a.label is None:
                if a.danh_muc:
                    # Decree's own shape for a Danh mục: titled "DANH MỤC …", no label; kept so
                    cur.danh_muc = True
                else:
                    self.facts["annex_no_label"] = True
                    self.w(p.place, "phụ lục không có nhãn “Phụ lục”; văn bản lập lại ghi nhãn “Phụ lục” trên tên "
                                    "phụ lục")
        ends = [s for s, _ in starts[1:]] + [len(self.ps)]
        for p in after:
            t = clean(p.text.replace("\t", " ").replace("\n", " "))
            if p.table is not None or p.order in placed or not t or is_rule_para(p):
                continue
            k = next((k for k, (s, _) in enumerate(starts) if s <= p.order < ends[k]), None)
            if k is None:
                self.w(p.place, f"đoạn “{_short(t)}” sau khối chữ ký không thuộc phụ lục nào; bỏ qua")
            elif any(q.order < p.order for q in self.ps if q.table in {tb.index for tb in starts[k][1].tables}):
                self.w(p.place, f"đoạn “{_short(t)}” dưới bảng phụ lục chưa nhập được; bỏ qua")
            else:
                self.w(p.place, f"đoạn “{_short(t)}” giữa tên phụ lục và bảng chưa nhập được (không phải tên phụ "
                                "lục hay dòng “Kèm theo”); bỏ qua")
        if self.facts.get("annex_no_label") and any(a.tables and not a.danh_muc for a in doc.annexes):
            for k, (line, p) in enumerate(doc.body):
                fixed = re.sub(r"\b(Danh mục|danh mục)(\s+(?:nhiệm vụ\s+)?kèm theo)", "Phụ lục\\2", line)
                if fixed != line:
                    doc.body[k] = (fixed, p)
                    self.facts["danh_muc_cited"] = True
                    self.w(p.place, "thân văn bản dẫn chiếu “Danh mục kèm theo”: đổi thành “Phụ lục kèm theo” cho "
                                    "khớp nhãn của phụ lục (Nghị định 30 yêu cầu dẫn chiếu đến phụ lục)")
        for a in doc.annexes:
            if not a.tables:
                self.w(a.label.place if a.label else "phụ lục", "phụ lục không có bảng nhiệm vụ; bỏ qua")

    # ---- what the model needs ----------------------------------------------------------------
    def _required(self, data: dict) -> None:
        """Placeholders for what the model needs and the document does not show; their names
        (Vietnamese) in ``facts["missing"]``."""
        missing: list[str] = []
        ph = CHUA_XAC_DINH

        def need(ok: bool, what: str) -> bool:
            if not ok:
                missing.append(what)
            return not ok

        cq = data.setdefault("co_quan_ban_hanh", {})
        if need(bool(cq.get("ten")), "tên cơ quan ban hành"):
            cq["ten"] = ph
        if need(bool(cq.get("viet_tat")), "chữ viết tắt trong ký hiệu"):
            cq["viet_tat"] = "CHUAXACDINH"
        if need("dia_danh" in data, "địa danh"):
            data["dia_danh"] = ph
        if need("trich_yeu" in data, "trích yếu"):
            data["trich_yeu"] = ph
        ky = data.setdefault("nguoi_ky", {})
        if need(bool(ky.get("ho_ten")), "họ tên người ký"):
            ky["ho_ten"] = ph
        needs = {None: ("chuc_vu",), "TM.": ("tap_the", "chuc_vu"), "KT.": ("cap_truong", "chuc_vu"),
                 "TL.": ("cap_truong", "chuc_vu"), "TUQ.": ("cap_truong", "chuc_vu"), "Q.": ("cap_truong",),
                 "TM.+KT.": ("tap_the", "cap_truong", "chuc_vu"),
                 "TL.+KT.": ("cap_truong", "truong_don_vi", "chuc_vu")}
        for k in needs.get(ky.get("quyen_han"), ()):
            if not ky.get(k):
                ky[k] = ph
                missing.append(f"nguoi_ky.{k}")
        if missing:
            self.facts["missing"] = missing
            self.w("", "chưa tìm thấy: " + ", ".join(missing) + f"; tệp YAML ghi “{ph}” ở các chỗ đó, cần sửa lại")


CHUA_XAC_DINH = "CHƯA XÁC ĐỊNH"


def _after(t: str) -> str:
    return t.split(" ", 1)[1].strip() if " " in t else ""


def _signer_like(t: str) -> bool:
    words = ("CHỦ TỊCH", "GIÁM ĐỐC", "TRƯỞNG", "THỦ TRƯỞNG", "BÍ THƯ", "CHÁNH", "VIỆN TRƯỞNG", "TỔNG",
             "PHÓ", "ỦY VIÊN", "THƯ KÝ", "CỤC TRƯỞNG", "BỘ TRƯỞNG", "HIỆU TRƯỞNG")
    return t.startswith(_QUYEN) or any(w in t for w in words)


def _short(t: str, n: int = 60) -> str:
    return t if len(t) <= n else t[:n - 1] + "…"
