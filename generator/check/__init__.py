"""Check stage: the ND30 checker for any .docx (ours and everyone else's).

``kiem_tra(path)`` reads the file into ``DocModel`` (effective properties resolved through
styles and defaults), runs every rule module, and returns the findings in document order.
"""

from .findings import Finding, LOI, CANH_BAO
from .runner import kiem_tra, DocxReadError

__all__ = ["CANH_BAO", "DocxReadError", "Finding", "LOI", "kiem_tra"]
