"""Page and table geometry (twips) shared by the template builder and the renderers.

Values follow nd30.md §7 and stay inside the decree's ranges."""

# Portrait A4, margins top 25 / bottom 20 / left 35 / right 20 mm (1417/1134/1984/1134 twips).
PORTRAIT_MARGINS = {"top": 1417, "bottom": 1134, "left": 1984, "right": 1134}
TEXT_WIDTH = 11906 - 1984 - 1134  # 8788
# Header table: agency column and national-motto column. The right column holds a 13 pt bold
# Quốc hiệu (5424 twips) on one line; the table hangs 0.5 cm into the left margin, as Mẫu 1.4 does.
HEADER_GRID = (3600, 5700)
HEADER_IND = -300
CELL_MAR = 57
# Signature table: Nơi nhận | quyền hạn, chức vụ, họ tên.
SIGN_GRID = (3800, 4988)
BODY_LINE = 276  # 1.15 lines (the decree allows single to 1.5)
RULE_RATIO = 0.4  # rules under the agency name and the trích yếu: 1/3–1/2 of the text
