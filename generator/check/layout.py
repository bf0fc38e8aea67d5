"""Lines laid out by hand, read as the parts a reader sees.

Clerks who do not use a table lay out the header and the signer block with tab stops: the agency
and the Quốc hiệu in one paragraph, the Tiêu ngữ beside the next agency line, the Số beside the
date, "Nơi nhận:" beside the signer's authority; the rules under the agency and the Tiêu ngữ are
then two line shapes in one empty paragraph, told apart only by their horizontal position. Others
type the Tiêu ngữ after a manual line break in the Quốc hiệu's paragraph.

``split`` replaces such paragraphs of ``DocModel.paragraphs`` by their parts, so that every
rule and the importer see the Quốc hiệu, the Tiêu ngữ, the Số, the date, each agency, Nơi nhận
and signer line as a paragraph of its own:

- a paragraph laid out in two columns becomes two paragraphs, ``column`` 1 (left) and 2 (right),
  placed "đoạn 4, bên trái" and "đoạn 4, bên phải"; each holds the runs and line shapes of its
  column (either may be empty) and the alignment the tab stop gives it (a centre tab stop centres
  its text). A paragraph is laid out in columns when it is not justified and text reached through
  a tab, or a line shape, stands in the right half of the text width while the paragraph also
  has something in the left half or starts with a tab; the paragraphs between two such lines
  (at most ``MAX_GAP``, none justified) are parts of the same two-column block and split too;
- a paragraph of the page's top that holds the Quốc hiệu and the Tiêu ngữ on two lines
  becomes one paragraph per line, ``line`` 1, 2 …, placed "…, dòng chữ 2".

Orders are renumbered, and the sections' first paragraphs follow.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..text import metrics

RIGHT_HALF = 0.45  # a centre or right tab stop beyond this fraction of the text width is the right column
RIGHT_START = 0.40  # text starting beyond this fraction of the text width is in the right column
MAX_GAP = 6  # paragraphs between two lines laid out in columns that still belong to the block
TOP = 60  # paragraphs of the first section where the Quốc hiệu and Tiêu ngữ lines are looked for
DEFAULT_SIZE = 10.0


@dataclass
class _Part:
    kind: str  # "start" (before any tab), "left", "center", "right", "decimal", "bar"
    stop: int
    runs: list = field(default_factory=list)
    start: float = 0.0
    column: int = 1

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    def width(self) -> float:
        return sum(metrics.width_twips(r.text, r.props.size or DEFAULT_SIZE, bool(r.props.bold), bool(r.props.italic))
                   for r in self.runs)


@dataclass
class _Columns:
    parts: list[_Part]
    shapes: dict[int, list]  # column -> shapes
    split: bool  # laid out in columns by itself


def _stops(doc, p) -> list[tuple[int, str]]:
    """Tab stops of a paragraph (position, kind): its style chain's, then its own, "clear" applied."""
    from .model import TWIPS, W, num
    stops: dict[int, str] = {}
    holders = [st.find(f"{W}pPr/{W}tabs") for st in doc.style_chain(p.style_id or doc.default_para_style)]
    holders.append(p.el.find(f"{W}pPr/{W}tabs"))
    for tabs in holders:
        if tabs is None:
            continue
        for t in tabs.findall(f"{W}tab"):
            pos = num(t, "pos", TWIPS)
            if pos is None:
                continue
            kind = t.get(f"{W}val") or "left"
            if kind == "clear":
                stops.pop(pos, None)
            else:
                stops[pos] = {"start": "left", "end": "right"}.get(kind, kind)
    return sorted(stops.items())


def _text_width(doc, p) -> int:
    if doc.sections:
        s = doc.sections[min(p.section, len(doc.sections) - 1)]
        return max(1, s.width - s.left - s.right)
    return 9355


