"""Nơi nhận lines (Phụ lục I, mục II.9.b): the punctuation is generated, never typed."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One rendered Nơi nhận line; ``sup`` is an optional superscript tail."""

    text: str


def item_text(ten: str, muc_dich: str | None = None, thanh_phan: list[str] | None = None) -> str:
    """``Bộ NN&MT (báo cáo)`` or ``VPUBND tỉnh: LĐVP, THĐT, KTTH``."""
    text = ten.strip()
    if thanh_phan:
        text += ": " + ", ".join(t.strip() for t in thanh_phan)
    if muc_dich:
        text += f" ({muc_dich.strip()})"
    return text


def luu_text(
    don_vi: str | None = None,
    so_ban_luu: int | None = None,
    nguoi_soan: str | None = None,
    so_ban: int | None = None,
) -> str:
    """The storage line: ``- Lưu: VT, QLMT (2). LAN.(30)``.

    Văn thư (VT) always keeps a copy; then the drafting unit with the copies it keeps;
    after the period, the drafter's initials and the number of copies issued (ô 12, as the
    decree's "PL.(300)"). Without a copy count: ``- Lưu: VT, QLMT, LAN.``
    """
    text = "- Lưu: VT"
    if don_vi:
        text += f", {don_vi.strip()}"
        if so_ban_luu:
            text += f" ({so_ban_luu})"
    if nguoi_soan and not so_ban:
        # Without a copy count the drafter's initials close the list: "- Lưu: VT, KT2, THIN."
        return f"{text}, {nguoi_soan.strip()}."
    text += "."
    if nguoi_soan:
        text += f" {nguoi_soan.strip()}.({so_ban})"
    elif so_ban:
        text += f" ({so_ban})"
    return text


def noi_nhan_lines(items: list[str], luu: str, nhu_tren: bool = False) -> list[str]:
    """Each recipient as ``- X;`` (``- Như trên;`` first when asked), the storage line last."""
    lines = ["- Như trên;"] if nhu_tren else []
    lines += [f"- {it};" for it in items]
    lines.append(luu)
    return lines
