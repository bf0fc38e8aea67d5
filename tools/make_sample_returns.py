"""Write the sample reporting period of the Hưng Yên plan: filled return forms of several agencies
and the period file of the consolidation, so the demo shows the whole reporting cycle.

Writes (deterministically, byte for byte):

- ``data/bao-cao/hung-yen-2026/thong-tin.yaml``: the period file (``ThongTinKy``): period, deadline,
  header of the consolidated Báo cáo of UBND tỉnh and of the reminder letter of the Sở Nông nghiệp
  và Môi trường.
- ``data/bao-cao/hung-yen-2026/phieu/*.xlsx``: return forms made by the library
  (``api.tao_bieu_mau`` on ``data/ke-hoach/hung-yen-132.yaml``, period "2026") and filled here with
  openpyxl as a clerk fills them: the "Thông tin báo cáo" sheet, the agency's columns of
  "Kết quả" and the four parts of "Nội dung báo cáo".

The mix (``PHIEU`` below): complete returns, partial returns (rows left empty), one return sent
after the deadline (still valid: lateness is not something a file can carry; the agencies that
are late in the demo are those with no file at all), one return with errors the reader locates
in Excel terms, and one agency sending a second, corrected file. The consolidation counts one
file per agency, the one with the later report date (on a tie the first by file name): the
correction counts and the first file is listed as the duplicate. Three agencies send nothing:
the reminder letter lists them, with the agency whose only file could not be read.

Run:  .venv/bin/python tools/make_sample_returns.py [--ghi-de] [--thu-muc DIR]
Existing files are never overwritten without ``--ghi-de``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from vanban import api  # noqa: E402
from vanban.model.bieu_mau import (  # noqa: E402
    COT_KET_QUA, MUC_NOI_DUNG, SHEET_KET_QUA, SHEET_NOI_DUNG, SHEET_THONG_TIN, THONG_TIN,
)
from vanban.render.xlsx_bieu_mau import HEAD_ROW  # noqa: E402

PLAN = ROOT / "data" / "ke-hoach" / "hung-yen-132.yaml"
PLAN_REL = "data/ke-hoach/hung-yen-132.yaml"
KY = "2026"
HAN_NOP = dt.date(2026, 12, 15)
OUT = ROOT / "data" / "bao-cao" / "hung-yen-2026"
THONG_TIN_FILE = "thong-tin.yaml"
PHIEU_DIR = "phieu"
# Every workbook and zip member carries this time: the files do not change from run to run.
FIXED_TIME = dt.datetime(2026, 12, 15, 8, 0, 0)

# Kinds of sample returns.
DAY_DU = "day_du"  # every task row has a status
MOT_PHAN = "mot_phan"  # some task rows left empty
NOP_MUON = "nop_muon"  # dated after the deadline, otherwise valid
CO_LOI = "co_loi"  # the reader refuses it: the consolidation lists it with the cells at fault
BO_SUNG = "bo_sung"  # a second, corrected file of an agency that already sent one

DA_XONG, DANG, CHUA = "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"


@dataclass(frozen=True)
class Dong:
    """What the clerk types on one task row of "Kết quả" (None: the cell is left empty)."""

    tinh_trang: str | None = None
    ty_le: object = None  # 80, "80%", or 0.8 with ``phan_tram`` (Excel's own way of keeping 80%)
    ket_qua: str | None = None
    san_pham: str | None = None
    kho_khan: str | None = None
    de_xuat: str | None = None
    phan_tram: bool = False  # the rate cell formatted as a percentage, the value a fraction
    ma_sua: str | None = None  # a task id typed over the plan's (an error)


@dataclass(frozen=True)
class Loi:
    """An error planted in a return: the task row, the field at fault, what the reader says."""

    nhiem_vu: str
    cot: str  # field of COT_KET_QUA
    mo_ta: str


@dataclass(frozen=True)
class Phieu:
    """One sample return."""

    tep: str  # file name in phieu/
    mau: str  # the blank form it starts from: bieu-mau-2026-<mau>.xlsx
    loai: str
    thong_tin: dict[str, object]  # THONG_TIN field -> value typed in column B
    dong: dict[str, Dong]  # task id -> row
    noi_dung: dict[str, str] = field(default_factory=dict)  # MUC_NOI_DUNG field -> text
    mac_dinh: Dong | None = None  # for every other task row of the form (complete returns)
    ghi_chu: str = ""  # what the sample shows (Vietnamese, written into thong-tin.yaml)
    loi: tuple[Loi, ...] = ()


def _tt(chu_quan, ten, viet_tat, so, ngay, ky_ten, quyen_han="KT.", cap_truong="Giám đốc",
        chuc_vu="Phó Giám đốc", kinh_gui="Sở Nông nghiệp và Môi trường", dia_danh="Hưng Yên") -> dict:
    return {"co_quan_chu_quan": chu_quan, "ten_co_quan": ten, "viet_tat": viet_tat, "so": so, "ngay": ngay,
            "dia_danh": dia_danh, "kinh_gui": kinh_gui, "quyen_han": quyen_han, "cap_truong": cap_truong,
            "chuc_vu": chuc_vu, "ho_ten": ky_ten}


# ---- Sở Nông nghiệp và Môi trường: complete -------------------------------------------------

SNNMT = Phieu(
    tep="01-so-nong-nghiep-va-moi-truong.xlsx", mau="SNNMT", loai=DAY_DU,
    ghi_chu="đầy đủ; cơ quan tổng hợp cũng tự báo cáo, Kính gửi sửa thành UBND tỉnh",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Sở Nông nghiệp và Môi trường", "SNNMT", 612, "10/12/2026",
                  "Đỗ Minh Khang", kinh_gui="Ủy ban nhân dân tỉnh Hưng Yên"),
    dong={
        "HY-1-01": Dong(DA_XONG, 100,
                        "Tham mưu UBND tỉnh phê duyệt Kế hoạch giảm phát thải khí nhà kính lĩnh vực nông "
                        "nghiệp và quản lý chất thải giai đoạn 2026 - 2030; cập nhật số liệu kiểm kê khí nhà "
                        "kính năm 2025 của 46 cơ sở thuộc danh mục phải kiểm kê.",
                        "Quyết định số 1875/QĐ-UBND ngày 18/9/2026 của UBND tỉnh phê duyệt Kế hoạch giảm "
                        "phát thải khí nhà kính lĩnh vực nông nghiệp, quản lý chất thải giai đoạn 2026 - 2030."),
        "HY-1-03": Dong(DANG, 60,
                        "Vận hành 8 trạm quan trắc nước mặt tự động trên hệ thống sông Bắc Hưng Hải và 3 trạm "
                        "quan trắc không khí tự động; hoàn thành 2 đợt quan trắc định kỳ tại 142 điểm.\n"
                        "Đang lập dự án nâng cấp hệ thống tiếp nhận, truyền số liệu quan trắc về Sở.",
                        kho_khan="Kinh phí đầu tư bổ sung trạm quan trắc tự động chưa được bố trí; 2 trạm hoạt "
                                 "động không liên tục do hỏng thiết bị đo.",
                        de_xuat="Bố trí kinh phí năm 2027 để thay thế thiết bị quan trắc đã hết khấu hao."),
        "HY-1-04": Dong(DANG, 75,
                        "Thẩm định 38 báo cáo đánh giá tác động môi trường, cấp 64 giấy phép môi trường, trả "
                        "lại 2 hồ sơ không đáp ứng yêu cầu; hướng dẫn 115 cơ sở đăng ký môi trường trực tuyến.",
                        "Hướng dẫn số 2480/HD-SNNMT ngày 05/6/2026 về trình tự, thủ tục cấp giấy phép môi "
                        "trường trên địa bàn tỉnh."),
        "HY-2-01": Dong(DANG, 40,
                        "Điều tra sơ bộ 27 khu vực có nguy cơ ô nhiễm đất tồn lưu; xác định 4 khu vực ô nhiễm "
                        "nghiêm trọng cần lập phương án cải tạo, phục hồi.",
                        kho_khan="Chi phí lấy và phân tích mẫu đất lớn; trong tỉnh chưa có đơn vị đủ năng lực "
                                 "phân tích một số chỉ tiêu kim loại nặng."),
        "HY-2-05": Dong(DANG, 70,
                        "Tham mưu UBND tỉnh ban hành Kế hoạch quản lý chất lượng môi trường không khí giai đoạn "
                        "2026 - 2030; công bố chỉ số chất lượng không khí (VN_AQI) hằng ngày trên trang thông "
                        "tin điện tử của Sở.",
                        "Kế hoạch số 210/KH-UBND ngày 24/7/2026 của UBND tỉnh."),
        "HY-3-04": Dong(DANG, 65,
                        "Kiểm tra việc quản lý chất thải nguy hại tại 31 cơ sở: 26 cơ sở đã ký hợp đồng chuyển "
                        "giao cho đơn vị có chức năng; yêu cầu 5 cơ sở hoàn thiện hồ sơ chủ nguồn thải."),
        "HY-3-06": Dong(DANG, 55,
                        "Xây dựng 6 mô hình sản xuất lúa theo hướng hữu cơ, tổng diện tích 180 ha; hỗ trợ 42 "
                        "trang trại chăn nuôi áp dụng hầm biogas và đệm lót sinh học."),
        "HY-4-01": Dong(DA_XONG, 100,
                        "Thực hiện 2 cuộc thanh tra, 9 cuộc kiểm tra chuyên ngành tại 47 cơ sở; phát hiện 11 "
                        "cơ sở vi phạm, tham mưu xử phạt vi phạm hành chính tổng số tiền 1,32 tỷ đồng.",
                        "Kết luận thanh tra số 15/KL-SNNMT ngày 20/10/2026."),
        "HY-5-01": Dong(DA_XONG, 100,
                        "Tổ chức lễ phát động hưởng ứng Ngày Môi trường thế giới và Tháng hành động vì môi "
                        "trường năm 2026 với khoảng 1.200 người tham gia; công khai kết quả quan trắc định kỳ "
                        "trên trang thông tin điện tử của Sở."),
        "HY-5-02": Dong(DANG, 80,
                        "Phát hành 5.000 tờ rơi, 300 pano, áp phích về phân loại chất thải rắn sinh hoạt; "
                        "phối hợp Báo và Phát thanh, Truyền hình Hưng Yên thực hiện 12 chuyên mục."),
        "HY-6-03": Dong(DANG, 30,
                        "Tổng hợp, đề xuất danh mục 7 dự án hạ tầng môi trường ưu tiên đầu tư giai đoạn "
                        "2026 - 2030, gửi Sở Tài chính."),
        "HY-1-02": Dong(DANG, None, "Cung cấp số liệu quan trắc chất lượng nước sông Bắc Hưng Hải phục vụ lập "
                                    "dự án."),
        "HY-2-02": Dong(CHUA),
        "HY-3-02": Dong(DANG, None, "Hướng dẫn các xã, phường triển khai phân loại chất thải rắn sinh hoạt tại "
                                    "nguồn theo quy định."),
        "HY-6-01": Dong(DA_XONG, 100, "Kiện toàn Chi cục Bảo vệ môi trường và bộ phận quản lý môi trường phù "
                                      "hợp với mô hình chính quyền địa phương 2 cấp."),
    },
    mac_dinh=Dong(DANG),
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Kế hoạch số 58/KH-SNNMT ngày 14/5/2026 triển khai Kế hoạch số "
                            "132/KH-UBND, phân công nhiệm vụ cho các phòng, đơn vị trực thuộc.\n"
                            "Gửi mẫu phiếu báo cáo thống nhất và hướng dẫn các sở, ngành, xã, phường báo cáo "
                            "kết quả thực hiện.",
        "ton_tai": "Số liệu quan trắc tự động còn gián đoạn; cán bộ quản lý môi trường cấp xã còn mỏng, chủ "
                   "yếu kiêm nhiệm.\n"
                   "Nguyên nhân: kinh phí sự nghiệp môi trường chưa tương xứng với nhiệm vụ; sắp xếp tổ chức "
                   "bộ máy làm thay đổi đầu mối tiếp nhận ở nhiều địa phương.",
        "phuong_huong": "Hoàn thành phương án cải tạo, phục hồi 4 khu vực đất ô nhiễm nghiêm trọng.\n"
                        "Thẩm định, cấp giấy phép môi trường đúng thời hạn; tăng cường kiểm tra sau cấp phép.",
        "kien_nghi": "Đề nghị UBND tỉnh chỉ đạo các xã, phường bố trí công chức theo dõi lĩnh vực môi "
                     "trường.\nĐề nghị bổ sung kinh phí sự nghiệp môi trường năm 2027 cho quan trắc và xử lý "
                     "ô nhiễm tồn lưu.",
    },
)

# ---- Sở Xây dựng: complete, rates typed as "80%", one status typed in lower case -------------

SXD = Phieu(
    tep="02-so-xay-dung.xlsx", mau="SXD", loai=DAY_DU,
    ghi_chu="đầy đủ; tỷ lệ gõ dạng chữ “80%”, một tình trạng gõ chữ thường “đã hoàn thành”; "
            "bị thay bằng bản bổ sung nên là phiếu trùng, không được tính",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Sở Xây dựng", "SXD", 318, "11/12/2026", "Phạm Quốc Tuấn"),
    dong={
        "HY-1-01": Dong(DANG, "80%",
                        "Đã ban hành Kế hoạch số 47/KH-SXD ngày 12/5/2026 về giảm phát thải khí nhà kính lĩnh "
                        "vực xây dựng, giao thông; đang tổng hợp số liệu tiêu thụ năng lượng của 22 công trình "
                        "để cập nhật kế hoạch.",
                        kho_khan="Chưa có hướng dẫn thống nhất về phương pháp kiểm kê khí nhà kính đối với "
                                 "công trình xây dựng."),
        "HY-1-02": Dong(DANG, "35%",
                        "Hoàn thành báo cáo nghiên cứu khả thi Dự án thu gom, xử lý nước thải khu vực thượng "
                        "nguồn sông Bắc Hưng Hải, công suất 12.000 m³/ngày đêm; đang lựa chọn nhà thầu thiết kế.",
                        kho_khan="Vướng giải phóng mặt bằng tại vị trí trạm xử lý.",
                        de_xuat="Đề nghị UBND các xã có dự án đi qua đẩy nhanh bồi thường, giải phóng mặt "
                                "bằng."),
        "HY-2-03": Dong(DANG, "60%",
                        "Rà soát 9 đô thị loại IV trở lên: 4 đô thị đã có hệ thống xử lý nước thải tập trung; "
                        "tỷ lệ nước thải sinh hoạt đô thị được thu gom, xử lý đạt 41%."),
        "HY-2-04": Dong("đã hoàn thành", "100%",
                        "Phối hợp Công an tỉnh kiểm tra khí thải 3.450 lượt phương tiện, đình chỉ lưu hành 27 "
                        "phương tiện không đạt; đưa 12 xe buýt điện vào khai thác tuyến Hưng Yên - Phố Nối.",
                        "Quyết định số 905/QĐ-SXD ngày 02/8/2026 phê duyệt lộ trình chuyển đổi phương tiện "
                        "vận tải hành khách công cộng sử dụng năng lượng xanh."),
        "HY-2-05": Dong(DANG, "75%",
                        "Yêu cầu các công trình xây dựng trong đô thị che chắn, phun nước giảm bụi; kiểm tra "
                        "64 công trình, nhắc nhở 15 chủ đầu tư."),
        "HY-2-06": Dong(DANG, "50%",
                        "Kiểm tra 18 dự án, phát hiện 4 trường hợp đổ chất thải rắn xây dựng không đúng nơi quy "
                        "định, chuyển hồ sơ đề nghị xử phạt.",
                        kho_khan="Các đô thị chưa có bãi tiếp nhận chất thải rắn xây dựng tập trung."),
        "HY-6-03": Dong(DANG, "30%",
                        "Đề xuất 3 dự án thoát nước, xử lý nước thải đô thị vào kế hoạch đầu tư công trung "
                        "hạn 2026 - 2030."),
        "HY-1-04": Dong(DANG, None, "Lồng ghép yêu cầu bảo vệ môi trường khi thẩm định thiết kế xây dựng 52 "
                                    "dự án."),
        "HY-2-02": Dong(CHUA),
        "HY-3-03": Dong(DANG, None, "Phối hợp lựa chọn địa điểm nhà máy xử lý chất thải rắn sinh hoạt kết "
                                    "hợp phát điện tại khu vực phía Nam tỉnh."),
        "HY-6-01": Dong(DA_XONG),
    },
    mac_dinh=Dong(DANG),
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Kế hoạch số 47/KH-SXD ngày 12/5/2026 triển khai Kế hoạch số 132/KH-UBND; "
                            "giao nhiệm vụ cụ thể cho các phòng chuyên môn và Ban Quản lý dự án đầu tư xây dựng "
                            "các công trình dân dụng.",
        "ton_tai": "- Tiến độ các dự án xử lý nước thải đô thị chậm do vướng mặt bằng và thiếu vốn.\n"
                   "- Chưa hình thành bãi tiếp nhận chất thải rắn xây dựng tập trung.",
        "phuong_huong": "Khởi công Dự án thu gom, xử lý nước thải thượng nguồn sông Bắc Hưng Hải trong quý "
                        "II/2027; trình ban hành quy định quản lý chất thải rắn xây dựng trên địa bàn tỉnh.",
        "kien_nghi": "Đề nghị UBND tỉnh ưu tiên bố trí vốn đầu tư công cho các dự án thoát nước, xử lý nước "
                     "thải đô thị.",
    },
)

# The corrected file Sở Xây dựng sent three days later: one task now completed, a new number and
# date. The consolidation counts one file per agency, the later report date: this one; the first
# file is then listed as a duplicate.
SXD_BO_SUNG = replace(
    SXD, tep="02-so-xay-dung-bo-sung.xlsx", loai=BO_SUNG,
    ghi_chu="bản sửa Sở Xây dựng gửi lại ngày 14/12/2026 (HY-1-01 đã hoàn thành); được tính vì ngày báo "
            "cáo muộn hơn, bản đầu “02-so-xay-dung.xlsx” thành phiếu trùng",
    thong_tin={**SXD.thong_tin, "so": 327, "ngay": "14/12/2026"},
    dong={**SXD.dong,
          "HY-1-01": Dong(DA_XONG, "100%",
                          "Đã ban hành Kế hoạch số 47/KH-SXD ngày 12/5/2026; cập nhật xong nội dung giảm phát "
                          "thải khí nhà kính lĩnh vực xây dựng, giao thông trên cơ sở số liệu của 22 công trình.",
                          "Quyết định số 1120/QĐ-SXD ngày 09/12/2026 ban hành Kế hoạch giảm phát thải khí nhà "
                          "kính lĩnh vực xây dựng (cập nhật).")},
)

# ---- Sở Công Thương: complete, rates as Excel keeps "75%" (0.75, percent format) -------------

SCT = Phieu(
    tep="03-so-cong-thuong.xlsx", mau="SCT", loai=DAY_DU,
    ghi_chu="đầy đủ; tỷ lệ Excel lưu dạng phần trăm (0,75 định dạng %)",
    thong_tin=_tt("Ủy ban nhân dân tỉnh Hưng Yên", "Sở Công Thương", "SCT", 1045, "8/12/2026",
                  "Lê Thị Thu Hà"),
    dong={
        "HY-1-01": Dong(DA_XONG, 1.0,
                        "Hoàn thành rà soát, cập nhật nội dung giảm phát thải khí nhà kính lĩnh vực công "
                        "nghiệp, năng lượng; gửi Sở Nông nghiệp và Môi trường tổng hợp.",
                        "Văn bản số 2315/SCT-QLNL ngày 28/10/2026.", phan_tram=True),
        "HY-2-05": Dong(DANG, 0.6,
                        "Hướng dẫn 19 cơ sở sản xuất gạch, gốm, luyện kim lắp đặt thiết bị xử lý khí thải; 7 cơ "
                        "sở đã cải tạo xong.", phan_tram=True),
        "HY-3-01": Dong(DANG, 0.7,
                        "Tổ chức 3 lớp tập huấn về sản xuất sạch hơn cho 165 doanh nghiệp; hỗ trợ 8 doanh "
                        "nghiệp đánh giá sản xuất sạch hơn từ kinh phí khuyến công.", phan_tram=True),
        "HY-6-02": Dong(DANG, 0.45,
                        "Lập danh mục 14 doanh nghiệp hoạt động trong lĩnh vực công nghiệp môi trường; đưa nội "
                        "dung hỗ trợ vào Chương trình khuyến công địa phương năm 2027.", phan_tram=True,
                        de_xuat="Đề nghị Bộ Công Thương sớm hướng dẫn tiêu chí cụm công nghiệp xanh."),
        "HY-6-03": Dong(CHUA, None, "Chưa có dự án thuộc lĩnh vực quản lý được bố trí vốn."),
        "HY-1-06": Dong(DANG, None, "Rà soát 11 cụm công nghiệp, đề xuất 2 cụm công nghiệp tiếp nhận cơ sở di "
                                    "dời từ làng nghề."),
        "HY-3-04": Dong(DANG, None, "Hướng dẫn chủ đầu tư hạ tầng cụm công nghiệp tổ chức thu gom chất thải "
                                    "rắn công nghiệp thông thường."),
        "HY-2-02": Dong(CHUA),
    },
    mac_dinh=Dong(DANG),
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Kế hoạch số 112/KH-SCT ngày 20/5/2026; lồng ghép nhiệm vụ bảo vệ môi "
                            "trường vào Chương trình khuyến công và Chương trình sử dụng năng lượng tiết kiệm, "
                            "hiệu quả.",
        "ton_tai": "Nhiều cụm công nghiệp chưa có hệ thống xử lý nước thải tập trung; doanh nghiệp nhỏ và vừa "
                   "còn hạn chế nguồn lực đổi mới công nghệ.",
        "phuong_huong": "Tiếp tục hỗ trợ doanh nghiệp áp dụng sản xuất sạch hơn; đôn đốc chủ đầu tư hạ tầng 5 "
                        "cụm công nghiệp hoàn thành hệ thống xử lý nước thải.",
        "kien_nghi": "Đề nghị UBND tỉnh có cơ chế hỗ trợ lãi suất cho doanh nghiệp đầu tư công nghệ xử lý "
                     "chất thải.",
    },
)

# ---- Công an tỉnh: complete, "Số" typed as text, part IV left empty --------------------------

CAT = Phieu(
    tep="04-cong-an-tinh.xlsx", mau="CAT", loai=DAY_DU,
    ghi_chu="đầy đủ; mục IV để trống",
    thong_tin=_tt("BỘ CÔNG AN", "Công an tỉnh Hưng Yên", "CAT", "87", "12/12/2026", "Vũ Đức Thắng"),
    dong={
        "HY-1-04": Dong(DA_XONG, 100,
                        "Phối hợp thẩm định hồ sơ môi trường của 21 dự án có nguy cơ gây ô nhiễm cao; kiểm tra "
                        "việc vận hành công trình xử lý chất thải tại 16 cơ sở."),
        "HY-2-05": Dong(DANG, 70, "Xử lý 43 trường hợp đốt rơm rạ, đốt rác thải gây ô nhiễm không khí tại khu "
                                  "dân cư."),
        "HY-4-02": Dong(DA_XONG, 100,
                        "Phát hiện, xử lý 58 vụ vi phạm pháp luật về môi trường (tăng 12 vụ so với năm 2025); "
                        "khởi tố 2 vụ án về tội gây ô nhiễm môi trường; xử phạt vi phạm hành chính 2,15 tỷ "
                        "đồng.",
                        "Kế hoạch số 96/KH-CAT-PC03 ngày 02/6/2026 về cao điểm đấu tranh với tội phạm, vi "
                        "phạm pháp luật về môi trường.",
                        kho_khan="Việc lấy mẫu, giám định chất thải mất nhiều thời gian, ảnh hưởng tiến độ xử "
                                 "lý vụ việc."),
        "HY-6-03": Dong(CHUA),
        "HY-2-04": Dong(DANG, None, "Tuần tra, kiểm soát, xử lý 214 phương tiện vi phạm quy định về khí thải, "
                                    "che chắn vật liệu rời."),
        "HY-3-04": Dong(DANG, None, "Kiểm soát vận chuyển chất thải nguy hại; phát hiện 3 xe chở chất thải nguy "
                                    "hại không có chứng từ."),
        "HY-2-02": Dong(CHUA),
    },
    mac_dinh=Dong(DANG),
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Kế hoạch số 96/KH-CAT-PC03 ngày 02/6/2026; chỉ đạo Công an các xã, "
                            "phường nắm tình hình tại các làng nghề, cụm công nghiệp.",
        "ton_tai": "Thủ đoạn xả thải trái phép ngày càng tinh vi, thường vào ban đêm, qua đường ống ngầm.",
        "phuong_huong": "Mở đợt cao điểm kiểm tra các cơ sở xả thải ra hệ thống sông Bắc Hưng Hải trong quý "
                        "I/2027.",
    },
)

# ---- Sở Y tế: partial, signed by the director herself (no quyền hạn) -------------------------

SYT = Phieu(
    tep="05-so-y-te.xlsx", mau="SYT", loai=MOT_PHAN,
    ghi_chu="một phần (5/29 dòng); Giám đốc ký trực tiếp; mục III, IV để trống",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Sở Y tế", "SYT", 2210, "2026-12-09", "Hoàng Thị Lan",
                  quyen_han=None, cap_truong=None, chuc_vu="Giám đốc"),
    dong={
        "HY-3-05": Dong(DANG, 85,
                        "Duy trì xử lý chất thải y tế lây nhiễm theo cụm tại 4 bệnh viện, phục vụ 126 trạm y "
                        "tế; 100% chất thải y tế nguy hại của bệnh viện tuyến tỉnh được xử lý đạt quy chuẩn.",
                        kho_khan="Thiết bị hấp chất thải lây nhiễm tại Bệnh viện Đa khoa Phố Nối xuống cấp.",
                        de_xuat="Bố trí kinh phí năm 2027 thay thế thiết bị hấp chất thải y tế lây nhiễm."),
        "HY-2-05": Dong(DANG, None, "Khuyến cáo người dân biện pháp bảo vệ sức khỏe khi chỉ số chất lượng "
                                    "không khí ở mức kém và xấu."),
        "HY-5-02": Dong(DANG, 70, "Đăng 24 tin, bài truyền thông về sức khỏe môi trường, an toàn hóa chất "
                                  "trên trang thông tin điện tử của Sở."),
        "HY-6-01": Dong(DA_XONG, 100),
        "HY-3-01": Dong(DANG),
    },
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Công văn số 1876/SYT-NVY ngày 30/5/2026 chỉ đạo các đơn vị trực thuộc "
                            "triển khai thực hiện.",
        "ton_tai": "Một số trạm y tế chưa bố trí được khu lưu giữ chất thải đúng quy định.",
    },
)

# ---- Sở Giáo dục và Đào tạo: partial, "Số" left for the văn thư -----------------------------

SGDDT = Phieu(
    tep="06-so-giao-duc-va-dao-tao.xlsx", mau="SGDDT", loai=MOT_PHAN,
    ghi_chu="một phần (4/29 dòng); để trống Số (văn thư cấp); mục II, IV để trống",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Sở Giáo dục và Đào tạo", "SGDĐT", None, "13/12/2026",
                  "Ngô Thanh Bình"),
    dong={
        "HY-5-03": Dong(DA_XONG, 100,
                        "Lồng ghép nội dung giáo dục bảo vệ môi trường vào chương trình giáo dục địa phương cấp "
                        "tiểu học, trung học cơ sở; tổ chức cuộc thi “Em yêu môi trường xanh” với 3.600 bài dự "
                        "thi.",
                        "Công văn số 2204/SGDĐT-GDPT ngày 15/8/2026 hướng dẫn giáo dục bảo vệ môi trường năm "
                        "học 2026 - 2027."),
        "HY-5-04": Dong(DANG, None, "Nhân rộng mô hình “Trường học xanh - an toàn” tại 37 trường."),
        "HY-5-01": Dong(DANG, None, "Tổ chức cho học sinh tham gia ngày Chủ nhật xanh tại 210 trường."),
        "HY-3-02": Dong(DANG),
    },
    noi_dung={
        "cong_tac_chi_dao": "Đưa nhiệm vụ giáo dục bảo vệ môi trường vào hướng dẫn nhiệm vụ năm học 2026 - "
                            "2027 của các cấp học.",
        "phuong_huong": "Xây dựng bộ tài liệu giáo dục môi trường địa phương dùng chung cho cấp trung học cơ "
                        "sở.",
    },
)

# ---- Thanh tra tỉnh: sent after the deadline, valid -------------------------------------------

TTRA = Phieu(
    tep="07-thanh-tra-tinh.xlsx", mau="TTRA", loai=NOP_MUON,
    ghi_chu="nộp muộn: báo cáo ngày 16/12/2026, sau hạn 15/12/2026, nhận trước công văn đôn đốc; "
            "vẫn hợp lệ và được tính (một phần, 5/29 dòng)",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Thanh tra tỉnh", "TTr", 45, "16/12/2026", "Bùi Văn Định",
                  cap_truong="Chánh Thanh tra", chuc_vu="Phó Chánh Thanh tra"),
    dong={
        "HY-4-01": Dong(DA_XONG, 100,
                        "Thanh tra trách nhiệm thực hiện pháp luật về bảo vệ môi trường tại 3 xã; kiến nghị "
                        "kiểm điểm trách nhiệm 2 tập thể, 4 cá nhân.",
                        "Kết luận thanh tra số 27/KL-TTr ngày 14/11/2026."),
        "HY-4-02": Dong(DANG, None, "Chuyển 1 vụ việc có dấu hiệu tội phạm về môi trường sang Cơ quan Cảnh "
                                    "sát điều tra Công an tỉnh."),
        "HY-2-05": Dong(DANG),
        "HY-1-04": Dong(DANG),
        "HY-6-01": Dong(DA_XONG, 100),
    },
    noi_dung={
        "cong_tac_chi_dao": "Đưa nội dung thanh tra trách nhiệm về bảo vệ môi trường vào Kế hoạch thanh tra "
                            "năm 2026.",
        "ton_tai": "Lực lượng thanh tra viên có chuyên môn về môi trường còn ít.",
        "phuong_huong": "Thanh tra việc chấp hành pháp luật về bảo vệ môi trường tại 2 cụm công nghiệp trong "
                        "năm 2027.",
        "kien_nghi": "Đề nghị các sở, ngành gửi kết quả kiểm tra chuyên ngành để tránh chồng chéo.",
    },
)

# ---- Sở Khoa học và Công nghệ: errors; the reader refuses the file ---------------------------

SKHCN = Phieu(
    tep="08-so-khoa-hoc-va-cong-nghe.xlsx", mau="SKHCN", loai=CO_LOI,
    ghi_chu="có lỗi: tình trạng “Quá hạn”, tỷ lệ 120, một mã nhiệm vụ bị sửa; phiếu không được tính",
    thong_tin=_tt("UBND TỈNH HƯNG YÊN", "Sở Khoa học và Công nghệ", "SKHCN", 402, "12/12/2026",
                  "Trịnh Văn Long"),
    dong={
        # Typed over the dropdown's choices (pasted: Excel's validation does not stop a paste).
        "HY-1-05": Dong("Quá hạn", 50,
                        "Thẩm định công nghệ 9 dự án đầu tư; đề nghị điều chỉnh thiết bị của 1 dự án sử dụng "
                        "dây chuyền đã qua sử dụng trên 10 năm."),
        "HY-6-04": Dong(DANG, 120,
                        "Triển khai 3 đề tài khoa học cấp tỉnh về xử lý nước thải làng nghề và tái chế phụ phẩm "
                        "nông nghiệp."),
        # The clerk unprotected the sheet and changed the task id.
        "HY-6-05": Dong(DANG, 40,
                        "Phê duyệt 2 nhiệm vụ khoa học về vật liệu thân thiện với môi trường.", ma_sua="HY-6-06"),
        "HY-2-05": Dong(DANG),
        "HY-6-03": Dong(CHUA),
    },
    noi_dung={
        "cong_tac_chi_dao": "Ban hành Kế hoạch số 77/KH-SKHCN ngày 28/5/2026.",
    },
    loi=(Loi("HY-1-05", "tinh_trang", "tình trạng “Quá hạn” (do cơ quan tổng hợp xác định)"),
         Loi("HY-6-04", "ty_le", "tỷ lệ hoàn thành 120 (ngoài 0–100)"),
         Loi("HY-6-05", "id", "mã nhiệm vụ sửa thành HY-6-06 (không được giao)")),
)

PHIEU: tuple[Phieu, ...] = (SNNMT, SXD, SXD_BO_SUNG, SCT, CAT, SYT, SGDDT, TTRA, SKHCN)

# Forms of the plan for which no file is sent (the reminder letter lists these agencies).
KHONG_GUI = ("SNV", "STC", "ubnd-cac-xa-phuong")


# ---- the period file ------------------------------------------------------------------------

def thong_tin_yaml() -> str:
    """The period file, written by hand (comments kept), NFC."""
    mo_ta = "\n".join(f"#   {p.tep}: {p.ghi_chu}." for p in PHIEU)
    text = f"""\
