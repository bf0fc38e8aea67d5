"""Footnotes: references in the text, notes in the footnotes part."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from .xml import NS_W, footnote_ref_run

W = f"{{{NS_W}}}"

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# The part Word writes for a document without notes: the separator line above the notes and
# the one continuing them on the next page (ids -1 and 0; notes are numbered from 1).
EMPTY_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{NS_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')


def footnotes_part(document, create: bool = False):
    """The footnotes part of a python-docx Document; with ``create``, a new empty one (separators
    only) when the document has none, as a template saved by LibreOffice without notes."""
    part = next((p for p in document.part.package.iter_parts() if p.content_type == FOOTNOTES_CT), None)
    if part is not None or not create:
        return part
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from docx.oxml import parse_xml

    taken = {str(p.partname) for p in document.part.package.iter_parts()}
    name, k = "/word/footnotes.xml", 1
    while name in taken:
        k += 1
        name = f"/word/footnotes{k}.xml"
    part = XmlPart(PackURI(name), FOOTNOTES_CT, parse_xml(EMPTY_FOOTNOTES), document.part.package)
    document.part.relate_to(part, FOOTNOTES_RT)
    return part


def _element(part):
    element = getattr(part, "_element", None)
    return element if element is not None else etree.fromstring(part.blob)


def next_free_id(document) -> int:
    """The first note id after those the document's footnotes part already holds (from 1)."""
    part = footnotes_part(document)
    if part is None:
        return 1
    ids = [int(n.get(f"{W}id")) for n in _element(part).iter(f"{W}footnote")
           if (n.get(f"{W}id") or "").lstrip("-").isdigit()]
    return max([0, *ids]) + 1


class FootnoteCollector:
    """Hands out footnote ids while the document is prepared; writes the notes afterwards."""

    def __init__(self, first_id: int = 1, styles: Mapping[str, str] | None = None):
        """``styles``: the template's style ids by key ("FootnoteText", "FootnoteReference"),
        looked up when a note is made; without it the keys are the ids."""
        self._next = first_id
        self.notes: list[tuple[int, str]] = []  # (id, runs xml)
        self.styles = styles

    def _style(self, key: str) -> str:
        return key if self.styles is None else self.styles[key]

    def reference(self, runs_xml: str) -> str:
        """A new note holding ``runs_xml``; returns the reference run that goes in the text."""
        self._style("FootnoteText")  # both styles are looked up now: a missing one fails here
        return footnote_ref_run(self.add(runs_xml), self._style("FootnoteReference"))

    def add(self, runs_xml: str) -> int:
        nid = self._next
        self._next += 1
        self.notes.append((nid, runs_xml))
        return nid

    def write_into(self, document) -> None:
        """Append the collected notes to the footnotes part of a python-docx Document."""
        if not self.notes:
            return
        self._number_in_document_order(document.element)
        part = footnotes_part(document, create=True)
        element = _element(part)
        for nid, runs_xml in self.notes:
            note = etree.fromstring(self.notes_xml_one(nid, runs_xml))
            element.append(note)
        if not hasattr(part, "_element"):
            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _number_in_document_order(self, root) -> None:
        """Give the collected notes ids in the order their marks appear in the text. The parts of a
        document are prepared in any order (an annex's notes may be made before the body's), while
        Word and LibreOffice number and match notes by id; a note made before an earlier mark would
        otherwise show under the wrong mark. Notes the template brought keep their ids (ours start
        after them)."""
        ours = {nid for nid, _ in self.notes}
        first = min(ours)
        refs = [r for r in root.iter(f"{W}footnoteReference") if _int(r.get(f"{W}id")) in ours]
        new: dict[int, int] = {}
        for r in refs:
            new.setdefault(_int(r.get(f"{W}id")), first + len(new))
        for nid, _ in self.notes:  # a note whose mark is not in the body keeps its place after
            new.setdefault(nid, first + len(new))
        for r in refs:
            r.set(f"{W}id", str(new[_int(r.get(f"{W}id"))]))
        self.notes = sorted((new[nid], runs) for nid, runs in self.notes)

    def notes_xml_one(self, nid: int, runs_xml: str) -> str:
        return (f'<w:footnote xmlns:w="{NS_W}" w:id="{nid}"><w:p><w:pPr>'
                f'<w:pStyle w:val="{self._style("FootnoteText")}"/></w:pPr>'
                f'<w:r><w:rPr><w:rStyle w:val="{self._style("FootnoteReference")}"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml}</w:p></w:footnote>')


def _int(value: str | None) -> int | None:
    return int(value) if value and value.lstrip("-").isdigit() else None
