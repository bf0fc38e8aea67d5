"""An annex table of a hand-made plan -> the fields of ``PhuLuc``: columns found by their
titles (in any set and order), repeated header rows and column-number rows left out, group rows
(I/II, A–Đ, "Nhóm …", or a row merged across) nested by their numbering, merged cells (the value
applies to each row they cover), footnotes in cells kept as ``^[…]``, stable task ids. The tables
are the shared reader's (``vanban.check.reader.Table``), cells with their inline marks."""

from __future__ import annotations

import re
import unicodedata

from .dong import clean
from ..errors import Problem
from ..model.phu_luc import COT_MAC_DINH
from ..text import danh_so
from ..check.reader import Cell, Row, Table
from .cot import ma_cot as _ma_cot

_GUESSED = {"chu_tri": ("thực hiện",)}  # titles mapped by a guess: reported
_ROMAN = re.compile(r"^[IVXLC]+$")
_GROUP_PREFIX = re.compile(r"^(?P<n>[IVXLC]+|[A-ZĐ])\s*[.)/:\-–]\s+(?P<rest>\S.*)$")
_COLNUM = re.compile(r"^\(?\s*[0-9]{1,2}\s*\)?$")
_SO_CHAM = re.compile(r"[0-9]{1,3}\.")  # a task number typed with a dot
# Words an agency's name starts with: "Sở A, Sở B" is two names, "Các sở, ban, ngành" one.
_HEADS = ("Sở ", "Ban ", "Bộ ", "Phòng ", "Cục ", "Chi cục ", "Trung tâm ", "Văn phòng ", "UBND ", "Ủy ban ",
          "Uỷ ban ", "Công an ", "Bộ Chỉ huy ", "Đài ", "Báo ", "Hội ", "Liên minh ", "Tỉnh đoàn", "Thanh tra ",
          "Kho bạc ", "Ngân hàng ", "Viện ", "Trường ", "Bệnh viện ", "Đảng ủy ", "Quỹ ", "Cảng vụ ",
          "Công ty ", "Hợp tác xã ", "Mặt trận ", "Ủy ban MTTQ", "Cục Thuế", "Thuế ")


def ma_cot(title: str) -> str | None:
    """The column code of a Word table's header title (``nhap.cot``, the rule Excel tables share)."""
    return _ma_cot(clean(title))[0]


