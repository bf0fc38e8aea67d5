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
