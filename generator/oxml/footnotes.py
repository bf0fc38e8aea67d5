"""Footnotes: references in the text, notes in the footnotes part."""

from __future__ import annotations

from lxml import etree

from .xml import NS_W

FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


class FootnoteCollector:
    """Hands out footnote ids while the document is prepared; writes the notes afterwards."""

    def __init__(self, first_id: int = 1):
        self._next = first_id
        self.notes: list[tuple[int, str]] = []  # (id, runs xml)

    def add(self, runs_xml: str) -> int:
        nid = self._next
        self._next += 1
        self.notes.append((nid, runs_xml))
        return nid

    def write_into(self, document) -> None:
        """Append the collected notes to the footnotes part of a python-docx Document."""
        if not self.notes:
            return
        part = next((p for p in document.part.package.iter_parts() if p.content_type == FOOTNOTES_CT), None)
        if part is None:
            raise RuntimeError("mẫu văn bản thiếu phần chú thích (word/footnotes.xml)")
        element = getattr(part, "_element", None)
        if element is None:
            element = etree.fromstring(part.blob)
        for nid, runs_xml in self.notes:
            note = etree.fromstring(self.notes_xml_one(nid, runs_xml))
            element.append(note)
        if not hasattr(part, "_element"):
            part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)

    def notes_xml_one(self, nid: int, runs_xml: str) -> str:
        return (f'<w:footnote xmlns:w="{NS_W}" w:id="{nid}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml}</w:p></w:footnote>')
