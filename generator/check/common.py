"""Helpers shared by the rule modules: short text, sizes and case of a paragraph's runs, names
of alignments, and the collector of a module's findings."""

from __future__ import annotations

from .findings import LOI, Finding
from .model import Para

WORD_DEFAULT_SIZE = 10.0  # Word's size when neither defaults, styles nor runs give one
PER_RULE = 3  # findings listed one by one for the same rule and requirement; the rest summarised
JC_NAME = {"center": "căn giữa", "left": "căn trái", "right": "căn phải", "both": "căn đều hai lề", None: "căn trái"}


def short(text: str, n: int = 60) -> str:
    """The text on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def run_sizes(p: Para) -> set[float]:
    """Sizes (pt) of the visible runs, superscripts and subscripts aside; Word's 10 pt when none is set."""
    runs = [r for r in p.visible_runs if r.props.vert is None] or p.visible_runs
    return {r.props.size if r.props.size is not None else WORD_DEFAULT_SIZE for r in runs}


def main_size(p: Para) -> float:
    """The paragraph's dominant size (pt), Word's 10 pt when none is set."""
    return p.size if p.size is not None else WORD_DEFAULT_SIZE


def in_range(p: Para, lo: float = 13, hi: float = 14) -> bool:
    s = run_sizes(p)
    return bool(s) and all(lo <= x <= hi for x in s)


def size_text(p: Para) -> str:
    return "/".join(f"{x:g}" for x in sorted(run_sizes(p))) + " pt"


def is_upper(p: Para, text: str | None = None, *, every_run: bool = False) -> bool:
    """Rendered in capitals: the letters of ``text`` (by default the paragraph's) are upper case,
    or the runs have w:caps: every visible run with ``every_run``, else every run with a letter."""
    t = p.text if text is None else text
    if not any(c.isalpha() for c in t):
        return False
    if t == t.upper():
        return True
    runs = p.visible_runs if every_run else [r for r in p.visible_runs if any(c.isalpha() for c in r.text)]
    return bool(runs) and all(r.props.caps for r in runs)


class Collector:
    """Findings of one rule module, in the order they are added.

    ``severity`` gives each rule's severity (LOI for a rule it does not name); ``add`` may
    override it. With ``dedupe``, a rule reports a paragraph once: the first finding is kept
    (places named in words, and paragraphs of the page header, are told apart by their text
    too). With ``per_rule``, beyond ``per_rule + 1`` findings with the same rule, message and
    severity the first ``per_rule`` are listed and the rest summarised in one finding, so a
    wholly mis-formatted document stays readable; the findings of such a group then stand
    together where its first one was added. With ``paragraphs`` (the document's), findings
    alike on consecutive paragraphs (only empty ones between them) make one finding with the
    range ("đoạn 5 … đoạn 44") before that count is made."""

    def __init__(self, severity: dict[str, str], *, dedupe: bool = False, per_rule: int | None = None,
                 paragraphs: list[Para] | None = None):
        self.severity = severity
        self.dedupe = dedupe
        self.per_rule = per_rule
        self.paragraphs = paragraphs
        self._items: list[tuple[str, str, str, str, str | None]] = []
        self._orders: list[int | None] = []
        self._seen: set = set()

    def add(self, rule: str, where: Para | str, message: str, text: str | None = None,
            severity: str | None = None) -> None:
        """A finding at a paragraph (``text`` by default its text, shortened) or at a place
        named in words (``text`` by default empty)."""
        if isinstance(where, Para):
            place = where.place
            text = short(where.text) if text is None else text
            key = (rule, place) if place != "đầu trang" else (rule, place, text)
        else:
            place = where
            text = text or ""
            key = (rule, place, text)
        if self.dedupe:
            if key in self._seen:
                return
            self._seen.add(key)
        self._items.append((rule, place, text, message, severity))
        self._orders.append(where.order if isinstance(where, Para) else None)

    def _adjacent(self, a: int, b: int) -> bool:
        """Paragraph ``b`` follows ``a`` with only empty paragraphs (or text boxes) between them."""
        if self.paragraphs is None or b <= a or b >= len(self.paragraphs):
            return False
        return all(not p.text.strip() or p.in_textbox for p in self.paragraphs[a + 1:b])

    def _ranges(self) -> list[tuple[str, str, str, str, str | None]]:
        """The items, each run of alike findings on consecutive paragraphs made one."""
        if self.paragraphs is None:
            return list(self._items)
        runs: list[list[int]] = []
        last: dict[tuple, list[int]] = {}
        for k, item in enumerate(self._items):
            key = (item[0], item[3], item[4])
            order = self._orders[k]
            run = last.get(key)
            if run is not None and order is not None and self._orders[run[-1]] is not None \
                    and self._adjacent(self._orders[run[-1]], order):
                run.append(k)
                continue
            run = [k]
            runs.append(run)
            last[key] = run
        out = []
        for run in runs:
            first = self._items[run[0]]
            if len(run) == 1:
                out.append(first)
                continue
            end = self._items[run[-1]]
            out.append((first[0], f"{first[1]} … {end[1]}", f"{first[2]} (và {len(run) - 1} đoạn liền sau)",
                        first[3], first[4]))
        return out

    def findings(self) -> list[Finding]:
        items = self._ranges()
        if self.per_rule is None:
            return [Finding(rule, sev or self.severity.get(rule, LOI), place, text, message)
                    for rule, place, text, message, sev in items]
        groups: dict[tuple, list] = {}
        for item in items:
            groups.setdefault((item[0], item[3], item[4]), []).append(item)
        out: list[Finding] = []
        for (rule, message, sev), group in groups.items():
            sev = sev or self.severity.get(rule, LOI)
            shown = group if len(group) <= self.per_rule + 1 else group[:self.per_rule]
            out.extend(Finding(rule, sev, place, text, message) for _, place, text, _, _ in shown)
            rest = group[len(shown):]
            if rest:
                out.append(Finding(rule, sev, f"{rest[0][1]} … {rest[-1][1]}", f"và {len(rest)} đoạn khác",
                                   message))
        return out
