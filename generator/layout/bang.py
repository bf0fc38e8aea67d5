"""The rules of an annex table that every writer (.docx, PDF, .xlsx) follows, written once.

A table is rows (``TableData``): a group row is a tuple ``(label, title)``, a task row the texts
of its cells in column order. What the writers share:

- which cells are merged down (``vertical_merges``) and how many rows each spans (``rowspans``);
- which columns are centred (``CENTRED_COLUMNS``, by column code);
- whether a group's label sits in the first column (``cot_nhan``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model.van_ban_di import DongBang

TableData = Sequence[DongBang]

# The plan's columns shown centred: numbers, timelines, dates, amounts.
CENTRED_COLUMNS = frozenset({"tt", "tien_do", "thoi_gian", "kinh_phi"})


def is_group(row) -> bool:
    return isinstance(row, tuple) and len(row) == 2 and not isinstance(row, list)


def cot_nhan(n_columns: int, first_is_number: bool) -> bool:
    """Does a group's label ("I", "A") sit in the first column, its title spanning the others?
    Yes when the table has more than one column and the first is the number (TT) column;
    otherwise "label. title" spans the whole row."""
    return n_columns > 1 and first_is_number


def vertical_merges(rows: TableData, columns: Iterable[int]) -> list[dict[int, str]]:
    """For each row, the cells of ``columns`` merged with the cell above: runs of identical,
    non-empty consecutive cells ("restart" on the first, "continue" below); a group row ends a run."""
    merges: list[dict[int, str]] = [{} for _ in rows]
    for col in columns:
        start: int | None = None
        for i, row in enumerate(rows):
            if is_group(row):
                start = None
                continue
            value = row[col] if col < len(row) else ""
            if start is not None and value and value == rows[start][col]:
                merges[start].setdefault(col, "restart")
                merges[i][col] = "continue"
            else:
                start = i
    return merges


def rowspans(merges: Sequence[dict], columns: Iterable) -> dict:
    """(row, column) -> rowspan of each merged cell: a "restart" cell spans the "continue" cells
    below it (``merges``: per row, column -> "restart" | "continue")."""
    spans: dict = {}
    for col in columns:
        start = None
        for i, m in enumerate(merges):
            state = m.get(col)
            if state == "restart":
                start = i
                spans[(i, col)] = 1
            elif state == "continue" and start is not None:
                spans[(start, col)] += 1
            else:
                start = None
    return spans
