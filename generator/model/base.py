from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

# Text limits (characters). Every text has one: generous for what a clerk writes, finite so that a
# pasted page or a runaway value is refused with its place instead of breaking a document.
MAX_TEXT = 200_000  # any text (the body of a plan); an Excel cell holds at most 32,767
MAX_VIET_TAT = 20  # an abbreviation in a ký hiệu: "SNNMT", "UBND", "QLMT"
MAX_TEN = 300  # names: agencies, places, people, titles, recipients
MAX_TIEU_DE = 1_000  # trích yếu, titles of annexes and groups
MAX_O = 5_000  # one cell of an annex table

_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def nfc(value: Any) -> Any:
    """NFC-normalise every string inside a YAML value, and strip stray spaces at the ends."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


class Model(BaseModel):
    """Strict base: unknown keys are errors (a typo must not silently drop data)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False, str_max_length=MAX_TEXT)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        return nfc(data)


def so_nguyen(value: Any, max_digits: int, example: str) -> Any:
    """A whole number as typed: an int, or a text of decimal digits only ("010" is 10, never the
    octal 8). Underscores, "0x", "1:20", signs, dots and spaces are refused, not reinterpreted."""
    if isinstance(value, bool):
        raise ValueError(f"phải là số nguyên viết bằng chữ số, ví dụ {example}")
    if isinstance(value, str):
        s = value.strip()
        if not _DIGITS.fullmatch(s):
            raise ValueError(f"chỉ ghi chữ số, ví dụ {example}; không dùng dấu “_”, “:”, “.”, dấu cách hay "
                             "cách viết “0x…”")
        if len(s.lstrip("0")) > max_digits:
            raise ValueError(f"có nhiều nhất {max_digits} chữ số")
        return int(s)
    if isinstance(value, int) and len(str(abs(value))) > max_digits:
        raise ValueError(f"có nhiều nhất {max_digits} chữ số")
    return value


def so_thuc(value: Any, example: str) -> Any:
    """A decimal number as typed: a number, or a text such as "2.5" or "2,5". Anything else
    ("1_000", "1:20", ".inf", "1e3") is refused, not reinterpreted."""
    if isinstance(value, bool):
        raise ValueError(f"phải là một số, ví dụ {example}")
    if isinstance(value, str):
        s = value.strip()
        if not _DECIMAL.fullmatch(s) or len(s) > 30:
            raise ValueError(f"phải là một số viết bằng chữ số, ví dụ {example}")
        return float(s.replace(",", "."))
    return value
