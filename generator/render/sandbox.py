"""The one environment every template renders in: the Word templates (docxtpl) and the HTML
templates of the PDF alike.

Templates are data a user may edit, so a template is a program we did not write. Jinja's
sandbox already keeps it away from Python's internals; this module adds the rest:

- autoescape, unknown names as errors (``StrictUndefined``), and no ``{% include %}``,
  ``{% import %}``, ``{% from %}`` or ``{% extends %}`` (refused when the template is read);
- what one operation may build is bounded (``Limits.value``) and checked *before* the value is
  built: ``*``, ``**``, ``+``, ``~`` and ``%``; the str methods ``ljust``, ``rjust``, ``center``,
  ``zfill``, ``expandtabs``, ``replace``, ``join``, ``translate``, ``format``, ``format_map``;
  the filters ``center``, ``indent``, ``wordwrap``, ``format``, ``join``, ``replace``, ``batch``,
  ``slice``, ``sum`` (the other filters and str methods can only build a result about as large
  as what they are given, and that result is measured after);
- ``range`` holds at most ``Limits.range`` numbers, ``lipsum`` at most 100 paragraphs of
  1 000 words;
- a budget for the whole document: loop iterations (every ``{% for %}``, recursive ``loop()``
  calls and whatever iterates over a ``range``), characters built by operations, characters of
  output, and a wall-clock deadline.

The deadline is checked in the sandbox's own hooks (calls, attribute and item access, filters,
printed values, each loop iteration, each piece of output), so it needs no signal and works on
every OS and in any thread; since no single operation may build more than ``Limits.value``,
no step between two checks runs long.

One environment is one document's budget: make a new one (``make_env``) for each document.
Exceeding a limit raises ``LimitError`` (a Jinja ``SecurityError``) inside the template code, so
the error carries the template line; ``describe`` and ``error_place`` turn any template error into
the Vietnamese sentence and the place the render functions report.
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from string import Formatter
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (ImmutableSandboxedEnvironment, SandboxedEscapeFormatter,
                            SandboxedFormatter)
from jinja2.utils import _PassArg, generate_lorem_ipsum, pass_context
from markupsafe import Markup
from jinja2.visitor import NodeTransformer


@dataclass(frozen=True)
class Limits:
    value: int = 1_000_000  # characters or items one operation may build
    built: int = 50_000_000  # characters and items all operations of a document may build
    output: int = 50_000_000  # characters a document's templates may output
    iterations: int = 1_000_000  # loop iterations of a document
    range: int = 100_000  # numbers in one range(...)
    seconds: float = 30.0  # wall-clock time of a document's templates
    int_bits: int = 4096  # size of a number built by * or **
    lipsum_paragraphs: int = 100
    lipsum_words: int = 1000


LIMITS = Limits()


def so(n: float) -> str:
    """A number as a Vietnamese reader writes it: 1.000.000, 2,5."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(n):,}".replace(",", ".")


class LimitError(SecurityError):
    """A template went over one of its limits; the message (Vietnamese) says which and how much."""


class TagRefused(TemplateSyntaxError):
    """``{% include %}``, ``{% import %}``, ``{% from %}`` or ``{% extends %}`` in a template."""

    def __init__(self, tag: str, lineno: int, name: str | None, filename: str | None):
        self.tag = tag
        super().__init__(f"thẻ {{% {tag} %}} không được hỗ trợ", lineno, name, filename)


# ---- measuring values --------------------------------------------------------------------------

_CONTAINERS = (list, tuple, dict, set, frozenset)


def weight(value: Any, cap: int) -> int:
    """The characters and items a value holds, through nested lists, tuples and dicts, each
    shared part counted as often as it appears (as printing the value would); the count stops
    soon after ``cap``."""
    if isinstance(value, (str, bytes, _Range)):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, _Range):
            total += len(v)
            continue
        total += len(v)
        for group in (v.keys(), v.values()) if isinstance(v, dict) else (v,):
            for x in group:
                if isinstance(x, (str, bytes)):
                    total += len(x)
                elif isinstance(x, (_CONTAINERS, _Range)):
                    stack.append(x)
            if total > cap:
                return total
    return total


