"""Build the docxtpl templates in templates/docx/: ke-hoach.docx (Kế hoạch, Mẫu 1.4),
bao-cao.docx (Báo cáo and other typed documents, with a Kính gửi block) and cong-van.docx
(Công văn, Mẫu 1.5). They share one style sheet and the same header, body, signature and
annex pieces.

The package is written part by part (no python-docx default template, whose
stylesWithEffects part makes Word repair files). A user may then restyle the result in
Word: every paragraph of the generated documents uses a named style defined here.

Run after changing the layout:  python tools/make_docx_template.py
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vanban.render.layout import (  # noqa: E402
    BODY_LINE, HEADER_GRID, HEADER_IND, PORTRAIT_MARGINS, SIGN_GRID, CELL_MAR,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"


def rfonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def style(sid, name, *, kind="paragraph", based="Normal", next_=None, ppr="", rpr="", default=False,
          qformat=True, extra=""):
    d = ' w:default="1"' if default else ""
    b = f'<w:basedOn w:val="{based}"/>' if based else ""
    n = f'<w:next w:val="{next_}"/>' if next_ else ""
    q = "<w:qFormat/>" if qformat else ""
    p = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    r = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return (f'<w:style w:type="{kind}"{d} w:styleId="{sid}"><w:name w:val="{name}"/>{b}{n}{q}'
            f"{p}{r}{extra}</w:style>")


def sz(pt):
    return f'<w:sz w:val="{pt * 2}"/><w:szCs w:val="{pt * 2}"/>'


B, I = "<w:b/><w:bCs/>", "<w:i/><w:iCs/>"
CENTER = '<w:jc w:val="center"/>'
TIGHT = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def styles_xml() -> str:
    body_ppr = (f'<w:spacing w:before="120" w:after="0" w:line="{BODY_LINE}" w:lineRule="auto"/>'
                '<w:ind w:firstLine="567"/><w:jc w:val="both"/>')
    s = [
        style("Normal", "Normal", based=None, default=True,
              ppr=TIGHT, rpr=sz(14)),
        style("VBThanVan", "Thân văn bản (ND30)", ppr=body_ppr),
        style("VBMuc", "Mục I. (ND30)", based="VBThanVan", next_="VBThanVan",
              ppr="<w:keepNext/>", rpr=B),
        style("VBKhoan", "Khoản có tiêu đề (ND30)", based="VBThanVan", next_="VBThanVan",
              ppr="<w:keepNext/>", rpr=B),
        style("VBTieuKhoan", "Tiểu khoản có tiêu đề (ND30)", based="VBThanVan", next_="VBThanVan",
              ppr="<w:keepNext/>", rpr=B),
        style("VBDiem", "Điểm có tiêu đề (ND30)", based="VBThanVan", next_="VBThanVan",
              ppr="<w:keepNext/>", rpr=I),
        style("VBPhanChuong", "Phần, Chương (ND30)", based="VBThanVan", next_="VBThanVan",
              ppr='<w:keepNext/><w:ind w:firstLine="0"/>' + CENTER, rpr=B),
        style("VBCoQuanChuQuan", "Tên cơ quan chủ quản (ND30)", ppr=CENTER, rpr=sz(13)),
        style("VBCoQuanBanHanh", "Tên cơ quan ban hành (ND30)", ppr=CENTER, rpr=B + sz(13)),
        style("VBQuocHieu", "Quốc hiệu (ND30)", ppr=CENTER, rpr=B + sz(13)),
        style("VBTieuNgu", "Tiêu ngữ (ND30)", ppr=CENTER, rpr=B + sz(14)),
        style("VBGach", "Đường kẻ (ND30)",
              ppr=('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
                   '<w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>' + CENTER),
              rpr=sz(4)),
        style("VBSoKyHieu", "Số, ký hiệu (ND30)", ppr='<w:spacing w:before="120" w:after="0"/>' + CENTER,
              rpr=sz(13)),
        style("VBDiaDanh", "Địa danh, ngày tháng (ND30)",
              ppr='<w:spacing w:before="120" w:after="0"/>' + CENTER, rpr=I + sz(14)),
        style("VBDoMat", "Độ mật, độ khẩn (ND30)", ppr='<w:spacing w:before="120" w:after="0"/>' + CENTER,
              rpr=B + sz(13)),
        style("VBTenLoai", "Tên loại văn bản (ND30)", next_="VBTrichYeu",
              ppr='<w:keepNext/><w:spacing w:before="480" w:after="0"/>' + CENTER, rpr=B + sz(14)),
        style("VBTrichYeu", "Trích yếu (ND30)", ppr="<w:keepNext/>" + CENTER, rpr=B + sz(14)),
        # Công văn: "V/v …" under Số, 12 pt regular, 6 pt below it (Phụ lục I, II.5.b; Mẫu 1.5).
        style("VBTrichYeuCV", "Trích yếu công văn (ND30)",
              ppr='<w:spacing w:before="120" w:after="0"/>' + CENTER, rpr=sz(12)),
        # Kính gửi lines, 14 pt regular; the renderer gives each its indents (dashes aligned).
        # 6 pt after the block, none between its lines (contextual spacing).
        style("VBKinhGui", "Kính gửi (ND30)",
              ppr='<w:keepNext/><w:spacing w:before="0" w:after="120"/><w:contextualSpacing/>', rpr=sz(14)),
        style("VBNoiNhanTieuDe", "Nơi nhận: (ND30)", ppr='<w:spacing w:before="240" w:after="0"/>',
              rpr=B + I + sz(12)),
        style("VBNoiNhan", "Nơi nhận – dòng (ND30)", rpr=sz(11)),
        style("VBQuyenHan", "Quyền hạn, chức vụ người ký (ND30)",
              ppr='<w:keepNext/><w:spacing w:before="0" w:after="0"/>' + CENTER, rpr=B + sz(14)),
        style("VBHoTen", "Họ tên người ký (ND30)", ppr=CENTER, rpr=B + sz(14)),
        style("VBPhuLucSo", "Phụ lục – số (ND30)", next_="VBPhuLucTen", ppr="<w:keepNext/>" + CENTER,
              rpr=B + sz(14)),
        style("VBPhuLucTen", "Phụ lục – tên (ND30)", ppr="<w:keepNext/>" + CENTER, rpr=B + sz(14)),
        style("VBKemTheo", "Kèm theo (ND30)", ppr="<w:keepNext/>" + CENTER, rpr=I + sz(14)),
        style("VBBang", "Bảng – nội dung", ppr='<w:spacing w:before="40" w:after="40"/>', rpr=sz(12)),
        style("VBBangGiua", "Bảng – căn giữa", based="VBBang", ppr=CENTER),
        style("VBBangDau", "Bảng – tiêu đề cột", based="VBBang", ppr="<w:keepNext/>" + CENTER, rpr=B),
        style("VBBangNhom", "Bảng – dòng nhóm", based="VBBang", ppr="<w:keepNext/>", rpr=B),
        style("VBSoTrang", "Số trang (ND30)", ppr=CENTER, rpr=sz(14)),
        style("VBNhoNhat", "Dòng đệm", ppr='<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>',
              rpr=sz(1), qformat=False),
        style("FootnoteText", "footnote text", ppr='<w:spacing w:before="0" w:after="40"/><w:jc w:val="both"/>',
              rpr=sz(11)),
        style("FootnoteReference", "footnote reference", kind="character", based=None,
              rpr='<w:vertAlign w:val="superscript"/>'),
        style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based=None, default=True,
              qformat=False),
        style("TableNormal", "Normal Table", kind="table", based=None, default=True, qformat=False,
              extra=('<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
                     '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                     '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                     "</w:tblCellMar></w:tblPr>")),
        style("VBBangLuoi", "Bảng phụ lục (ND30)", kind="table", based="TableNormal", qformat=False,
              extra=('<w:tblPr><w:tblBorders>'
                     + "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                               for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
                     + '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/>'
                     '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr>')),
    ]
    doc_defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{rfonts()}{sz(14)}"
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        f"<w:pPrDefault><w:pPr>{TIGHT}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles xmlns:w="{W_NS}">{doc_defaults}{"".join(s)}</w:styles>')


def p(text="", style_id=None, extra_ppr=""):
    ppr = (f'<w:pStyle w:val="{style_id}"/>' if style_id else "") + extra_ppr
    ppr = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def tc(width, content, vmerge=""):
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{vmerge}</w:tcPr>{content}</w:tc>'


NO_BORDERS = ("<w:tblBorders>" + "".join(f'<w:{e} w:val="nil"/>' for e in
                                         ("top", "left", "bottom", "right", "insideH", "insideV"))
              + "</w:tblBorders>")


def table(grid, rows, ind=0, cant_split=False):
    total = sum(grid)
    cols = "".join(f'<w:gridCol w:w="{g}"/>' for g in grid)
    tblpr = (f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:tblInd w:w="{ind}" w:type="dxa"/>'
             f'{NO_BORDERS}<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
             f'<w:left w:w="{CELL_MAR}" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
             f'<w:right w:w="{CELL_MAR}" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
             'w:noHBand="1" w:noVBand="1"/></w:tblPr>')
    trpr = "<w:trPr><w:cantSplit/></w:trPr>" if cant_split else ""
    body = "".join(f"<w:tr>{trpr}{''.join(tc(g, c) for g, c in zip(grid, row))}</w:tr>" for row in rows)
    return f"<w:tbl>{tblpr}<w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


# ---- document pieces, shared by the templates ----------------------------------------------------

def header_table(cong_van: bool = False) -> str:
    """Ô 1–4 (and 5b for a công văn): agency | Quốc hiệu, Tiêu ngữ in the first row; Số (and
    "V/v …" under it) | place and date in the second, so Số and the date share a line."""
    left_top = (p("{%p for l in co_quan_chu_quan %}") + p("{{ l }}", "VBCoQuanChuQuan") + p("{%p endfor %}")
                + p("{%p for l in co_quan_ban_hanh %}") + p("{{ l }}", "VBCoQuanBanHanh") + p("{%p endfor %}")
                + p("{{p gach_co_quan }}"))
    right_top = (p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "VBQuocHieu") + p("Độc lập - Tự do - Hạnh phúc", "VBTieuNgu")
                 + p("{{p gach_tieu_ngu }}"))
    # A công văn's trích yếu: already broken into lines that fit the cell ("\n" -> line break).
    vv = p("{{ trich_yeu }}", "VBTrichYeuCV") if cong_van else ""
    left_bottom = (p("{{ so_ky_hieu }}", "VBSoKyHieu") + vv
                   + p("{%p if do_mat_khan %}") + p("{{ do_mat_khan }}", "VBDoMat") + p("{%p endif %}"))
    right_bottom = p("{{ dia_danh_ngay }}", "VBDiaDanh")
    return table(HEADER_GRID, [[left_top, right_top], [left_bottom, right_bottom]], ind=HEADER_IND)


def title_block() -> str:
    """Ô 5a: tên loại, trích yếu, the rule under it, an empty line."""
    return (p("{{ ten_loai }}", "VBTenLoai") + p("{{ trich_yeu }}", "VBTrichYeu") + p("{{p gach_trich_yeu }}")
            + p("", "Normal"))


def kinh_gui_block() -> str:
    """Ô 9a: ready-made paragraphs (their indents are computed so the dashes line up)."""
    return p("{%p for kg in kinh_gui %}") + p("{{p kg }}") + p("{%p endfor %}")


def body_block() -> str:
    return p("{%p for d in than_van %}") + p("{{p d }}") + p("{%p endfor %}")


def signature_block() -> str:
    """Ô 9b | 7a–7c: Nơi nhận on the left, quyền hạn, chức vụ, room to sign and the name on the right."""
    sign_left = (p("Nơi nhận:", "VBNoiNhanTieuDe") + p("{%p for l in noi_nhan %}") + p("{{ l }}", "VBNoiNhan")
                 + p("{%p endfor %}"))
    sign_right = (p("", "VBQuyenHan") + p("{%p for l in quyen_han %}") + p("{{ l }}", "VBQuyenHan")
                  + p("{%p endfor %}") + "".join(p("", "VBQuyenHan") for _ in range(4))
                  + p("{{ ho_ten }}", "VBHoTen"))
    return table(SIGN_GRID, [[sign_left, sign_right]], cant_split=True)


def annex_block() -> str:
    """One landscape section per annex: its heading, the "Kèm theo" line, a rule, the table."""
    return (p("{%p for pl in phu_luc %}") + p("{{p pl.ngat_trang }}")
            + p("{%p if pl.nhan %}") + p("{{ pl.nhan }}", "VBPhuLucSo") + p("{%p endif %}")  # a Danh mục has none
            + p("{{ pl.ten }}", "VBPhuLucTen")
            + p("{%p if pl.phu_de %}") + p("{{ pl.phu_de }}", "VBPhuLucTen") + p("{%p endif %}")
            + p("{{ pl.kem_theo }}", "VBKemTheo") + p("{{p pl.gach }}") + p("", "Normal")
            + p("{{p pl.bang }}") + p("{%p endfor %}"))


def section_xml() -> str:
    """Portrait A4, the decree's margins, numbering from 1 with no number on page 1."""
    top, bottom, left, right = (PORTRAIT_MARGINS[k] for k in ("top", "bottom", "left", "right"))
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/>'
            f'<w:headerReference w:type="first" r:id="rIdHeader2"/>'
            f'<w:pgSz w:w="11906" w:h="16838" w:code="9"/>'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" '
            f'w:header="567" w:footer="567" w:gutter="0"/>'
            '<w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="720"/><w:titlePg/>'
            '<w:docGrid w:linePitch="381"/></w:sectPr>')