# Thông tin kỳ báo cáo năm 2026 của Kế hoạch số 132/KH-UBND ngày 16/4/2026 của UBND tỉnh Hưng Yên.
# Dùng khi tổng hợp:
#   vanban tonghop {PLAN_REL} data/bao-cao/hung-yen-2026/phieu \\
#     --thong-tin data/bao-cao/hung-yen-2026/thong-tin.yaml -o <thư mục kết quả>
# Dữ liệu mẫu do tools/make_sample_returns.py tạo; sửa tại công cụ rồi chạy lại với --ghi-de.
#
# Các phiếu báo cáo mẫu (thư mục phieu/):
{mo_ta}
# Không gửi phiếu: Sở Nội vụ, Sở Tài chính, UBND các xã, phường (công văn đôn đốc nêu tên các cơ quan
# này và Sở Khoa học và Công nghệ, do phiếu của Sở không đọc được).

ke_hoach: ../../ke-hoach/hung-yen-132.yaml
ky: "2026"
han_nop: 15/12/2026

# Báo cáo tổng hợp của UBND tỉnh gửi Bộ Nông nghiệp và Môi trường.
bao_cao:
  so:  # văn thư cấp số khi ban hành
  ngay: 2026-12-28
  kinh_gui:
    - Bộ Nông nghiệp và Môi trường
  nguoi_ky:
    quyen_han: KT.
    cap_truong: Chủ tịch
    chuc_vu: Phó Chủ tịch
    ho_ten: Nguyễn Hùng Nam
  noi_nhan:
    nhu_tren: true
    gui:
      - Chủ tịch, các PCT UBND tỉnh
      - Sở Nông nghiệp và Môi trường
    luu:
      don_vi: KT2
      nguoi_soan: THIN