class Budget:
    """What the templates of one document have used so far; each method raises ``LimitError``
    when a limit is passed. The clock starts at the first check."""

    __slots__ = ("limits", "iterations", "built", "output", "deadline", "steps")

    def __init__(self, limits: Limits):
        self.limits = limits
        self.iterations = self.built = self.output = 0
        self.deadline: float | None = None
        self.steps = 0  # hooks passed; the clock is read at every 32nd (reading it costs more)

    def step(self) -> None:
        self.steps += 1
        if not self.steps & 31:
            self.check_time()

    def check_time(self) -> None:
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.limits.seconds
        elif now > self.deadline:
            raise LimitError(f"mẫu chạy quá thời gian cho phép ({so(self.limits.seconds)} giây cho cả văn bản)")

    def tick(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.iterations:
            raise LimitError(f"mẫu lặp quá nhiều lần (giới hạn {so(self.limits.iterations)} lượt lặp "
                             "cho cả văn bản)")
        self.step()

    def limit(self, size: int, what: str, inputs=()) -> None:
        """An operation (``what``, for the message) is about to build ``size`` characters or items
        from ``inputs``: at most ``Limits.value`` more than the largest of them (so ``|safe`` or
        ``~ "."`` on a large table made by the program is fine, doubling it is not)."""
        if size <= self.limits.value:
            return
        base = max((weight(v, self.limits.built) for v in inputs), default=0)
        if size - base > self.limits.value:
            raise LimitError(f"{what} tạo ra giá trị quá lớn (khoảng {so(size)} ký tự hoặc phần tử; giới hạn "
                             f"{so(self.limits.value)} cho một phép tính)")

    def build(self, size: int, what: str, inputs=()) -> None:
        """An operation (``what``) has built ``size`` characters or items from ``inputs``."""
        self.limit(size, what, inputs)
        self.built += size
        if self.built > self.limits.built:
            raise LimitError(f"các phép tính trong mẫu tạo ra quá nhiều dữ liệu (giới hạn {so(self.limits.built)} "
                             "ký tự cho cả văn bản)")
        self.check_time()

    def printable(self, value: Any, what: str) -> None:
        """``value`` is about to be turned into text (printed, joined, formatted): a list holding
        the same large list ten times, ten times over, is small in memory and huge as text."""
        if isinstance(value, _CONTAINERS):
            if weight(value, self.limits.built) > self.limits.built:
                raise LimitError(f"{what} quá lớn để in ra (giới hạn {so(self.limits.built)} ký tự hoặc phần tử)")

    def emit(self, size: int) -> None:
        """``size`` more characters of output."""
        self.output += size
        if self.output > self.limits.output:
            raise LimitError(f"mẫu tạo ra văn bản quá lớn (giới hạn {so(self.limits.output)} ký tự cho cả văn bản)")


class _Counted:
    """An iterable whose every step counts as a loop iteration."""

    __slots__ = ("_source", "_it", "_tick")

    def __init__(self, budget: Budget, source):
        self._source = source
        self._it = iter(source)
        self._tick = budget.tick

    def __iter__(self):
        return self

    def __next__(self):
        item = next(self._it)
        self._tick()
        return item

    def __len__(self):
        return len(self._source)  # TypeError without a length: LoopContext then counts itself


class _Range:
    """What a template's ``range(...)`` gives: a range whose every step counts as a loop iteration."""

    __slots__ = ("_r", "_budget")

    def __init__(self, budget: Budget, r: range):
        self._r = r
        self._budget = budget

    def __iter__(self):
        tick = self._budget.tick
        for x in self._r:
            tick()
            yield x

    def __reversed__(self):
        tick = self._budget.tick
        for x in reversed(self._r):
            tick()
            yield x

    def __len__(self):
        return len(self._r)

    def __getitem__(self, i):
        v = self._r[i]
        return _Range(self._budget, v) if isinstance(v, range) else v

    def __contains__(self, x):
        return x in self._r

    def __eq__(self, other):
        return self._r == (other._r if isinstance(other, _Range) else other)

    __hash__ = None

    def __repr__(self):
        return repr(self._r)

    start = property(lambda self: self._r.start)
    stop = property(lambda self: self._r.stop)
    step = property(lambda self: self._r.step)

    def index(self, x):
        return self._r.index(x)

    def count(self, x):
        return self._r.count(x)


# ---- size of a result, estimated before it is built ---------------------------------------------

_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")
_HUGE = 10 ** 12


def _number(digits: str) -> int:
    return int(digits) if len(digits) <= 12 else _HUGE


def _int(value, default=0) -> int:
    return value if isinstance(value, int) else default


def printf_size(fmt: str | bytes, args: Any, cap: int) -> int:
    """At most how large ``fmt % args`` is: the format, the widths and precisions it asks for
    (``*`` takes them from ``args``) and the arguments themselves."""
    text = fmt.decode("latin-1") if isinstance(fmt, bytes) else fmt
    size = len(text)
    star = False
    for m in _PRINTF.finditer(text):
        for part in m.groups():
            if part == "*":
                star = True
            elif part:
                size += _number(part)
    values = args if isinstance(args, tuple) else (args,)
    if star:
        size += sum(v for v in values if isinstance(v, int) and v > 0)
    return size + weight(args, cap)


def _replace_size(s, old, new, count=-1) -> int:
    if not isinstance(s, (str, bytes)):
        s = str(s)
    text = str if isinstance(s, str) else bytes
    if not isinstance(old, text) or not isinstance(new, text):
        return len(s)
    times = s.count(old) if old else len(s) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    grow = len(new) * (6 if isinstance(s, Markup) else 1) - len(old)  # Markup escapes ``new``
    return len(s) + times * max(grow, 0)


def _text(value) -> str | bytes:
    return value if isinstance(value, (str, bytes)) else str(value)


def _pre_center(cap, value, width=80):
    return max(len(_text(value)), _int(width))


def _pre_indent(cap, s, width=4, first=False, blank=False):
    s = _text(s)
    pad = len(width) if isinstance(width, str) else _int(width)
    return len(s) + (s.count("\n" if isinstance(s, str) else b"\n") + 1) * max(pad, 0)


def _pre_wordwrap(cap, s, width=79, break_long_words=True, wrapstring=None, break_on_hyphens=True):
    n = len(_text(s))
    joint = len(wrapstring) if isinstance(wrapstring, str) else 1
    return n + (n // max(_int(width, 1), 1) + 1) * joint


def _pre_format(cap, value, *args, **kwargs):
    return printf_size(value, kwargs or args, cap) if isinstance(value, str) else 0


def _pre_join(cap, value, d="", attribute=None):
    n = len(value) if hasattr(value, "__len__") else 0
    return weight(value, cap) + len(_text(d)) * max(n - 1, 0)


def _pre_replace(cap, s, old, new, count=None):
    return _replace_size(s, old, new, -1 if count is None else count)


def _pre_batch(cap, value, linecount, fill_with=None):
    return _int(linecount)


def _pre_slice(cap, value, slices, fill_with=None):
    return _int(slices)


def _pre_sum(cap, iterable, attribute=None, start=0):
    if isinstance(start, (int, float)):
        return 0
    return weight(start, cap) + weight(iterable, cap)


# filter -> the size of its result at most, from the same arguments (without the value Jinja
# passes first to some filters)
_FILTER_SIZE = {
    "center": _pre_center, "indent": _pre_indent, "wordwrap": _pre_wordwrap, "format": _pre_format,
    "join": _pre_join, "replace": _pre_replace, "batch": _pre_batch, "slice": _pre_slice, "sum": _pre_sum,
}

# filters that do not turn their value into text (the others: its size is checked first)
_STRUCTURAL = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "dictsort", "first", "float", "groupby", "int",
    "items", "last", "length", "list", "map", "max", "min", "random", "reject", "rejectattr", "reverse",
    "round", "select", "selectattr", "slice", "sort", "sum", "unique", "filesizeformat",
})

