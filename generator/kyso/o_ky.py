"""The empty signature fields of a PDF: the signer's in the signing space, the agency's over
the left third of it (``layout.ky_so``), added as an incremental update by pyHanko."""

from __future__ import annotations

import io

from ..layout.ky_so import O_CO_QUAN, O_NGUOI_KY, ViTriKy, o_co_quan, o_nguoi_ky

TEN_HIEN = {O_NGUOI_KY: "Chữ ký số của người có thẩm quyền", O_CO_QUAN: "Chữ ký số của cơ quan (dấu)"}


def them_o_ky(data: bytes, vi_tri: ViTriKy) -> bytes:
    """``data`` (a PDF) with the two empty signature fields of its signing space ``vi_tri``.
    The fields print (PDF/A asks it) and have an empty appearance until signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    nguoi_ky = o_nguoi_ky(vi_tri.vung)
    for name, box in ((O_NGUOI_KY, nguoi_ky), (O_CO_QUAN, o_co_quan(nguoi_ky))):
        append_signature_field(writer, SigFieldSpec(
            sig_field_name=name, on_page=vi_tri.trang, box=box,
            readable_field_name=TEN_HIEN[name]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
