"""The return form (phiếu báo cáo, ``bieu-mau-<kỳ>-<cơ quan>.xlsx``) as the program knows it: its
version, its sheets, the columns of "Kết quả", the fields of "Thông tin báo cáo", the parts of
"Nội dung báo cáo" and the hidden identifier sheet. ``render.xlsx_bieu_mau`` writes forms by it,
``load.phieu`` reads the filled ones by it, and the web form shows the same fields."""

from __future__ import annotations

PHIEN_BAN = "vanban-bieumau-1"

SHEET_HUONG_DAN = "Hướng dẫn"
SHEET_THONG_TIN = "Thông tin báo cáo"
SHEET_KET_QUA = "Kết quả"
SHEET_NOI_DUNG = "Nội dung báo cáo"
SHEET_META = "_vanban"
SHEETS = (SHEET_HUONG_DAN, SHEET_THONG_TIN, SHEET_KET_QUA, SHEET_NOI_DUNG)

# "Kết quả": (field, column title). The first columns (up to Tiến độ) come from the plan.
COT_KET_QUA: tuple[tuple[str, str], ...] = (
    ("id", "Mã nhiệm vụ"),
    ("tt", "TT"),
    ("noi_dung", "Nội dung nhiệm vụ"),
    ("vai_tro", "Vai trò"),
    ("tien_do", "Tiến độ"),
    ("tinh_trang", "Tình trạng"),
    ("ty_le", "Tỷ lệ hoàn thành (%)"),
    ("ket_qua", "Kết quả thực hiện"),
    ("san_pham", "Sản phẩm, văn bản đã ban hành"),
    ("kho_khan", "Khó khăn, vướng mắc"),
    ("de_xuat", "Đề xuất"),
)

# "Thông tin báo cáo": (ThongTinBaoCao field, label in column "Mục", input message).
THONG_TIN: tuple[tuple[str, str, str], ...] = (
    ("co_quan_chu_quan", "Cơ quan chủ quản",
     "Tên cơ quan cấp trên trực tiếp (nếu có), ví dụ: UBND TỈNH HƯNG YÊN. Để trống nếu không có."),
    ("ten_co_quan", "Tên cơ quan", "Tên cơ quan báo cáo, ví dụ: Sở Nông nghiệp và Môi trường."),
    ("viet_tat", "Viết tắt", "Chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản, ví dụ: SNNMT. Ô trống "
                             "thì phải ghi."),
    ("so", "Số", "Số của báo cáo (số nguyên, ví dụ 25). Để trống nếu văn thư cấp số khi ban hành."),
    ("ngay", "Ngày", "Ngày ban hành, ghi ngày/tháng/năm, ví dụ 15/12/2026. Để trống nếu chưa có."),
    ("dia_danh", "Địa danh", "Địa danh ghi trước ngày tháng năm, ví dụ: Hưng Yên."),
    ("kinh_gui", "Kính gửi", "Cơ quan nhận báo cáo."),
    ("quyen_han", "Quyền hạn ký",
     "Chọn TM., KT., TL., TUQ. hoặc Q.; để trống khi người đứng đầu cơ quan ký."),
    ("cap_truong", "Chức vụ cấp trưởng",
     "Chức vụ của người đứng đầu, ghi sau quyền hạn ký, ví dụ: Giám đốc (KT. GIÁM ĐỐC)."),
    ("chuc_vu", "Chức vụ người ký", "Chức vụ của người ký, ví dụ: Phó Giám đốc."),
    ("ho_ten", "Họ tên người ký", "Họ và tên người ký, ví dụ: Nguyễn Văn A."),
)
THONG_TIN_HEAD = ("Mục", "Nội dung")
QUYEN_HAN = ("TM.", "KT.", "TL.", "TUQ.", "Q.")

# "Nội dung báo cáo": (PhieuBaoCao field, heading).
MUC_NOI_DUNG: tuple[tuple[str, str], ...] = (
    ("cong_tac_chi_dao", "I. Công tác chỉ đạo, tổ chức thực hiện"),
    ("ton_tai", "II. Tồn tại, hạn chế và nguyên nhân"),
    ("phuong_huong", "III. Phương hướng, nhiệm vụ thời gian tới"),
    ("kien_nghi", "IV. Đề xuất, kiến nghị"),
)

# "_vanban": key/value rows; one "nhiem_vu" row per assigned task: id, role.
META_KEYS = ("phien_ban", "ke_hoach", "ky", "co_quan", "trich_dan", "chot_so_lieu")
META_TASK = "nhiem_vu"