_STR_WIDTH = frozenset({"ljust", "rjust", "center", "zfill"})


# ---- formatting --------------------------------------------------------------------------------

class _BoundedFormatting(Formatter):
    """``str.format``/``format_map`` with a bound on the widths and precisions asked for."""

    def __init__(self, env, **kwargs):
        super().__init__(env, **kwargs)
        self._size = 0
        self._inputs: list = []

    def format_field(self, value, format_spec):
        budget = self._env.budget
        widest = max((_number(d) for d in _DIGITS.findall(format_spec)), default=0)
        budget.printable(value, "giá trị trong “format”")
        self._size += max(widest, weight(value, budget.limits.built))
        self._inputs.append(value)
        budget.limit(self._size, "“format”", self._inputs)
        return super().format_field(value, format_spec)


class _Formatter(_BoundedFormatting, SandboxedFormatter):
    pass


class _EscapeFormatter(_BoundedFormatting, SandboxedEscapeFormatter):
    pass


# ---- the environment ---------------------------------------------------------------------------

_LOOP = "vanban:vong-lap"  # names a template cannot write: the hooks the sandbox puts in
_CONCAT = "vanban:noi-chuoi"
_REFUSED = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from",
            nodes.Extends: "extends"}


class _Hooks(NodeTransformer):
    """Every ``{% for %}`` iterates through the counter; every ``~`` goes through the size check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        node = self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP, [], [], None, None, lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        node = self.generic_visit(node)
        pieces = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return nodes.Filter(pieces, _CONCAT, [], [], None, None, lineno=node.lineno)


_jinja_getattr = ImmutableSandboxedEnvironment.getattr  # called directly: these run for every “.” and “[]”
_jinja_getitem = ImmutableSandboxedEnvironment.getitem


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox (no ``__class__``, ``__globals__``, no changing lists and dicts in place)
    with the limits of ``Limits`` (see the module notes)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, limits: Limits | None = None, **options):
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=self._finalize, **options)
        self.limits = limits = limits or LIMITS
        self.budget = Budget(limits)
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP] = pass_context(lambda context, iterable: self._counted(iterable))
        self.filters[_CONCAT] = pass_context(lambda context, pieces: self._concat_pieces(context, pieces))

    # -- reading: refuse other templates, put the hooks in
    def _parse(self, source, name, filename):
        tree = super()._parse(source, name, filename)
        for kind, tag in _REFUSED.items():
            for node in tree.find_all(kind):
                raise TagRefused(tag, node.lineno, name, filename)
        tree = _Hooks().visit(tree)
        tree.set_environment(self)
        return tree

    # -- the budget's hooks
    def _counted(self, iterable):
        if isinstance(iterable, (_Range, _Counted)):
            return iterable
        return _Counted(self.budget, iterable)

    def _finalize(self, value):
        if isinstance(value, _CONTAINERS):
            self.budget.printable(value, "giá trị được in")
        self.budget.step()
        return value

    def concat(self, pieces):
        """The output of a template or of a block of it (Jinja joins every output with this),
        counted against the budget before it is joined."""
        budget = self.budget
        if isinstance(pieces, list):  # a block's buffer, complete
            budget.emit(sum(map(len, pieces)))
            budget.check_time()
            return "".join(pieces)
        out = []
        append = out.append
        room = budget.limits.output - budget.output
        size = 0
        for piece in pieces:  # the template's own output, as it is produced
            append(piece)
            size += len(piece)
            if size > room or not len(out) & 255:
                try:
                    budget.emit(size)
                    budget.check_time()
                except LimitError as e:
                    throw = getattr(pieces, "throw", None)
                    if throw is not None:
                        throw(e)  # raised where the template stands, so the error has its line
                    raise
                room, size = budget.limits.output - budget.output, 0
        budget.emit(size)
        return "".join(out)

    def _concat_pieces(self, context, pieces):
        size = 0
        for p in pieces:
            self.budget.printable(p, "giá trị nối bằng “~”")
            size += weight(p, self.limits.built)
        self.budget.limit(size, "phép nối “~”", pieces)
        rv = markup_join(pieces) if context.eval_ctx.autoescape else str_join(pieces)
        self.budget.build(len(rv), "phép nối “~”", pieces)
        return rv

    def getattr(self, obj, attribute):
        budget = self.budget
        budget.steps += 1
        if not budget.steps & 31:
            budget.check_time()
        return _jinja_getattr(self, obj, attribute)

    def getitem(self, obj, argument):
        budget = self.budget
        budget.steps += 1
        if not budget.steps & 31:
            budget.check_time()
        return _jinja_getitem(self, obj, argument)

    def call_binop(self, context, operator, left, right):
        budget, cap = self.budget, self.limits.built
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int):
                    budget.limit(weight(seq, cap) * max(n, 0), "phép nhân “*”", (seq,))
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > self.limits.int_bits:
                raise LimitError(f"phép nhân tạo ra số quá lớn (giới hạn {so(self.limits.int_bits)} bit)")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1 \
                    and abs(left).bit_length() * right > self.limits.int_bits:
                raise LimitError(f"phép lũy thừa tạo ra số quá lớn (giới hạn {so(self.limits.int_bits)} bit)")
        elif operator == "+":
            if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list, tuple)):
                budget.limit(weight(left, cap) + weight(right, cap), "phép cộng “+”", (left, right))
        elif operator == "%":
            if isinstance(left, (str, bytes)):
                budget.printable(right, "giá trị trong phép “%”")
                budget.limit(printf_size(left, right, cap), "phép định dạng “%”", (left, right))
        rv = super().call_binop(context, operator, left, right)
        if isinstance(rv, (str, bytes, list, tuple)):
            budget.build(len(rv), f"phép “{operator}”", (left, right))
        return rv

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's convention)
        budget = __self.budget
        budget.check_time()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive loop
            args = (__self._counted(args[0]),) + args[1:]
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        inputs = (owner, *args, *kwargs.values())
        if isinstance(owner, (str, bytes)):
            size, args = __self._method_size(owner, name, args, kwargs)
            if size is not None:
                budget.limit(size, f"“{name}”", inputs)
        rv = super().call(__context, __obj, *args, **kwargs)
        # a macro's (or a recursive loop's) output is counted as output, not as one value
        if not isinstance(__obj, (Macro, LoopContext)) and isinstance(rv, (str, bytes, list, tuple)):
            budget.build(len(rv), f"“{name.lstrip('_') or 'hàm'}”", inputs)
        return rv

    def _method_size(self, s, name, args, kwargs):
        """At most how large ``s.name(*args, **kwargs)`` is (``None``: no more than ``s``), and
        the arguments to call it with."""
        if name in _STR_WIDTH:
            width = args[0] if args else kwargs.get("width", 0)
            return max(len(s), _int(width)), args
        if name == "expandtabs":
            tabsize = args[0] if args else kwargs.get("tabsize", 8)
            return len(s) + s.count("\t" if isinstance(s, str) else b"\t") * max(_int(tabsize), 0), args
        if name == "replace" and len(args) >= 2:
            return _replace_size(s, args[0], args[1], args[2] if len(args) > 2 else kwargs.get("count", -1)), args
        if name == "join" and args:
            items = self._items(args[0])
            size = weight(items, self.limits.built) + len(s) * max(len(items) - 1, 0)
            return size, (items,) + args[1:]
        if name == "translate" and args and isinstance(args[0], dict):
            longest = max((len(v) for v in args[0].values() if isinstance(v, (str, bytes))), default=1)
            return len(s) * max(longest, 1), args
        return None, args

    def _items(self, iterable) -> list:
        """The items of an iterable, at most ``Limits.value`` of them."""
        if isinstance(iterable, (list, tuple)):
            return list(iterable)
        out = []
        for x in iterable:
            out.append(x)
            if len(out) > self.limits.value:
                self.budget.limit(len(out), "danh sách")
        return out

    def _bounded_filter(self, name, func):
        lead = 1 if _PassArg.from_obj(func) is not None else 0
        size_of = _FILTER_SIZE.get(name)
        textual = name not in _STRUCTURAL
        what = f"bộ lọc “{name}”"

        @functools.wraps(func)
        def bounded(*args, **kwargs):
            budget = self.budget
            budget.check_time()
            if textual and len(args) > lead:
                value = args[lead]
                if not isinstance(value, (str, bytes)) and not isinstance(value, _CONTAINERS) \
                        and hasattr(value, "__iter__") and hasattr(value, "__next__"):
                    value = self._items(value)  # a generator (map, select, ...): measured, then passed on
                    args = args[:lead] + (value,) + args[lead + 1:]
                budget.printable(value, f"giá trị đưa vào {what}")
            inputs = (*args[lead:], *kwargs.values())
            if size_of is not None:
                budget.limit(size_of(self.limits.built, *args[lead:], **kwargs), what, inputs)
            rv = func(*args, **kwargs)
            if isinstance(rv, (str, bytes, list, tuple)):
                budget.build(len(rv), what, inputs)
            return rv

        return bounded

    def _range(self, *args):
        r = range(*args)
        try:
            n = len(r)
        except OverflowError:
            n = _HUGE
        if n > self.limits.range:
            raise LimitError(f"range(...) quá lớn ({so(n)} số; giới hạn {so(self.limits.range)})")
        return _Range(self.budget, r)

    def _lipsum(self, n=5, html=True, min=20, max=100):  # noqa: A002 (Jinja's names)
        lim = self.limits
        if _int(n) > lim.lipsum_paragraphs or _int(max) > lim.lipsum_words or _int(min) > lim.lipsum_words:
            raise LimitError(f"lipsum(...) quá lớn (giới hạn {so(lim.lipsum_paragraphs)} đoạn, mỗi đoạn "
                             f"{so(lim.lipsum_words)} từ)")
        return generate_lorem_ipsum(n, html, min, max)

    def wrap_str_format(self, value):
        """``str.format``/``format_map`` through the bounded formatter (Jinja's own, with limits)."""
        if not callable(value) or getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        owner = getattr(value, "__self__", None)
        if not isinstance(owner, str):
            return None
        is_map = value.__name__ == "format_map"

        def bounded(*args, **kwargs):
            formatter = _EscapeFormatter(self, escape=owner.escape) if isinstance(owner, Markup) else _Formatter(self)
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() nhận đúng một đối số")
                args, kwargs = (), args[0]
            return type(owner)(formatter.vformat(owner, args, kwargs))

        return functools.update_wrapper(bounded, value)


def make_env(loader: jinja2.BaseLoader | None = None, limits: Limits | None = None) -> Sandbox:
    """A new environment (one document's budget, ``LIMITS`` unless told); ``loader`` for templates
    read by name (HTML)."""
    return Sandbox(limits or LIMITS, loader=loader)


# ---- reporting ---------------------------------------------------------------------------------

_UNSAFE_ATTR = re.compile(r"attribute '([^']+)'")


def error_place(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file (``"<template>"`` for one read from text) and line of a template error:
    Jinja rewrites the traceback so that its frames point at the template."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename, exc.lineno
    tb, place = exc.__traceback__, (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            place = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return place


def describe(exc: BaseException) -> str | None:
    """The Vietnamese sentence for an error raised while a template is read or filled
    (``None``: not a template's mistake)."""
    e = exc
    if isinstance(e, LimitError):
        return f"thẻ của mẫu vượt giới hạn an toàn: {e}; sửa hoặc bỏ thẻ đó"
    if isinstance(e, TagRefused):
        return (f"mẫu dùng {{% {e.tag} %}} (thẻ include/import/extends), không được hỗ trợ; mọi nội dung "
                "phải nằm trong chính tệp mẫu")
    if isinstance(e, SecurityError):
        m = _UNSAFE_ATTR.search(str(e))
        if m is None:
            what = str(e)
        elif m.group(1).startswith("_"):
            what = f"truy cập thuộc tính nội bộ “{m.group(1)}”"
        else:  # append, update, pop, ...: the immutable sandbox
            what = f"sửa danh sách hoặc từ điển ngay trong mẫu bằng “{m.group(1)}”"
        return (f"mẫu dùng thao tác không được phép ({what}); trong mẫu chỉ dùng các biến dữ liệu, "
                "ví dụ {{ trich_yeu }}")
    if isinstance(e, jinja2.exceptions.UndefinedError):
        m = re.search(r"'([^']+)' is undefined", str(e))
        extra = re.search(r"TruongThem object'? has no (?:attribute|element) '([^']+)'", str(e))
        # an extra field (layout.prepare.TruongThem) the data lacks: named as the template writes it
        what = f"“truong_them.{extra.group(1)}”" if extra else f"“{m.group(1)}”" if m else f"({e})"
        return f"mẫu dùng biến {what} không có trong dữ liệu; kiểm tra chính tả tên biến hoặc bỏ thẻ đó"
    if isinstance(e, TemplateSyntaxError):
        return (f"lỗi cú pháp trong thẻ của mẫu ({e.message}); mỗi “{{{{” phải đóng bằng “}}}}”, mỗi “{{%” "
                "bằng “%}”, mỗi “{% if %}”/“{% for %}” có “{% endif %}”/“{% endfor %}”")
    if isinstance(e, jinja2.exceptions.TemplateNotFound):
        return (f"mẫu dùng {{% include %}}/{{% import %}}/{{% extends %}} (“{e.name}”), không được hỗ trợ; mọi "
                "nội dung phải nằm trong chính tệp mẫu")
    if isinstance(e, jinja2.exceptions.TemplateError):
        return f"mẫu gặp lỗi khi điền dữ liệu ({e})"
    if isinstance(e, MemoryError):
        return "mẫu cần quá nhiều bộ nhớ; bỏ bớt vòng lặp hoặc phép tính trong thẻ của mẫu"
    if isinstance(e, TypeError):
        return f"phép tính trong thẻ của mẫu dùng sai kiểu dữ liệu ({e})"
    if isinstance(e, (ValueError, ArithmeticError, AttributeError, KeyError, IndexError, RecursionError)):
        return f"phép tính trong thẻ của mẫu bị lỗi ({type(e).__name__}: {e})"
    return None