def _ascii(s: str) -> str:
    s = s.replace("Đ", "DD" if len(s) == 1 else "D").replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    return re.sub(r"[^A-Za-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)))


class _Annex:
    def __init__(self, file: str, warn: list[Problem], prefix: str):
        self.file = file
        self.warn = warn
        self.prefix = prefix
        self.ids: set[str] = set()
        self.said: set[str] = set()  # texts already warned about

    def w(self, place: str, message: str) -> None:
        self.warn.append(Problem(self.file, place, message))

    # ---- columns -------------------------------------------------------------------------------
    def columns(self, table: Table) -> tuple[list[str | None], list[str], int]:
        """Codes per grid column, titles per grid column, and how many header rows."""
        rows = table.rows
        width = max((len(r.grid()) for r in rows), default=0)
        n_head = 1
        # a two-level header: a title spanning columns over the titles of its parts
        if len(rows) > 1 and any(c.span > 1 for c in rows[0].cells) and \
                all(ma_cot(c.marked) or not c.marked for c in rows[1].grid()) and \
                sum(1 for c in rows[1].grid() if ma_cot(c.marked)) >= 2:
            n_head = 2
        titles: list[str] = []
        for k in range(width):
            parts = []
            for r in rows[:n_head]:
                g = r.grid()
                if k < len(g) and g[k].marked and (not parts or parts[-1] != g[k].marked) and g[k].merge != "continue":
                    parts.append(g[k].marked.replace("\n", " "))
            titles.append(parts[-1] if parts else "")
        codes: list[str | None] = []
        for k, t in enumerate(titles):
            code = ma_cot(t)
            if code is None and k == 0 and (not t or t.lower() in ("số", "#")):
                code = "tt"
            if code in codes:
                code = None if code != "noi_dung" else None
            codes.append(code)
        if "noi_dung" not in codes:
            # the widest text column is the content
            lengths = [sum(len(r.grid()[k].marked) for r in rows[n_head:] if k < len(r.grid()))
                       for k in range(width)]
            free = [k for k in range(width) if codes[k] is None]
            if free:
                k = max(free, key=lambda i: lengths[i])
                codes[k] = "noi_dung"
                self.w(f"bảng {table.index + 1}, dòng 1, ô {k + 1}",
                       f"cột “{titles[k]}” được coi là cột nội dung nhiệm vụ (noi_dung)")
        for k, (code, t) in enumerate(zip(codes, titles)):
            place = f"bảng {table.index + 1}, dòng 1, ô {k + 1}"
            if code is None:
                if "ghi_chu" not in codes:
                    codes[k] = "ghi_chu"
                    self.w(place, f"cột “{t}” không nhận ra; nhập vào cột ghi chú (ghi_chu) với tiêu đề “{t}”")
                else:
                    self.w(place, f"cột “{t}” không nhận ra và không còn cột nào để ghi; bỏ qua cột này")
            elif code in _GUESSED and not re.search(r"chủ\s*trì", t.lower()):
                self.w(place, f"cột “{t}” được coi là cột cơ quan chủ trì (chu_tri)")
        return codes, titles, n_head

    # ---- rows ----------------------------------------------------------------------------------
    def read(self, tables: list[Table], label: str) -> dict | None:
        if not tables:
            return None
        codes, titles, n_head = self.columns(tables[0])
        head_texts = [clean(r.grid()[k].marked) if k < len(r.grid()) else "" for r in tables[0].rows[:n_head]
                      for k in range(len(codes))]
        body: list[tuple[Row, Table]] = [(r, tables[0]) for r in tables[0].rows[n_head:]]
        for t in tables[1:]:
            c2, _t2, h2 = self.columns(t)
            if c2 != codes:
                self.w(f"bảng {t.index + 1}", "bảng có các cột khác bảng trước của cùng phụ lục; bỏ qua bảng này")
                continue
            body += [(r, t) for r in t.rows[h2:]]
        cot = []
        for code, title in zip(codes, titles):
            if code is None:
                continue
            entry: dict | str = code
            default = COT_MAC_DINH[code][0]
            if title and clean(title) != default:
                entry = {"ma": code, "tieu_de": clean(title)}
            cot.append(entry)
        root: dict = {"nhom": [], "nhiem_vu": []}
        stack: list[tuple[int, dict]] = []  # (rank, group)
        ranks: dict[str, int] = {}
        merged: set[str] = set()
        above: dict[int, str] = {}
        numbers: list[tuple[str, dict | None]] = []  # tt typed, group
        for row, table in body:
            g = row.grid()
            texts = [clean(c.marked) if True else "" for c in g]
            if not any(texts):
                continue
            if row.repeat_header or [clean(x) for x in texts[:len(codes)]] == head_texts[-len(codes):] or \
                    (len(texts) >= 2 and all(_COLNUM.match(x) for x in texts if x) and
                     sum(1 for x in texts if x) >= max(2, len(texts) - 1)):
                continue  # a repeated header row or the row of column numbers
            group = self._group(row, g, codes)
            if group is not None:
                lab, title, kind = group
                rank = ranks.setdefault(kind, len(ranks))
                while stack and stack[-1][0] >= rank:
                    stack.pop()
                node = {"ten": title, "danh_so": kind, "nhom": [], "nhiem_vu": []}
                parent = stack[-1][1] if stack else root
                parent["nhom"].append(node)
                stack.append((rank, node))
                above.clear()
                continue
            task: dict = {}
            for k, code in enumerate(codes):
                if code is None or k >= len(g):
                    continue
                cell = g[k]
                if k > 0 and g[k - 1] is cell:
                    continue
                value = cell.marked
                if cell.merge == "continue":
                    value = above.get(k, "")
                    if value:
                        merged.add(code)
                elif cell.merge == "restart":
                    above[k] = value
                else:
                    above.pop(k, None)
                if code == "tt":
                    numbers.append((clean(value), stack[-1][1] if stack else None))
                    continue
                if not value:
                    continue
                if code in ("chu_tri", "phoi_hop"):
                    task[code] = self.agencies(value, cell)
                else:
                    task[code] = value
            if not task.get("noi_dung"):
                self.w(f"bảng {table.index + 1}, dòng {row.index}", "dòng không có nội dung nhiệm vụ; bỏ qua")
                if numbers:
                    numbers.pop()
                continue
            parent = stack[-1][1] if stack else root
            parent["nhiem_vu"].append(task)
        self._ids(root, label)
        out: dict = {"ten": "", "cot": cot}
        if merged:
            out["gop_o"] = [c for c in codes if c in merged]
        typed = [n for n, _ in numbers if n]
        if typed and all(_SO_CHAM.fullmatch(n) for n in typed):
            out["so_thu_tu"] = "so_cham"  # "1.", "2.": the reissued table numbers its tasks so
        numbers = [(n.removesuffix("."), g) for n, g in numbers]
        if _continuous(numbers):
            out["danh_so_lien_tuc"] = True
        _prune(root)
        if root["nhom"]:
            out["nhom"] = root["nhom"]
        if root["nhiem_vu"]:
            out["nhiem_vu"] = root["nhiem_vu"]
        if not root["nhom"] and not root["nhiem_vu"]:
            self.w(f"bảng {tables[0].index + 1}", "bảng phụ lục không có dòng nhiệm vụ nào; bỏ qua")
            return None
        return out

    def _group(self, row: Row, g: list[Cell], codes: list[str | None]) -> tuple[str, str, str] | None:
        """(label, title, numbering) of a group row, or None for a task row."""
        try:
            k_nd = codes.index("noi_dung")
        except ValueError:
            return None
        k_tt = codes.index("tt") if "tt" in codes else None
        nd = g[k_nd] if k_nd < len(g) else None
        if nd is None:
            return None
        spanning = nd.span > 1 or (k_tt is not None and g[k_tt] is nd)
        tt = clean(g[k_tt].marked) if k_tt is not None and g[k_tt] is not nd else ""
        others = [c for k, c in enumerate(g) if k not in (k_nd, k_tt) and c is not nd and c.marked.strip()
                  and c.merge != "continue"]
        title = clean(nd.marked.replace("\n", " "))
        label = tt
        if not label:
            m = _GROUP_PREFIX.match(title)
            if m and (spanning or not others):
                label, title = m.group("n"), m.group("rest")
        if label:
            if re.fullmatch(r"[0-9]{1,2}", label):
                return None  # a numbered row is a task
            if _ROMAN.fullmatch(label) and not (len(label) == 1 and (label in "LC" or self._letter_context(label))):
                kind = "la_ma"
            elif re.fullmatch(r"[A-ZĐ]", label):
                kind = "chu_cai"
            else:
                return None
        elif spanning or (title.startswith("Nhóm") and nd.bold and not others):
            kind = "khong"
        else:
            return None
        if others and not spanning:
            return None
        if kind == "chu_cai":
            self.last_letter = label
        elif kind == "la_ma":
            self.last_letter = None
        return label, title, kind

    last_letter: str | None = None

    def _letter_context(self, label: str) -> bool:
        """Whether a one-letter label that is also a Roman numeral ("C", "D", "I", "V") is the next
        letter after the last lettered group."""
        from ..text.danh_so import VIETNAMESE_LETTERS

        letters = [x.upper() for x in VIETNAMESE_LETTERS]
        if label not in "IVXLCDM":
            return True
        if self.last_letter and self.last_letter in letters:
            i = letters.index(self.last_letter)
            return i + 1 < len(letters) and letters[i + 1] == label
        return False

    def agencies(self, value: str, cell: Cell) -> list[str]:
        parts: list[str] = []
        for line in value.split("\n"):
            line = line.strip().lstrip("-–+•").strip()
            for piece in line.split(";"):
                piece = " ".join(piece.split()).strip(" ,.")
                if piece:
                    parts.append(piece)
        for piece in parts:
            subs = [x.strip() for x in piece.split(",")]
            if len(subs) > 1 and all(x.startswith(_HEADS) and len(x.split()) >= 2 for x in subs) \
                    and piece not in self.said:
                self.said.add(piece)
                self.w(cell.place.text, f"“{_short(piece)}” có vẻ gồm {len(subs)} cơ quan cách nhau bằng dấu phẩy; giữ "
                                   "là một tên, nếu là các cơ quan riêng thì tách bằng dấu “;” trong tệp YAML")
        return parts

    # ---- ids -----------------------------------------------------------------------------------
    def _ids(self, root: dict, label: str) -> None:
        base = self.prefix + (f"-{label}" if label else "")

        def walk(node: dict, path: str) -> None:
            for n, t in enumerate(node["nhiem_vu"], start=1):
                tid = f"{base}{'-' + path if path else ''}-{n:02d}"
                k = 2
                while tid in self.ids:
                    tid = f"{base}{'-' + path if path else ''}-{n:02d}-{k}"
                    k += 1
                self.ids.add(tid)
                t_items = list(t.items())
                t.clear()
                t["id"] = tid
                t.update(t_items)
            counts: dict[str, int] = {}
            for g in node["nhom"]:
                counts[g["danh_so"]] = counts.get(g["danh_so"], 0) + 1
                n = counts[g["danh_so"]]
                part = _ascii(danh_so.label(g["danh_so"], n)) if g["danh_so"] != "khong" else str(n)
                sep = "" if path and path[-1].isalpha() and part[0].isalpha() else ("-" if path else "")
                walk(g, path + sep + part)

        walk(root, "")


def _prune(node: dict) -> None:
    for g in node.get("nhom", []):
        _prune(g)
    node["nhom"] = [g for g in node.get("nhom", []) if g["nhom"] or g["nhiem_vu"]]
    for g in node["nhom"]:
        if not g["nhom"]:
            del g["nhom"]
        if not g["nhiem_vu"]:
            del g["nhiem_vu"]


def _continuous(numbers: list[tuple[str, dict | None]]) -> bool:
    """Task numbers running on across groups (1, 2 | 3, 4) rather than restarting."""
    groups = []
    for n, g in numbers:
        if not n.isdigit():
            return False
        if not groups or groups[-1][0] is not g:
            groups.append([g, []])
        groups[-1][1].append(int(n))
    return len(groups) > 1 and groups[1][1][:1] not in ([1], []) and groups[1][1][0] == groups[0][1][-1] + 1


def _short(t: str, n: int = 50) -> str:
    return t if len(t) <= n else t[:n - 1] + "…"


def doc_phu_luc_bang(tables: list[Table], label: str, prefix: str, file: str, warn: list[Problem],
                     taken: set[str] | None = None) -> dict | None:
    """The fields of one ``PhuLuc`` from its tables (``ten`` left for the caller)."""
    a = _Annex(file, warn, prefix)
    if taken is not None:
        a.ids = taken
    return a.read(tables, label)
