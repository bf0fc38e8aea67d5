"""WordprocessingML fragments as strings: runs and paragraphs, in schema order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..text.so_ngay import so_hieu_trong_cau

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: str) -> str:
    """Escape text for XML content; drop characters XML 1.0 cannot hold; NFC-normalise."""
    text = unicodedata.normalize("NFC", _INVALID.sub("", text))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


class Raw(str):
    """Ready-made WordprocessingML. Jinja's autoescape leaves it as it is (``__html__``);
    it is inserted in a template with ``{{p name }}`` in place of a whole paragraph."""

    def __html__(self) -> str:
        return str(self)


def rpr(bold: bool | None = None, italic: bool | None = None, size: float | None = None,
        vert: str | None = None, style: str | None = None, caps: bool = False) -> str:
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if bold is not None:
        parts.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    if italic is not None:
        parts.append("<w:i/><w:iCs/>" if italic else '<w:i w:val="0"/><w:iCs w:val="0"/>')
    if caps:
        parts.append("<w:caps/>")
    if size is not None:
        hp = round(size * 2)
        parts.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if vert in ("sub", "sup"):
        parts.append(f'<w:vertAlign w:val="{"subscript" if vert == "sub" else "superscript"}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _text(piece: str) -> str:
    """``<w:t>`` of one line; a hyphen inside a cited số and ký hiệu ("132/KH-UBND") is Word's
    non-breaking hyphen, so that no line breaks inside the reference."""
    out, at = [], 0
    for start, end in so_hieu_trong_cau(piece):
        out.append(f'<w:t xml:space="preserve">{esc(piece[at:start])}</w:t>')
        out.append("<w:noBreakHyphen/>".join(f'<w:t xml:space="preserve">{esc(part)}</w:t>'
                                              for part in piece[start:end].split("-")))
        at = end
    out.append(f'<w:t xml:space="preserve">{esc(piece[at:])}</w:t>')
    return "".join(x for x in out if x != '<w:t xml:space="preserve"></w:t>') or '<w:t xml:space="preserve"></w:t>'


def run(text: str, **props) -> str:
    """One run; line breaks in ``text`` become ``<w:br/>``; cited references never break."""
    pieces = text.split("\n")
    body = "<w:br/>".join(_text(p) for p in pieces)
    return f"<w:r>{rpr(**props)}{body}</w:r>"


def footnote_ref_run(note_id: int, style: str = "FootnoteReference") -> str:
    return (f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


@dataclass
class ParaProps:
    style: str | None = None
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    border_bottom: bool = False  # a rule: single line under the paragraph
    spacing_before: int | None = None  # twips
    spacing_after: int | None = None
    ind_left: int | None = None  # twips
    ind_right: int | None = None
    first_line: int | None = None
    hanging: int | None = None  # twips
    jc: str | None = None  # "center", "both", "left"
    size: float | None = None  # paragraph mark size (matters for empty paragraphs)
    extra: list[str] = field(default_factory=list)

    def xml(self, sect_pr: str = "") -> str:
        p = []
        if self.style:
            p.append(f'<w:pStyle w:val="{self.style}"/>')
        if self.keep_next:
            p.append("<w:keepNext/>")
        if self.keep_lines:
            p.append("<w:keepLines/>")
        if self.page_break_before:
            p.append("<w:pageBreakBefore/>")
        if self.border_bottom:
            p.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>')
        if self.spacing_before is not None or self.spacing_after is not None:
            attrs = ""
            if self.spacing_before is not None:
                attrs += f' w:before="{self.spacing_before}"'
            if self.spacing_after is not None:
                attrs += f' w:after="{self.spacing_after}"'
            p.append(f"<w:spacing{attrs}/>")
        if self.ind_left is not None or self.ind_right is not None or self.first_line is not None or self.hanging:
            attrs = ""
            if self.ind_left is not None:
                attrs += f' w:left="{self.ind_left}"'
            if self.ind_right is not None:
                attrs += f' w:right="{self.ind_right}"'
            if self.first_line is not None:
                attrs += f' w:firstLine="{self.first_line}"'
            if self.hanging:
                attrs += f' w:hanging="{self.hanging}"'
            p.append(f"<w:ind{attrs}/>")
        if self.jc:
            p.append(f'<w:jc w:val="{self.jc}"/>')
        if self.size is not None:
            p.append(rpr(size=self.size))
        p.append(sect_pr)
        inner = "".join(p)
        return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def paragraph(runs_xml: str = "", props: ParaProps | None = None, sect_pr: str = "") -> Raw:
    props = props or ParaProps()
    return Raw(f"<w:p>{props.xml(sect_pr)}{runs_xml}</w:p>")