# Công văn đôn đốc của Sở Nông nghiệp và Môi trường gửi các cơ quan chưa báo cáo.
don_doc:
  co_quan_chu_quan: UBND tỉnh Hưng Yên
  co_quan_ban_hanh:
    ten: Sở Nông nghiệp và Môi trường
    viet_tat: SNNMT
  ngay: 2026-12-17
  han_moi: 2026-12-24
  nguoi_ky:
    quyen_han: KT.
    cap_truong: Giám đốc
    chuc_vu: Phó Giám đốc
    ho_ten: Đỗ Minh Khang
  noi_nhan:
    nhu_tren: true
    gui:
      - ten: UBND tỉnh
        muc_dich: báo cáo
      - Giám đốc Sở
    luu:
      don_vi: QLMT
"""
    return unicodedata.normalize("NFC", text)


# ---- filling a form -------------------------------------------------------------------------

def _nfc(value):
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _text(cell, value) -> None:
    cell.value = _nfc(value)
    if isinstance(value, str):
        cell.data_type = "s"  # typed text, never a formula


def fill(form: Path, p: Phieu, target: Path) -> None:
    """Fill the blank ``form`` with the return ``p`` and save it to ``target`` (deterministic)."""
    wb = load_workbook(form)

    ws = wb[SHEET_THONG_TIN]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for fld, label, _ in THONG_TIN:
        if fld in p.thong_tin:
            value = p.thong_tin[fld]
            cell = ws.cell(rows[label], 2)
            if value is None:
                cell.value = None  # cleared, or left empty
            else:
                _text(cell, value)

    ws = wb[SHEET_KET_QUA]
    col = {fld: j for j, (fld, _) in enumerate(COT_KET_QUA, start=1)}
    seen = set()
    for r in range(HEAD_ROW + 1, ws.max_row + 1):
        tid = ws.cell(r, col["id"]).value
        if not tid:
            continue
        d = p.dong.get(tid, p.mac_dinh)
        seen.add(tid)
        if d is None:
            continue  # row left empty
        for fld in ("tinh_trang", "ket_qua", "san_pham", "kho_khan", "de_xuat"):
            value = getattr(d, fld)
            if value is not None:
                _text(ws.cell(r, col[fld]), value)
        if d.ty_le is not None:
            cell = ws.cell(r, col["ty_le"])
            _text(cell, d.ty_le)
            if d.phan_tram:
                cell.number_format = "0%"
        if d.ma_sua:
            _text(ws.cell(r, col["id"]), d.ma_sua)
    unknown = set(p.dong) - seen
    if unknown:
        raise SystemExit(f"{p.tep}: nhiệm vụ không có trong phiếu {form.name}: {', '.join(sorted(unknown))}")

    ws = wb[SHEET_NOI_DUNG]
    heads = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for fld, heading in MUC_NOI_DUNG:
        if fld in p.noi_dung:
            _text(ws.cell(heads[heading] + 1, 1), p.noi_dung[fld])

    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = p.thong_tin.get("ten_co_quan") or wb.properties.lastModifiedBy
    buf = io.BytesIO()
    wb.save(buf)
    target.write_bytes(_fixed_zip(buf.getvalue()))


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes) -> bytes:
    """The same package with every member dated FIXED_TIME (openpyxl stamps the current time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            member.create_system = 3
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving here
                body = _MODIFIED.sub(rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                                     body)
            dst.writestr(member, body)
    return out.getvalue()


# ---- the whole sample -----------------------------------------------------------------------

def targets(out: Path) -> list[Path]:
    return [out / THONG_TIN_FILE] + [out / PHIEU_DIR / p.tep for p in PHIEU]


def make(out: Path = OUT, overwrite: bool = False) -> list[Path]:
    """Write the period file and the filled forms under ``out``; return the files written."""
    out = Path(out)
    existing = [t for t in targets(out) if t.exists()]
    if existing and not overwrite:
        raise FileExistsError(existing)
    (out / PHIEU_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        forms = {f.stem.removeprefix(f"bieu-mau-{KY}-"): f
                 for f in api.tao_bieu_mau(PLAN, KY, tmp, han_nop=HAN_NOP).tep}
        missing = [p.mau for p in PHIEU if p.mau not in forms] + [m for m in KHONG_GUI if m not in forms]
        if missing:
            raise SystemExit("không có biểu mẫu cho: " + ", ".join(missing) + "; các biểu mẫu: "
                             + ", ".join(sorted(forms)))
        for p in PHIEU:
            target = out / PHIEU_DIR / p.tep
            fill(forms[p.mau], p, target)
            written.append(target)
    target = out / THONG_TIN_FILE
    target.write_text(thong_tin_yaml(), encoding="utf-8", newline="\n")
    written.insert(0, target)
    extra = sorted(f.name for f in (out / PHIEU_DIR).iterdir() if f.name not in {p.tep for p in PHIEU})
    if extra:
        print("Lưu ý: thư mục phieu/ còn tệp không do công cụ tạo (sẽ được tính khi tổng hợp): "
              + ", ".join(extra), file=sys.stderr)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tạo dữ liệu mẫu: kỳ báo cáo năm 2026 của Kế hoạch số "
                                             "132/KH-UBND tỉnh Hưng Yên, với các phiếu báo cáo đã điền.")
    ap.add_argument("--thu-muc", type=Path, default=OUT, help=f"thư mục ghi (mặc định {OUT.relative_to(ROOT)})")
    ap.add_argument("--ghi-de", action="store_true", help="ghi đè các tệp đã có")
    args = ap.parse_args(argv)
    try:
        written = make(args.thu_muc, args.ghi_de)
    except FileExistsError as e:
        names = "\n".join(f"  {f}" for f in e.args[0])
        print(f"Các tệp sau đã có, không ghi đè (thêm --ghi-de để ghi đè):\n{names}", file=sys.stderr)
        return 1
    for f in written:
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