def _columns(doc, p) -> _Columns | None:
    """How a top-level paragraph's content falls in the two columns of the text width."""
    if p.table is not None or p.in_textbox or p.ppr.jc == "both":
        return None
    if "\t" not in p.text and not p.shapes:
        return None
    width = _text_width(doc, p)
    stops = _stops(doc, p)
    default = doc.default_tab if doc.default_tab > 0 else 720
    x0 = (p.ppr.left or 0) + (p.ppr.first_line or 0)
    parts = [_Part("start", x0, start=x0)]

    def close(part: _Part) -> float:
        w = part.width()
        part.start = {"center": part.stop - w / 2, "right": part.stop - w}.get(part.kind, part.stop)
        return part.start + w

    for r in p.runs:
        pieces = r.text.split("\t")
        for k, piece in enumerate(pieces):
            if k:
                x = close(parts[-1])
                nxt = next(((pos, kind) for pos, kind in stops if pos > x + 1 and kind != "bar"), None)
                if nxt is None:
                    nxt = ((int(x) // default + 1) * default, "left")
                parts.append(_Part(nxt[1], nxt[0]))
            if piece or (r.kind == "note" and not k):
                parts[-1].runs.append(dataclasses.replace(r, text=piece))
    close(parts[-1])

    def column(part: _Part) -> int:
        if part.kind in ("center", "right", "decimal"):
            return 2 if part.stop >= RIGHT_HALF * width else 1
        return 2 if part.start >= RIGHT_START * width else 1

    for part in parts:
        part.column = column(part)
    shapes: dict[int, list] = {1: [], 2: []}
    for s in p.shapes:
        centre = None if s.x is None else s.x + (s.length or 0) / 2
        shapes[2 if centre is not None and centre >= RIGHT_HALF * width else 1].append(s)
    visible = [part for part in parts if part.text.strip()]
    right = any(part.column == 2 and part.kind != "start" for part in visible) or bool(shapes[2])
    left = any(part.column == 1 for part in visible) or bool(shapes[1]) or p.text.startswith("\t")
    split = right and left
    return _Columns(parts, shapes, split)


def _segment(p, cols: _Columns, column: int):
    from .model import Para
    parts = [part for part in cols.parts if part.column == column and part.runs]
    runs = []
    for k, part in enumerate(parts):
        if k and runs:
            runs.append(dataclasses.replace(part.runs[0], text="\t"))
        runs.extend(part.runs)
    first = next((part for part in parts if part.text.strip()), None)
    jc = {"center": "center", "right": "right"}.get(first.kind, "left") if first is not None else p.ppr.jc
    shapes = cols.shapes[column]
    left_text = any(part.text.strip() for part in cols.parts if part.column == 1)
    notes = list(p.note_refs) if (column == 1) == left_text else []  # with the column that has text
    return Para(0, f"{p.place}, {'bên trái' if column == 1 else 'bên phải'}", p.el, p.style_id,
                dataclasses.replace(p.ppr, jc=jc), runs, p.section, None, None, None, False, bool(shapes),
                list(shapes), p.number_label if column == 1 else None, notes, column,
                number_format=p.number_format if column == 1 else None)


def _is_motto_pair(text: str) -> bool:
    from .model import norm_text
    lines = [norm_text(t) for t in text.split("\n") if t.strip()]
    qh = any("CỘNG H" in t.upper() and "VIỆT NAM" in t.upper() for t in lines)
    tn = any("độc lập" in t.lower() and "hạnh phúc" in t.lower() for t in lines)
    return len(lines) > 1 and qh and tn


def _lines(p) -> list:
    from .model import Para
    pieces: list[list] = [[]]
    for r in p.runs:
        for k, piece in enumerate(r.text.split("\n")):
            if k:
                pieces.append([])
            if piece or (r.kind == "note" and not k):
                pieces[-1].append(dataclasses.replace(r, text=piece))
    out = []
    last = len(pieces)
    for k, runs in enumerate(pieces, start=1):
        ppr = dataclasses.replace(p.ppr, before=p.ppr.before if k == 1 else 0, after=p.ppr.after if k == last else 0)
        out.append(Para(0, f"{p.place}, dòng chữ {k}", p.el, p.style_id, ppr, runs, p.section, p.table, p.row, p.cell,
                        p.in_textbox, k == last and p.has_line_shape, list(p.shapes) if k == last else [],
                        p.number_label if k == 1 else None, list(p.note_refs) if k == 1 else [], p.column, k,
                        p.number_format if k == 1 else None))
    return out


def split(doc) -> None:
    """Replace the paragraphs laid out by hand in ``doc.paragraphs`` by their parts (see above)."""
    ps = doc.paragraphs
    info = {p.order: c for p in ps if (c := _columns(doc, p)) is not None}
    top = [p for p in ps if p.table is None and not p.in_textbox]
    members: set[int] = {o for o, c in info.items() if c.split}
    split_pos = [k for k, p in enumerate(top) if p.order in members]
    for a, b in zip(split_pos, split_pos[1:]):
        between = top[a + 1:b]
        if len(between) > MAX_GAP or any(q.ppr.jc == "both" for q in between):
            continue
        if any(q.table is not None for q in ps[top[a].order + 1:top[b].order]):
            continue
        members.update(q.order for q in between)
    replaced: dict[int, list] = {}
    from .model import Para
    for o in sorted(members):
        p = ps[o]
        cols = info.get(o)
        if cols is None:  # a line of the block with no tab: all of it in the left column
            cols = _Columns([_Part("start", 0, list(p.runs))], {1: list(p.shapes), 2: []}, False)
        replaced[o] = [_segment(p, cols, 1), _segment(p, cols, 2)]
    first_section = [p for p in ps if p.section == 0][:TOP]
    for p in first_section:
        if "\n" in p.text and p.order not in replaced and _is_motto_pair(p.text):
            replaced[p.order] = _lines(p)
    if not replaced:
        return
    out: list[Para] = []
    new_index: dict[int, int] = {}
    for p in ps:
        new_index[p.order] = len(out)
        out.extend(replaced.get(p.order, [p]))
    new_index[len(ps)] = len(out)
    for k, p in enumerate(out):
        p.order = k
    doc.paragraphs = out
    for s in doc.sections:
        s.first_para = new_index.get(s.first_para, len(out))
