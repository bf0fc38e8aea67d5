"""The thin layer that owns the raw WordprocessingML this project writes.

Everything above this package speaks in paragraphs, runs, rules, tables and sections; only
these modules know element names, attribute units and the schema's child order. ``sheet`` reads
the little of a filled return's SpreadsheetML that openpyxl does not give (formulas without a saved
value, ``_xHHHH_`` escapes). ``sheet_rows`` writes the rows of the consolidated workbook's large sheets as
SpreadsheetML text into a workbook openpyxl writes (openpyxl's cell objects were most of its time).
"""

from .xml import NS_W, Raw, esc, run, paragraph, footnote_ref_run

__all__ = ["NS_W", "Raw", "esc", "footnote_ref_run", "paragraph", "run"]
