"""Errors a user reads: each names its place (file, YAML path, line) and what is accepted."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_UNSET = object()


def _library_name(argument: str, value: object = _UNSET) -> str:
    return argument if value is _UNSET else f"{argument}={value!r}"


_naming: contextvars.ContextVar[Callable[..., str]] = contextvars.ContextVar("vanban_naming",
                                                                            default=_library_name)


def ten_tham_so(argument: str, value: object = _UNSET) -> str:
    """How a message names an argument of an API function (``han_nop``, ``overwrite``), with the
    value to give it when the message tells what to write (``overwrite=True``). A library caller
    reads the argument's name; the command line names its own option (``--han-nop``,
    ``--ghi-de``) by setting its naming with ``cach_goi_tham_so``."""
    return _naming.get()(argument, value)


@contextlib.contextmanager
def cach_goi_tham_so(naming: Callable[..., str]) -> Iterator[None]:
    """Within the block, ``ten_tham_so(argument[, value])`` answers ``naming(argument[, value])``
    (a forked worker inherits it). ``naming`` gets the value only when the message gives one."""
    token = _naming.set(lambda argument, value=_UNSET: naming(argument) if value is _UNSET
                        else naming(argument, value))
    try:
        yield
    finally:
        _naming.reset(token)


@dataclass(frozen=True)
class Problem:
    file: str
    path: str  # YAML path such as phu_luc[0].nhom[1].nhiem_vu[3].chu_tri, sheet and cell, or "" for the file
    message: str
    line: int | None = None
    argument: str | None = None  # the API argument the problem is in (han_nop, ky, name, mau ...)

    @property
    def tham_so(self) -> str | None:
        """``argument`` as the caller names it (``ten_tham_so``): ``han_nop``, or ``--han-nop``."""
        return ten_tham_so(self.argument) if self.argument else None

    def __str__(self) -> str:
        where = ", ".join(x for x in (self.file, self.tham_so) if x)
        if self.line:
            where += f", dòng {self.line}"
        if self.path:
            where += f", {self.path}"
        return f"{where}: {self.message}"


def o_bang_tinh(sheet: str, cell: str | None = None, row: int | None = None) -> str:
    """The place of a problem in a workbook, as every message names it: "Sheet 'Kết quả', ô F8",
    "Sheet 'Kết quả', dòng 12" or "Sheet 'Kết quả'"."""
    place = f"Sheet '{sheet}'"
    if cell:
        return f"{place}, ô {cell}"
    if row:
        return f"{place}, dòng {row}"
    return place


class VanbanError(Exception):
    """Base for every error shown to a user (messages in Vietnamese)."""


class InputError(VanbanError):
    """Bad input: one or more problems, all reported together."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class OutputExistsError(VanbanError):
    def __init__(self, path):
        self.path = path
        super().__init__(f"{path}: tệp đã tồn tại; dùng {ten_tham_so('overwrite', True)} để ghi đè")


class TemplateError(VanbanError):
    pass


class OutputAppearedError(OutputExistsError):
    """A target that did not exist when the call started was created (by another program or
    person) while the call rendered. That file is kept; what the call had published is removed."""

    def __init__(self, path, removed=()):
        self.path = path
        self.removed = list(removed)
        undone = f"; {len(self.removed)} tệp vừa ghi của lần chạy này đã được gỡ lại" if self.removed else ""
        VanbanError.__init__(self, f"{path}: tệp này xuất hiện trong lúc chương trình đang ghi (do chương trình "
                                   f"hoặc người khác tạo) nên được giữ nguyên; lần chạy này không ghi tệp nào"
                                   f"{undone}; chạy lại, thêm {ten_tham_so('overwrite', True)} nếu muốn ghi đè")


class DuplicateOutputError(VanbanError):
    """Two outputs of one call would be one file (names equal once case and Unicode form are set
    aside, as on Windows and macOS)."""

    def __init__(self, first, first_source: str, second, second_source: str):
        self.paths = (first, second)
        self.sources = (first_source, second_source)
        if str(first) == first_source and str(second) == second_source:
            what = f"“{first}” và “{second}”"
        else:
            what = f"“{first_source}” ({first}) và “{second_source}” ({second})"
        super().__init__(f"{second}: hai tệp kết quả trùng một tên tệp: {what} (tên chỉ khác chữ hoa, chữ thường "
                         "hoặc cách mã hóa Unicode là cùng một tệp trên Windows, macOS); chưa ghi tệp nào")


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM): raised from the signal handler the command line
    installs, and, like KeyboardInterrupt, not an Exception, so no ``except Exception`` stops it
    on its way out (every ``finally`` on the way removes its temporary files)."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)
