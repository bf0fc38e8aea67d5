"""Signature block lines (Phụ lục I, mục II.7; Điều 13)."""

from __future__ import annotations

QUYEN_HAN = ("TM.", "KT.", "TL.", "TUQ.", "Q.", "TM.+KT.", "TL.+KT.")


def upper_vi(text: str) -> str:
    """Upper-case Vietnamese text (Python's str.upper handles the Vietnamese letters)."""
    return text.upper()


def signer_lines(
    quyen_han: str | None,
    chuc_vu: str | None,
    tap_the: str | None = None,
    cap_truong: str | None = None,
    truong_don_vi: str | None = None,
) -> list[str]:
    """The upper-case lines above the signature, in the decree's order.

    ``quyen_han`` selects the form:

    - none:      CHỨC VỤ
    - TM.:       TM. TẬP THỂ / CHỨC VỤ
    - KT./TL./TUQ.: KT. CẤP TRƯỞNG / CHỨC VỤ
    - Q.:        Q. CẤP TRƯỞNG
    - TM.+KT.:   TM. TẬP THỂ / KT. CẤP TRƯỞNG / CHỨC VỤ
    - TL.+KT.:   TL. CẤP TRƯỞNG / KT. TRƯỞNG ĐƠN VỊ / CHỨC VỤ
    """
    u = lambda s: upper_vi(s.strip()) if s else ""  # noqa: E731
    if not quyen_han:
        return [u(chuc_vu)]
    if quyen_han == "TM.":
        return [f"TM. {u(tap_the)}", u(chuc_vu)]
    if quyen_han in ("KT.", "TL.", "TUQ."):
        return [f"{quyen_han} {u(cap_truong)}", u(chuc_vu)]
    if quyen_han == "Q.":
        return [f"Q. {u(cap_truong)}"]
    if quyen_han == "TM.+KT.":
        return [f"TM. {u(tap_the)}", f"KT. {u(cap_truong)}", u(chuc_vu)]
    if quyen_han == "TL.+KT.":
        return [f"TL. {u(cap_truong)}", f"KT. {u(truong_don_vi)}", u(chuc_vu)]
    raise ValueError(f"quyền hạn không hợp lệ: {quyen_han!r}")
