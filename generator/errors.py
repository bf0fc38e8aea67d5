"""Errors a user reads: each names its place (file, YAML path, line) and what is accepted."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    path: str  # YAML path such as phu_luc[0].nhom[1].nhiem_vu[3].chu_tri, or "" for the file
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f", dòng {self.line}"
        if self.path:
            where += f", {self.path}"
        return f"{where}: {self.message}"


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
        super().__init__(f"{path}: tệp đã tồn tại; dùng --ghi-de để ghi đè")


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
                                   f"{undone}; chạy lại, thêm --ghi-de nếu muốn ghi đè")


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
