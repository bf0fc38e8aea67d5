"""Check stage: the ND30 checker for any .docx (ours and everyone else's).

``kiem_tra(path)`` reads the file into ``DocModel`` (effective properties resolved through
styles and defaults), runs every rule module, and returns the findings in document order.
``doc_van_ban(path)`` returns what the same reader found (header values, title, body, footnotes,
signer block, Nơi nhận, annexes with their tables) as a ``VanBanDoc`` (see ``reader``).
"""

from .findings import Finding, LOI, CANH_BAO
from .runner import kiem_tra, DocxReadError
from .reader import VanBanDoc, doc_van_ban

__all__ = ["CANH_BAO", "DocxReadError", "Finding", "LOI", "VanBanDoc", "doc_van_ban", "kiem_tra"]
