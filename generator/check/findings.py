from __future__ import annotations

from dataclasses import asdict, dataclass

LOI = "lỗi"  # breaks the decree's text
CANH_BAO = "cảnh báo"  # allowed but unusual, or a draft not yet filled in


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. "HDR-012"
    severity: str  # LOI | CANH_BAO
    place: str  # "đoạn 14", "bảng 1, dòng 2, ô 1", "mục 2 (trang)"
    text: str  # the text concerned (shortened)
    message: str  # one line of Vietnamese: what the decree requires

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        quoted = f" “{self.text}”" if self.text else ""
        return f"[{self.rule}] {self.severity} — {self.place}{quoted}: {self.message}"
