from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


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

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False)

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        return nfc(data)
