"""Digital signatures (ký số) of the PDFs vanban writes, as Nghị định 30 places them.

- ``o_ky``: the empty signature fields every PDF carries (the signer's, the agency's), placed from
  the document's own layout (``layout.ky_so``).
- ``ky``: signing with pyHanko (PAdES baseline), from a PKCS#12 file or a PKCS#11 token, with the
  signature and seal images stamped where the decree puts them, and the agency line of ô 14 on
  attachments.
- ``xac_minh``: what a receiving văn thư checks: each signature valid and covering the document,
  the chain to the user's trust roots, the signing time, the placement rules.

pyHanko is imported here only, and only to sign or verify; the empty fields of a PDF being
written are added with pypdf, which joins its pages anyway (``o_ky``).
"""
