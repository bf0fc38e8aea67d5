"""Signature fields of a PDF, with pypdf (which joins the PDF's pages anyway; pyHanko costs more
than half a second to import and is needed only to sign or verify):

- ``them_o_ky``: the two empty fields of a document being written, the signer's in the signing
  space and the agency's over the left third of it (``layout.ky_so``);
- ``cac_o_ky``: the signature fields of any PDF, with their places, for signing and checking.
"""

from __future__ import annotations

import io

from ..layout.ky_so import O_CO_QUAN, O_NGUOI_KY, ViTriKy, o_co_quan, o_nguoi_ky

TEN_HIEN = {O_NGUOI_KY: "Chữ ký số của người có thẩm quyền", O_CO_QUAN: "Chữ ký số của cơ quan (dấu)"}
IN_DUOC_KHOA = 4 | 128  # annotation flags: Print (PDF/A asks it) and Locked


def them_o_ky(writer, vi_tri: ViTriKy) -> None:
    """Add to ``writer`` (a pypdf PdfWriter) the two empty signature fields of the signing space
    ``vi_tri``: printable widgets with an empty appearance (PDF/A asks for one), listed in the
    document's form. The document states no signature yet (no SigFlags)."""
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    page = writer.pages[vi_tri.trang]
    form = writer.root_object.get("/AcroForm")
    if form is None:
        form = DictionaryObject({NameObject("/Fields"): ArrayObject()})
        writer.root_object[NameObject("/AcroForm")] = writer._add_object(form)  # noqa: SLF001 (pypdf's only way to add an object)
    form = form.get_object()
    nguoi_ky = o_nguoi_ky(vi_tri.vung)
    for name, box in ((O_NGUOI_KY, nguoi_ky), (O_CO_QUAN, o_co_quan(nguoi_ky))):
        look = DecodedStreamObject()
        look.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject([FloatObject(0), FloatObject(0),
                                                      FloatObject(box[2] - box[0]), FloatObject(box[3] - box[1])])})
        look.set_data(b"")
        widget = writer.add_annotation(page, {
            "/Type": "/Annot", "/Subtype": "/Widget", "/FT": "/Sig", "/T": TextStringObject(name),
            "/TU": TextStringObject(TEN_HIEN[name]), "/Rect": ArrayObject(FloatObject(v) for v in box),
            "/F": NumberObject(IN_DUOC_KHOA),
            "/AP": DictionaryObject({NameObject("/N"): writer._add_object(look)}),  # noqa: SLF001
        })
        form["/Fields"].append(widget.indirect_reference)


def cac_o_ky(data: bytes) -> dict[str, dict]:
    """The signature fields of the PDF ``data`` that have a widget on a page: name ->
    {"rect" (normalised), "page" (0-based), "signed", "ap" (its appearance dictionary), "size"
    (the page's width and height, points)}."""
    from pypdf import PdfReader

    r = PdfReader(io.BytesIO(data), strict=False)
    out = {}
    for number, page in enumerate(r.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/Subtype") != "/Widget":
                continue
            field = a if "/T" in a else a.get("/Parent", a).get_object()
            if field.get("/FT") != "/Sig":
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            box = page.mediabox
            out[str(field["/T"])] = {"rect": (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), "page": number,
                                     "signed": "/V" in field, "ap": a.get("/AP"),
                                     "size": (float(box.width), float(box.height))}
    return out
