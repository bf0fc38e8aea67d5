"""Body text: level recognition, titles, inline marks, footnotes, numbering checks."""

from vanban.text.than_van import check_numbering, parse_body, parse_inline

BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Tổ chức triển khai kịp thời.
+ Rà soát văn bản.
2. Yêu cầu
a) Bảo đảm đồng bộ
- Phân công cụ thể.
1.1. Đổi mới tư duy
Đoạn văn thường.
II. NỘI DUNG
1. Căn cứ Kế hoạch của Sở, các phòng triển khai thực hiện.
"""


def test_levels_recognised():
    levels = [(p.level, p.number) for p in parse_body(BODY)]
    assert levels == [("muc", "I"), ("khoan", "1"), ("gach", None), ("cong", None), ("khoan", "2"),
                      ("diem", "a"), ("gach", None), ("tieu_khoan", "1.1"), ("doan", None), ("muc", "II"),
                      ("khoan", "1")]


def test_titles_are_short_lines_followed_by_deeper_content():
    paras = parse_body(BODY)
    by_text = {p.text: p.title for p in paras}
    assert by_text["1. Mục đích"] is True
    assert by_text["a) Bảo đảm đồng bộ"] is True
    # Running text ending in a period is not a title even though it is numbered.
    assert by_text["1. Căn cứ Kế hoạch của Sở, các phòng triển khai thực hiện."] is False
    assert by_text["I. MỤC ĐÍCH, YÊU CẦU"] is True


def test_label_stays_in_text_and_spaces_collapse():
    p = parse_body("1.   Mục   đích\n- x")[0]
    assert p.text == "1. Mục đích"


def test_decomposed_text_is_normalised():
    nfd = "I. M\u1ee4C \u0110I\u0301CH"  # "Í" typed as I + combining acute
    assert parse_body(nfd)[0].text == "I. MỤC ĐÍCH"


def test_inline_marks_and_footnote():
    runs = parse_inline("trước **ngày 15/12** (*qua Sở*) PM~2.5~ m^3^ năm 2024^[Theo số liệu quan trắc.].")
    assert [r.text for r in runs if r.bold] == ["ngày 15/12"]
    assert [r.text for r in runs if r.italic] == ["qua Sở"]
    assert [(r.text, r.vert) for r in runs if r.vert] == [("2.5", "sub"), ("3", "sup")]
    notes = [r for r in runs if r.note is not None]
    assert len(notes) == 1 and notes[0].note[0].text == "Theo số liệu quan trắc."
    assert "".join(r.text for r in runs if r.note is None).endswith("năm 2024.")


def test_numbering_breaks_are_reported_with_line():
    issues = check_numbering(parse_body("I. A\n1. x\n3. y\nIII. B\n1. z\na) p\nb) q\nf) r"))
    messages = [(i.line, i.message) for i in issues]
    assert any(line == 3 and "“2”" in m for line, m in messages)
    assert any(line == 4 and "“II”" in m for line, m in messages)
    assert any(line == 8 and "bảng chữ cái" in m for line, m in messages)


def test_numbering_restarts_under_higher_level():
    assert check_numbering(parse_body("I. A\n1. x\n2. y\nII. B\n1. z\n2. w\na) p\nb) q\nc) r\nd) s\nđ) t\ne) u")) == []


def test_escaped_marks_stay_text():
    from vanban.text.than_van import escape_inline, plain
    typed = "giảm 10% *rác* ^[x] PM~2.5~ a\\b [1]"
    assert plain(escape_inline(typed)) == typed
    runs = parse_inline(escape_inline(typed))
    assert not any(r.italic or r.vert or r.note for r in runs)


def test_escapes_inside_footnotes():
    runs = parse_inline("x^[chú \\^ thích]")
    assert runs[-1].note[0].text == "chú ^ thích"
