"""What ``nhap`` needs of a hand-made .docx beyond the checker's reader (``vanban.check.model``).

The reader gives the paragraphs in document order with their effective properties, the tables
and the sections. Importing also needs, and this adapter adds on top of the same elements:

- each paragraph's text with the project's inline marks (``**bold**``, ``*italic*``, ``~sub~``,
  ``^sup^``, footnotes ``^[…]``) so the plan keeps them;
- the labels Word draws for automatic numbering (``w:numPr``), as the reader sees text only;
- the tables as a grid: horizontal spans, vertical merges (a merged value applies to each row),
  repeated header rows;
- page breaks typed in the text (an annex after a plain page break).

It reads only: the package was checked and every part parsed by the reader first.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import safety
from ..check.model import MC_FALLBACK, SPAN, W, DocModel, Para, num
from ..text import danh_so
from ..text.than_van import escape_inline

_LIMITS = safety.Limits(max_bytes=50 * safety.MB, max_unpacked=300 * safety.MB, max_member=64 * safety.MB)
_TEXTBOX = f"{W}txbxContent"


def _inside_other(r, p) -> bool:
    """A run of a nested text box or a compatibility fallback, not of paragraph ``p`` itself."""
    for a in r.iterancestors():
        if a is p:
            return False
        if a.tag in (_TEXTBOX, MC_FALLBACK):
            return True
    return False


@dataclass
class Cell:
    text: str  # marked text, paragraphs joined by "\n"
    span: int = 1
    merge: str | None = None  # "restart" | "continue" (vertical merge)
    place: str = ""
    bold: bool = False


@dataclass
class Row:
    cells: list[Cell]
    header: bool = False  # repeated on each page (w:tblHeader)
    index: int = 0  # 1-based row in the table

    def grid(self) -> list[Cell]:
        """One entry per grid column: a spanning cell fills each column it covers."""
        out: list[Cell] = []
        for c in self.cells:
            out.extend([c] * max(1, c.span))
        return out


@dataclass
class Table:
    index: int  # 0-based, as the reader counts tables
    rows: list[Row] = field(default_factory=list)
    first_para: int = 0  # order of the table's first paragraph


class HandDoc:
    """A .docx as ``nhap`` reads it: the checker's model and what the adapter adds."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.doc = DocModel(self.path)
        self.paragraphs: list[Para] = self.doc.paragraphs
        self.footnotes: dict[str, list] = {}
        self.numbering = None
        self._parts()
        self._counters: dict = {}
        self.labels: dict[int, tuple[str, str]] = {}  # para order -> (label, numFmt)
        self._number_all()
        self.tables = [self._table(i, t) for i, t in enumerate(self.doc.tables)]

    # ---- parts the reader does not keep ------------------------------------------------------
    def _parts(self) -> None:
        wanted = {kind: target for rid, kind in self.doc.rel_types.items()
                  if kind in ("footnotes", "numbering") and (target := self.doc.rels.get(rid))}
        if not wanted:
            return
        with zipfile.ZipFile(self.path) as z:
            names = set(z.namelist())
            for kind, target in wanted.items():
                name = target.lstrip("/") if target.startswith("/") else f"word/{target}"
                if name not in names:
                    continue
                root = etree.fromstring(safety.read_member(z, name, _LIMITS), safety.safe_parser())
                if kind == "footnotes":
                    for note in root.findall(f"{W}footnote"):
                        if note.get(f"{W}type") in (None, "normal"):
                            self.footnotes[note.get(f"{W}id") or ""] = note.findall(f".//{W}p")
                else:
                    self.numbering = root

    # ---- inline text -------------------------------------------------------------------------
    def marked(self, p: Para, drop_bold: bool = False, drop_italic: bool = False) -> str:
        """The paragraph's text with inline marks; ``drop_bold``/``drop_italic``: the paragraph's
        own emphasis (a heading) is not marked. Tabs and line breaks become spaces in running text
        (the callers split header and signature lines themselves from ``Para.text``)."""
        if getattr(p, "column", None) is not None or getattr(p, "line", None) is not None:
            return self._marked_parts(p, drop_bold, drop_italic)
        return self._marked_runs(p.el, drop_bold, drop_italic)

    def _marked_parts(self, p: Para, drop_bold: bool, drop_italic: bool) -> str:
        """A part of a paragraph the reader cut at a tab stop or a line break: its own runs."""
        runs = [r for r in p.runs if getattr(r, "kind", "text") != "number"]
        visible = [r for r in runs if r.text.strip()]
        all_bold = bool(visible) and all(r.props.bold for r in visible)
        all_italic = bool(visible) and all(r.props.italic for r in visible)
        out = []
        for r in runs:
            b = bool(r.props.bold) and not (drop_bold and all_bold)
            i = bool(r.props.italic) and not (drop_italic and all_italic)
            vert = {"superscript": "superscript", "subscript": "subscript"}.get(r.props.vert or "")
            out.append(_mark(r.text, b, i, vert) if r.text.strip() else r.text)
        return "".join(out)

    def _run_props(self, el):
        """(bold, italic, vert) of a run element, resolved as the reader resolves them."""
        from ..check.model import read_rpr

        p = next((a for a in el.iterancestors(f"{W}p")), None)
        ppr_el = p.find(f"{W}pPr") if p is not None else None
        ps = ppr_el.find(f"{W}pStyle") if ppr_el is not None else None
        sid = ps.get(f"{W}val") if ps is not None else self.doc.default_para_style
        props = self.doc.default_r.merged(self.doc.style_props(sid)[1])
        rpr = el.find(f"{W}rPr")
        if rpr is not None:
            rs = rpr.find(f"{W}rStyle")
            if rs is not None:
                props = props.merged(self.doc.style_props(rs.get(f"{W}val"))[1])
            props = props.merged(read_rpr(rpr))
        return bool(props.bold), bool(props.italic), props.vert

    def _marked_runs(self, p_el, drop_bold: bool, drop_italic: bool) -> str:
        pieces: list[tuple[str, bool, bool, str | None]] = []  # text, bold, italic, vert ("note" for a note)
        for r in p_el.iter(f"{W}r"):
            if _inside_other(r, p_el):
                continue
            bold, italic, vert = self._run_props(r)
            for child in r:
                tag = etree.QName(child).localname
                if tag == "t":
                    pieces.append((child.text or "", bold, italic, vert))
                elif tag in ("tab", "br", "cr"):
                    if tag == "br" and child.get(f"{W}type") == "page":
                        continue
                    pieces.append(("\n" if tag != "tab" else "\t", bold, italic, vert))
                elif tag == "footnoteReference":
                    pieces.append((self._note(child.get(f"{W}id") or ""), False, False, "note"))
                elif tag == "noBreakHyphen":
                    pieces.append(("-", bold, italic, vert))
        visible = [x for x in pieces if x[3] != "note" and x[0].strip()]
        all_bold = bool(visible) and all(x[1] for x in visible)
        all_italic = bool(visible) and all(x[2] for x in visible)
        groups: list[list] = []  # consecutive pieces of the same look, marked once
        for text, bold, italic, vert in pieces:
            if vert != "note":
                bold = bold and not (drop_bold and all_bold)
                italic = italic and not (drop_italic and all_italic)
                if text in ("\n", "\t") or not text.strip():
                    bold = italic = False  # spaces and breaks carry no emphasis
                    vert = None
            key = (bold, italic, vert)
            if groups and groups[-1][1] == key and vert != "note":
                groups[-1][0] += text
            else:
                groups.append([text, key])
        return "".join(text if key[2] == "note" else _mark(text, *key) for text, key in groups)

    def _note(self, note_id: str) -> str:
        paras = self.footnotes.get(note_id)
        if not paras:
            return ""
        texts = []
        for q in paras:
            t = self._marked_runs(q, False, False).strip()
            if t:
                texts.append(t)
        body = " ".join(texts)
        # a note's text cannot hold another note or unbalanced brackets: those stay literal
        return f"^[{body}]" if body else ""

    # ---- automatic numbering -----------------------------------------------------------------
    def _num_pr(self, p: Para) -> tuple[str, int] | None:
        ppr = p.el.find(f"{W}pPr")
        npr = ppr.find(f"{W}numPr") if ppr is not None else None
        if npr is None:
            for st in reversed(self.doc.style_chain(p.style_id)):
                npr = st.find(f"{W}pPr/{W}numPr")
                if npr is not None:
                    break
        if npr is None:
            return None
        nid = npr.find(f"{W}numId")
        lvl = npr.find(f"{W}ilvl")
        if nid is None or nid.get(f"{W}val") in (None, "0"):
            return None
        try:
            level = int(lvl.get(f"{W}val")) if lvl is not None else 0
        except (TypeError, ValueError):
            level = 0
        return nid.get(f"{W}val"), max(0, min(level, 8))

    def _level_def(self, num_id: str, level: int):
        if self.numbering is None:
            return None
        n = next((x for x in self.numbering.findall(f"{W}num") if x.get(f"{W}numId") == num_id), None)
        if n is None:
            return None
        for ov in n.findall(f"{W}lvlOverride"):
            if ov.get(f"{W}ilvl") == str(level) and ov.find(f"{W}lvl") is not None:
                return ov.find(f"{W}lvl")
        an = n.find(f"{W}abstractNumId")
        aid = an.get(f"{W}val") if an is not None else None
        a = next((x for x in self.numbering.findall(f"{W}abstractNum") if x.get(f"{W}abstractNumId") == aid), None)
        if a is None:
            return None
        return next((x for x in a.findall(f"{W}lvl") if x.get(f"{W}ilvl") == str(level)), None)

    def _number_all(self) -> None:
        counters: dict[str, list[int]] = {}
        for p in self.paragraphs:
            if p.in_textbox:
                continue
            pr = self._num_pr(p)
            if pr is None:
                continue
            num_id, level = pr
            lvl = self._level_def(num_id, level)
            if lvl is None:
                continue
            fmt_el, text_el, start_el = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText"), lvl.find(f"{W}start")
            fmt = fmt_el.get(f"{W}val") if fmt_el is not None else "decimal"
            pattern = text_el.get(f"{W}val") if text_el is not None else ""
            try:
                start = int(start_el.get(f"{W}val")) if start_el is not None else 1
            except (TypeError, ValueError):
                start = 1
            c = counters.setdefault(num_id, [0] * 9)
            c[level] = c[level] + 1 if c[level] else start
            for k in range(level + 1, 9):
                c[k] = 0
            if fmt == "bullet":
                self.labels[p.order] = ("-", fmt)
                continue
            if fmt == "none":
                continue

            def value(m, c=c, fmt=fmt, level=level):
                k = int(m.group(1)) - 1
                n = c[k] or 1
                f = fmt if k == level else "decimal"
                return _format(n, f)

            self.labels[p.order] = (re.sub(r"%([1-9])", value, pattern).strip(), fmt)

    # ---- tables ------------------------------------------------------------------------------
    def _table(self, index: int, tbl) -> Table:
        first = next((p.order for p in self.paragraphs if p.table == index), 0)
        t = Table(index, first_para=first)
        for ri, tr in enumerate(tbl.findall(f"{W}tr"), start=1):
            trpr = tr.find(f"{W}trPr")
            header = trpr is not None and trpr.find(f"{W}tblHeader") is not None \
                and trpr.find(f"{W}tblHeader").get(f"{W}val") not in ("0", "false", "off")
            cells = []
            for ci, tc in enumerate(tr.findall(f"{W}tc"), start=1):
                tcpr = tc.find(f"{W}tcPr")
                span = num(tcpr.find(f"{W}gridSpan"), "val", SPAN) if tcpr is not None else None
                vm = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                merge = None if vm is None else ("restart" if vm.get(f"{W}val") == "restart" else "continue")
                paras = [q for q in tc.iter(f"{W}p")]
                texts = [self._marked_runs(q, True, False).replace("\t", " ").strip() for q in paras]
                bolds = [self._all_bold(q) for q in paras]
                text = "\n".join(x for x in texts if x)
                cells.append(Cell(text, span or 1, merge, f"bảng {index + 1}, dòng {ri}, ô {ci}",
                                  bold=any(bolds) and all(b for b, x in zip(bolds, texts) if x)))
            t.rows.append(Row(cells, header, ri))
        return t

    def _all_bold(self, q) -> bool:
        runs = [r for r in q.iter(f"{W}r") if "".join(x.text or "" for x in r.iter(f"{W}t")).strip()]
        return bool(runs) and all(self._run_props(r)[0] for r in runs)

    # ---- breaks ------------------------------------------------------------------------------
    def page_break(self, p: Para) -> bool:
        """A page break typed in or before the paragraph (not a section break)."""
        if p.ppr.page_break_before:
            return True
        return any(br.get(f"{W}type") == "page" for br in p.el.iter(f"{W}br"))


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return danh_so.roman(n)
    if fmt == "lowerRoman":
        return danh_so.roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        # Word letters a, b, c, d, e…; the decree's points follow the Vietnamese alphabet
        s = danh_so.letter(n) if n <= len(danh_so.VIETNAMESE_LETTERS) else str(n)
        return s.upper() if fmt == "upperLetter" else s
    return str(n)


def _mark(text: str, bold: bool, italic: bool, vert: str | None) -> str:
    if not text:
        return ""
    s = escape_inline(text)
    core = s.strip()
    if not core:
        return s
    lead, trail = s[:len(s) - len(s.lstrip())], s[len(s.rstrip()):]
    if vert in ("superscript", "subscript") and " " not in core:
        mark = "^" if vert == "superscript" else "~"
        core = f"{mark}{core}{mark}"
    if italic and not bold:  # "***x***" cannot be read back: bold wins
        core = f"*{core}*"
    if bold:
        core = f"**{core}**"
    return lead + core + trail