# What each template holds between its header table and its signature: Kế hoạch (Mẫu 1.4),
# Báo cáo (Mẫu 1.4 with Kính gửi, for a report sent upward) and Công văn (Mẫu 1.5: no tên loại,
# "V/v …" under Số, Kính gửi under the header).
KINDS = {
    "ke-hoach": lambda: header_table() + title_block(),
    "bao-cao": lambda: header_table() + title_block() + kinh_gui_block(),
    "cong-van": lambda: header_table(cong_van=True) + p("", "Normal") + kinh_gui_block(),
}


def document_xml(kind: str = "ke-hoach") -> str:
    top = KINDS[kind]()
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
            # The empty line before the signature keeps with it, so the last body paragraph (keepNext)
            # never leaves the signature alone on a page.
            f"{top}{body_block()}{p('', 'Normal', '<w:keepNext/>')}{signature_block()}{annex_block()}"
            f"{section_xml()}"
            "</w:body></w:document>")


def header_xml(with_number: bool) -> str:
    if with_number:
        content = ('<w:p><w:pPr><w:pStyle w:val="VBSoTrang"/></w:pPr>'
                   '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                   '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
                   '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    else:
        content = '<w:p><w:pPr><w:pStyle w:val="VBSoTrang"/></w:pPr></w:p>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{content}</w:hdr>')


