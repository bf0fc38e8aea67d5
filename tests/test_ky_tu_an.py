"""The one list of invisible and direction characters (vanban.text.ky_tu_an)."""

from vanban.text.ky_tu_an import bo_ky_tu_an, mo_ta, tim_ky_tu_an

EVERY = [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                          0xFEFF, 0x2028, 0x2029)]


def test_every_listed_character_is_found_and_removed():
    for c in EVERY:
        text = f"100.000{c}.000 đồng"
        assert tim_ky_tu_an(text) == [c]
        assert c not in bo_ky_tu_an(text)
        assert f"U+{ord(c):04X}" in mo_ta([c])


def test_override_that_reverses_digits_is_removed_leaving_the_stored_order():
    stored = "\u202e000.000.001\u202c đồng"
    assert bo_ky_tu_an(stored) == "000.000.001 đồng"


def test_line_separator_becomes_a_space_and_ordinary_text_is_unchanged():
    assert bo_ky_tu_an("Sở Y\u2028tế") == "Sở Y tế"
    plain = "Sở Nông nghiệp và Môi trường – “Kế hoạch” ‘số’ 01/KH-UBND\tx\n"
    assert tim_ky_tu_an(plain) == [] and bo_ky_tu_an(plain) == plain
