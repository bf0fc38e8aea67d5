"""What reissuing a hand-made document in exact form changed, in Vietnamese: from the way the
reader found it laid out (``VanBanNhap.facts``) and from the checker's findings on the document
before and after."""

from __future__ import annotations

from collections import Counter

from .van_ban import VanBanNhap

# The checker's rule families, in the words of the list of changes.
_FAMILIES = {
    "PAGE": "khổ giấy, lề", "PGNUM": "số trang", "FONT": "phông chữ", "TEXT": "chữ và dấu",
    "HDR": "đầu văn bản", "HEAD": "đầu văn bản", "MARK": "độ mật, độ khẩn", "TTL": "tên loại và trích yếu",
    "KG": "Kính gửi", "BODY": "thân văn bản", "SIG": "khối chữ ký", "NN": "nơi nhận", "PL": "phụ lục",
    "CONS": "sự thống nhất giữa các phần", "CC": "ký tự ẩn", "CV": "công văn", "MISC": "khác",
}


def _family(rule: str) -> str:
    head = rule.split("-")[0]
    return _FAMILIES.get(head, head)


def thay_doi(doc: VanBanNhap, truoc: list, sau: list) -> list[str]:
    """The changes, one sentence each: the layout rebuilt, then each of the checker's rules the
    input broke and the output keeps (with how many places and the first of them)."""
    f = doc.facts
    out: list[str] = []
    if f.get("header_tabs"):
        out.append("đầu văn bản dàn bằng phím Tab: đặt lại trong bảng hai cột (tên cơ quan, số và ký hiệu bên "
                   "trái; quốc hiệu, tiêu ngữ, địa danh và ngày tháng bên phải) với đường kẻ dưới đúng độ dài")
    if f.get("no_quoc_hieu"):
        out.append("thêm Quốc hiệu và Tiêu ngữ")
    if f.get("trich_yeu_lines"):
        out.append("trích yếu gõ thành nhiều đoạn: gộp thành một đoạn, ngắt dòng theo độ rộng trang")
    if f.get("ten_loai_case"):
        out.append(f"tên loại “{f['ten_loai_case']}”: viết in hoa")
    if f.get("auto_numbering"):
        out.append(f"{f['auto_numbering']} đoạn đánh số tự động của Word: ghi số thứ tự thành chữ (I, 1, a, -) "
                   "theo Nghị định, điểm theo bảng chữ cái tiếng Việt")
    if f.get("no_end_mark"):
        out.append("thêm dấu kết thúc “./.” sau đoạn cuối")
    if f.get("body_tables"):
        out.append(f"{f['body_tables']} bảng trong thân văn bản không được lập lại (xem cảnh báo)")
    if f.get("annex_no_label"):
        out.append("phụ lục không có nhãn: thêm nhãn “Phụ lục” trên tên phụ lục")
    if f.get("danh_muc_cited"):
        out.append("thân văn bản dẫn chiếu “Danh mục kèm theo”: đổi thành “Phụ lục kèm theo”")
    if f.get("signer_paragraphs"):
        out.append("khối chữ ký và nơi nhận gõ bằng đoạn văn hoặc phím Tab: đặt lại trong bảng hai cột (nơi nhận "
                   "bên trái, quyền hạn, chức vụ, họ tên người ký bên phải)")
    if f.get("reordered_signer"):
        out.append("dòng quyền hạn (KT./TM./TL./TUQ./Q.) đặt lên trên dòng chức vụ")
    if f.get("noi_nhan_format"):
        out.append("nơi nhận: mỗi dòng bắt đầu bằng “- ”, kết thúc bằng “;”, dòng Lưu kết thúc bằng “.”")
    if f.get("no_luu"):
        out.append("thêm dòng “- Lưu: VT…” vào nơi nhận")
    after = Counter(x.rule for x in sau)
    seen: dict[str, list] = {}
    for x in truoc:
        if x.rule not in after:
            seen.setdefault(x.rule, []).append(x)
    for rule, found in seen.items():
        first = found[0]
        more = f" ({len(found)} chỗ, đầu tiên ở {first.place})" if len(found) > 1 else f" ({first.place})"
        out.append(f"[{rule}] {_family(rule)}: {first.message}{more}")
    return out