def footnotes_xml() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            "</w:footnotes>")


def settings_xml() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W_NS}">'
            '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
            '<w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            'w:val="15"/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>')


def font_table_xml() -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
            f'<w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
            '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>')


def theme_xml() -> str:
    """A minimal Office theme (Word expects one); its fonts are Times New Roman too."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    colors = "".join(
        f"<a:{n}><a:srgbClr val=\"{v}\"/></a:{n}>" for n, v in [
            ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F1F1F"), ("lt2", "EEEEEE"),
            ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"), ("accent4", "FFC000"),
            ("accent5", "5B9BD5"), ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")])
    font = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = '<a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<a:theme xmlns:a="{a}" name="vanban"><a:themeElements>'
            f'<a:clrScheme name="vanban">{colors}</a:clrScheme>'
            f'<a:fontScheme name="vanban"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont>'
            f'</a:fontScheme><a:fmtScheme name="vanban"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
            f'<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>'
            f'<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>'
            "<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>")


CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>
<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>
<Relationship Id="rIdFonts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>
<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rIdTheme" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>
<Relationship Id="rIdHeader1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rIdHeader2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>
</Relationships>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title></dc:title><dc:creator></dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>vanban</Application></Properties>"""


def build(target: Path, kind: str = "ke-hoach") -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("docProps/core.xml", CORE)
        z.writestr("docProps/app.xml", APP)
        z.writestr("word/_rels/document.xml.rels", DOC_RELS)
        z.writestr("word/document.xml", document_xml(kind))
        z.writestr("word/styles.xml", styles_xml())
        z.writestr("word/settings.xml", settings_xml())
        z.writestr("word/fontTable.xml", font_table_xml())
        z.writestr("word/footnotes.xml", footnotes_xml())
        z.writestr("word/theme/theme1.xml", theme_xml())
        z.writestr("word/header1.xml", header_xml(True))
        z.writestr("word/header2.xml", header_xml(False))


if __name__ == "__main__":
    for kind in KINDS:
        out = ROOT / "templates" / "docx" / f"{kind}.docx"
        build(out, kind)
        print(out)
