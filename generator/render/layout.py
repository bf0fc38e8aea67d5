"""Page and table geometry (twips) of the built-in Word templates, for the template builder
(tools/make_docx_template.py) and the rules drawn the same in every format.

The values are those of ``vanban.layout.geometry`` (its fallbacks, within the decree's ranges,
nd30.md §7); the writers themselves measure by the geometry read from the template used.
"""

from ..layout.geometry import HEADER, PORTRAIT, RULE_RATIO, SIGNATURE  # noqa: F401 (RULE_RATIO: for the builder)

# Portrait A4, margins top 25 / bottom 20 / left 35 / right 20 mm (1417/1134/1984/1134 twips).
PORTRAIT_MARGINS = {"top": PORTRAIT.top, "bottom": PORTRAIT.bottom, "left": PORTRAIT.left, "right": PORTRAIT.right}
TEXT_WIDTH = PORTRAIT.text_width  # 8788
# Header table: agency column and national-motto column. The right column holds a 13 pt bold
# Quốc hiệu (5424 twips) on one line; the table hangs 0.5 cm into the left margin, as Mẫu 1.4 does.
HEADER_GRID = HEADER.grid  # (3600, 5700)
HEADER_IND = HEADER.indent  # -300
CELL_MAR = HEADER.cell_left  # 57
# Signature table: Nơi nhận | quyền hạn, chức vụ, họ tên.
SIGN_GRID = SIGNATURE.grid  # (3800, 4988)
BODY_LINE = 276  # 1.15 lines (the decree allows single to 1.5)
