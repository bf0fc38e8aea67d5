"""Command line: ``vanban``. A thin layer over ``vanban.api``; every text is Vietnamese."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import InputError, OutputExistsError, Problem, Terminated, VanbanError, cach_goi_tham_so, o_bang_tinh

if TYPE_CHECKING:
    from . import api

# The library (``vanban.api``: load/, model/ with pydantic, the renderers) is imported by the
# command that runs, not here: ``vanban --version`` and ``--help`` build the parser and nothing
# else, and only a PDF asked for imports WeasyPrint.


def __getattr__(name: str):
    """``vanban.cli.api``, the library the commands call, imported on first use (PEP 562)."""
    if name == "api":
        from . import api

        return api
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Exit codes besides 0 (done), 1 (bad data, a file exists, a write failed) and 2 (bad command line):
EXIT_FAULT = 70  # a fault of the program itself (or no memory left), never of the user's data
EXIT_INTERRUPTED = 130  # Ctrl+C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM
EXIT_BROKEN_PIPE = 141  # the output was closed by the program reading it

# Every string argparse looks up through gettext (Python 3.9 to 3.13), in Vietnamese; the
# test suite reads argparse's own source and fails on a string missing here.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "Tham số",
    "options": "Tùy chọn",
    "optional arguments": "Tùy chọn",
    "subcommands": "Các lệnh",
    "%(heading)s:": "%(heading)s:",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong "
                                                           "%(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ (cần kiểu %(type)s): %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn chưa rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng được với tham số %s",
    "one of the arguments %s is required": "cần một trong các tham số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị: %r",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    'argument "-" with mode %r': 'tham số "-" với chế độ %r',
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã bỏ, không nên dùng",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' đã bỏ, không nên dùng",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã bỏ, không nên dùng",
    # faults of the parser's definition, never of a command line: a user never meets them
    "%r is not callable": "%r không gọi được",
    "'required' is an invalid argument for positionals": "tham số vị trí không nhận 'required'",
    ".__call__() not defined": ".__call__() chưa được định nghĩa",
    "cannot have multiple subparser arguments": "chỉ được có một nhóm lệnh con",
    "cannot merge actions - two groups are named %r": "không gộp được hai nhóm cùng tên %r",
    "conflicting subparser alias: %s": "tên khác của lệnh bị trùng: %s",
    "conflicting subparser: %s": "lệnh bị trùng: %s",
    "dest= is required for options like %r": "tùy chọn như %r cần dest=",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng một ký tự trong %(prefix_chars)r",
    "mutually exclusive arguments must be optional": "các tham số loại trừ nhau phải là tùy chọn",
    "conflicting option string: %s": "tùy chọn bị trùng: %s",
    "conflicting option strings: %s": "tùy chọn bị trùng: %s",
}


def _vi(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


# argparse looks its fixed strings up through gettext; answer in Vietnamese.
argparse._ = _vi  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: _vi(s if n == 1 else p)  # type: ignore[attr-defined]


class _CommandLineError(Exception):
    """A command line argparse refused: its message (Vietnamese) and the parser whose usage applies."""

    def __init__(self, parser: argparse.ArgumentParser, message: str):
        super().__init__(message)
        self.parser = parser
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse, but a wrong command line raises ``_CommandLineError`` (said as text or as JSON)
    instead of printing and exiting; subcommand parsers are of this class too."""

    def error(self, message: str):  # type: ignore[override]
        raise _CommandLineError(self, message)


# The option of each API argument a message may name (``vanban.errors.ten_tham_so``). A new
# command adds the arguments of its API function that its options stand for.
THAM_SO = {
    "overwrite": "--ghi-de",
    "out_dir": "--thu-muc",
    "name": "--ten",
    "ky": "--ky",
    "han_nop": "--han-nop",
    "han_moi": "--han-moi",
    "co_quan": "--co-quan",
    "danh_muc": "--danh-muc",
    "thong_tin": "--thong-tin",
    "don_doc": "--don-doc",
    "mau": "--mau",
    "pdf": "--pdf",
    "pdfa": "--pdfa",
    "ra": "--ra",
    "anh": "--anh",
    "duong_kinh_dau_mm": "--duong-kinh-dau",
    "so_ky_hieu": "--so-ky-hieu",
    "tsa": "--tsa",
    "nhan_token": "--ten-token",
    "danh_muc_ra": "--danh-muc-ra",
    "vao": "--vao",
}


def _ten_tuy_chon(argument: str, value: object = True) -> str:
    """An API argument as the command line names it: its option, with the value when it takes one."""
    flag = THAM_SO.get(argument, argument)
    return flag if value is True else f"{flag} {value}"


# Exit code of ``tonghop`` when the consolidation was written but some returns were not counted.
MA_PHIEU_KHONG_TINH = 3

KY_HELP = ("kỳ báo cáo: 2026 (năm), 6T1/2026 (6 tháng đầu năm), 6T2/2026, Q2/2026 (quý), T11/2026 "
           "(tháng) hoặc 01/01/2026-30/06/2026; thời gian chốt số liệu theo Nghị định 09/2019/NĐ-CP")


def _pdf_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF của văn bản (cùng bố cục)")
    p.add_argument("--pdfa", action="store_true",
                   help="tạo bản PDF/A để lưu trữ (có tiêu đề, tác giả là cơ quan ban hành, chủ đề là trích yếu)")


def _mau_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mau", metavar="THƯ_MỤC",
                   help="thư mục mẫu của cơ quan (docx/, xlsx/, html/ như “vanban mau xuat” tạo ra): tệp mẫu nào có "
                        "trong thư mục thì được dùng thay mẫu có sẵn")


def _json_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help="in kết quả dạng JSON: một tài liệu trên stdout gồm các tệp đã ghi, cảnh báo và lỗi "
                        "(mỗi mục có tệp, dòng, vị trí, nội dung); không in tiến độ; mã thoát như khi không có "
                        "--json")


def _web_db_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--thu-muc", metavar="THƯ_MỤC",
                   help="thư mục dữ liệu của cổng: cơ sở dữ liệu SQLite, kế hoạch tải lên, văn bản đã lập "
                        "(mặc định: vanban-web; với --demo: một thư mục tạm)")
    p.add_argument("--db", metavar="URL",
                   help="cơ sở dữ liệu PostgreSQL thay cho SQLite, ví dụ postgresql+psycopg://user@localhost/vanban")


def _parser() -> argparse.ArgumentParser:
    """The command line. A command is a subparser (every one takes ``--json``) and a function of
    ``_LENH`` that runs it; see ``_LENH``."""
    p = _Parser(
        prog="vanban",
        description="Tạo văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu có cấu trúc: "
                    "Kế hoạch và phụ lục (YAML → Word, Excel, PDF), phiếu báo cáo cho từng cơ quan, Báo cáo "
                    "của cơ quan, Báo cáo tổng hợp và công văn đôn đốc; kiểm tra thể thức của bất kỳ tệp "
                    ".docx nào.",
        epilog="Xem hướng dẫn từng lệnh: vanban LỆNH --help. Mã thoát: 0 thành công; 1 dữ liệu sai, tệp đã có "
               "hoặc không ghi được; 2 sai cú pháp lệnh (kiemtra: không đọc được tệp); 3 tonghop đã ghi nhưng "
               "có phiếu không được tính; 70 lỗi chương trình; 130 dừng bằng Ctrl+C; 143 dừng bởi SIGTERM. "
               "Khi chạy trên màn hình, tiến độ công việc dài hiện trên một dòng của luồng lỗi (stderr).",
    )
    p.add_argument("--version", action="version", version=f"vanban {__version__}", help="in phiên bản rồi thoát")
    sub = p.add_subparsers(dest="lenh", metavar="LỆNH", title="Các lệnh")

    d = sub.add_parser("demo", help="tạo mọi văn bản mẫu từ dữ liệu mẫu trong data/",
                       description="Tạo mọi văn bản mẫu (Kế hoạch .docx và phụ lục .xlsx) từ dữ liệu mẫu "
                                   "trong thư mục data/ của chương trình, rồi kiểm tra thể thức từng tệp .docx. "
                                   "Kỳ báo cáo mẫu cố ý có phiếu không được tính (nêu trong cảnh báo); lệnh vẫn "
                                   "thoát 0.")
    d.add_argument("-o", "--thu-muc", default="out", metavar="THƯ_MỤC",
                   help="thư mục ghi kết quả (mặc định: out)")
    d.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _pdf_options(d)
    _mau_option(d)
    _json_option(d)

    k = sub.add_parser("kehoach", help="tạo Kế hoạch (.docx) và phụ lục (.xlsx) từ một tệp YAML",
                       description="Tạo Kế hoạch THƯ_MỤC/<tên>.docx và, nếu có phụ lục, "
                                   "THƯ_MỤC/<tên>-phu-luc.xlsx từ tệp dữ liệu YAML.")
    k.add_argument("tep", metavar="KE_HOACH.yaml", help="tệp dữ liệu Kế hoạch")
    k.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    k.add_argument("--ten", metavar="TÊN", help="tên tệp kết quả (mặc định: tên tệp YAML)")
    k.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _pdf_options(k)
    _mau_option(k)
    _json_option(k)

    b = sub.add_parser("bieumau", help="tạo phiếu báo cáo (.xlsx) cho từng cơ quan được giao nhiệm vụ",
                       description="Tạo phiếu báo cáo kỳ KỲ cho từng cơ quan được giao nhiệm vụ trong kế hoạch "
                                   "(chủ trì hoặc phối hợp; tên nhóm như “Các sở, ban, ngành” được mở rộng theo "
                                   "danh mục cơ quan): THƯ_MỤC/bieu-mau-<kỳ>-<cơ quan>.xlsx. Không ghi tệp kế "
                                   "hoạch: tạo một phiếu trống để cơ quan tự ghi nhiệm vụ.")
    b.add_argument("tep", nargs="?", metavar="KE_HOACH.yaml", help="tệp dữ liệu Kế hoạch (bỏ trống: phiếu trống)")
    b.add_argument("--ky", required=True, metavar="KỲ", help=KY_HELP)
    b.add_argument("--han-nop", metavar="NGÀY", help="hạn gửi phiếu, ví dụ 15/12/2026 (mặc định: theo "
                                                      "che_do_bao_cao.thoi_han của kế hoạch)")
    b.add_argument("--co-quan", action="append", metavar="TÊN",
                   help="chỉ tạo phiếu cho cơ quan này (ghi nhiều lần cho nhiều cơ quan)")
    b.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    b.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _mau_option(b)
    _json_option(b)

    r = sub.add_parser("baocao", help="tạo Báo cáo (.docx) của một cơ quan từ phiếu báo cáo đã điền",
                       description="Tạo Báo cáo kết quả thực hiện của cơ quan (THƯ_MỤC/<tên phiếu>-bao-cao.docx) "
                                   "từ phiếu báo cáo .xlsx đã điền: Kính gửi cơ quan tổng hợp (báo cáo của "
                                   "chính cơ quan tổng hợp không có Kính gửi), các mục I–IV, phụ lục kết quả "
                                   "từng nhiệm vụ.")
    r.add_argument("tep", metavar="PHIEU.xlsx", help="phiếu báo cáo đã điền")
    r.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    r.add_argument("--danh-muc", metavar="DANH_MUC.yaml",
                   help="danh mục cơ quan (để lấy chữ viết tắt khi phiếu không ghi)")
    r.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    r.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF của báo cáo")
    _mau_option(r)
    _json_option(r)

    t = sub.add_parser("tonghop", help="tổng hợp các phiếu báo cáo thành Báo cáo, bảng tổng hợp và "
                                       "công văn đôn đốc",
                       description="Đọc mọi phiếu báo cáo trong THƯ_MỤC_PHIẾU, kiểm tra từng phiếu, đối chiếu "
                                   "tên cơ quan theo danh mục, rồi ghi: Báo cáo tổng hợp "
                                   "(tong-hop-<kỳ>.docx), bảng tổng hợp có biểu đồ (tong-hop-<kỳ>.xlsx) và, khi "
                                   "còn cơ quan chưa báo cáo, công văn đôn đốc (don-doc-<kỳ>.docx). Phiếu không "
                                   "hợp lệ, trùng hoặc của cơ quan không xác định được liệt kê, không bị bỏ qua. "
                                   "Mã thoát: 0 thành công, mọi phiếu được tính; 1 dữ liệu sai hoặc tệp đã tồn "
                                   "tại; 2 sai cú pháp lệnh; 3 đã ghi báo cáo tổng hợp nhưng có phiếu không "
                                   "được tính.")
    t.add_argument("tep", metavar="KE_HOACH.yaml", help="tệp dữ liệu Kế hoạch")
    t.add_argument("phieu", metavar="THƯ_MỤC_PHIẾU", help="thư mục chứa các phiếu báo cáo .xlsx đã nhận")
    t.add_argument("--ky", metavar="KỲ", help=KY_HELP + " (mặc định: theo tệp --thong-tin)")
    t.add_argument("--thong-tin", metavar="KY.yaml",
                   help="tệp thông tin kỳ báo cáo: số, ngày, người ký, nơi nhận của báo cáo tổng hợp và "
                        "công văn đôn đốc (mặc định: theo kế hoạch)")
    t.add_argument("--han-nop", metavar="NGÀY", help="hạn gửi phiếu của kỳ, ví dụ 15/12/2026")
    t.add_argument("--han-moi", metavar="NGÀY",
                   help="hạn mới ghi trong công văn đôn đốc, ví dụ 24/12/2026; phải sau hạn nộp của kỳ và sau "
                        "ngày của công văn (mặc định: 7 ngày sau ngày muộn hơn trong hai ngày đó)")
    t.add_argument("--don-doc", action="store_true",
                   help="lập công văn đôn đốc ngay cả khi chưa quá hạn nộp (mặc định: chỉ lập khi ngày của công "
                        "văn, hoặc ngày của báo cáo tổng hợp, hoặc hôm nay đã sau hạn nộp)")
    t.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    t.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    t.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF của báo cáo tổng hợp")
    _mau_option(t)
    _json_option(t)

    m = sub.add_parser("mau", help="xuất các mẫu có sẵn (.docx, .xlsx, .html) ra một thư mục để cơ quan sửa",
                       description="Các mẫu văn bản của cơ quan: xuất mẫu có sẵn ra thư mục để sửa, rồi dùng "
                                   "thư mục đó bằng --mau THƯ_MỤC trong các lệnh kehoach, bieumau, baocao, tonghop, "
                                   "demo.")
    msub = m.add_subparsers(dest="lenh_mau", metavar="LỆNH", title="Các lệnh", required=True)
    mx = msub.add_parser("xuat", help="chép các mẫu có sẵn ra THƯ_MỤC (docx/, xlsx/, html/ và README.txt)",
                         description="Chép các mẫu có sẵn ra THƯ_MỤC theo đúng bố cục --mau đọc: docx/ke-hoach.docx, "
                                     "docx/bao-cao.docx, docx/cong-van.docx, xlsx/phu-luc.xlsx, xlsx/bieu-mau.xlsx, "
                                     "html/*.html, html/nd30.css, cùng README.txt nói mỗi tệp là gì, được sửa gì và "
                                     "những tên kiểu (style) nào phải giữ nguyên.")
    mx.add_argument("thu_muc", metavar="THƯ_MỤC", help="thư mục ghi các mẫu")
    mx.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _json_option(mx)

    n = sub.add_parser("nhap", help="nhập Kế hoạch soạn tay (.docx) hoặc phụ lục (.xlsx) thành tệp YAML",
                       description="Đọc Kế hoạch soạn bằng Word (.docx): đầu văn bản (trong bảng hoặc dàn bằng "
                                   "phím Tab), tên loại, trích yếu, nội dung theo các cấp (gõ tay hoặc đánh số tự "
                                   "động), chú thích, khối chữ ký, nơi nhận và các phụ lục với bảng nhiệm vụ; ghi "
                                   "ra tệp YAML của chương trình và bản nháp danh mục cơ quan. Tệp .xlsx: nhập "
                                   "bảng nhiệm vụ của phụ lục (với --vao: thay phụ lục của kế hoạch đó). Mọi giá "
                                   "trị phải đoán hoặc không xếp được đều được nêu trong cảnh báo kèm vị trí "
                                   "(đoạn, bảng, dòng, ô). Mã thoát: 0 thành công; 1 dữ liệu không đọc được, tệp "
                                   "đã có, hoặc tệp YAML đã ghi nhưng cần sửa trước khi dùng; 2 sai cú pháp lệnh.")
    n.add_argument("tep", metavar="TỆP", help="Kế hoạch .docx soạn tay, hoặc phụ lục .xlsx")
    n.add_argument("-o", "--ra", required=True, metavar="KE_HOACH.yaml", help="tệp YAML ghi kết quả")
    n.add_argument("--danh-muc-ra", metavar="CO_QUAN.yaml",
                   help="tệp ghi bản nháp danh mục cơ quan (mặc định: co-quan.yaml cùng thư mục với -o)")
    n.add_argument("--vao", metavar="KE_HOACH.yaml",
                   help="với tệp .xlsx: kế hoạch có sẵn nhận phụ lục nhập (phụ lục cũ được thay; tệp này "
                        "không bị sửa, kết quả ghi ra -o)")
    n.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _json_option(n)

    z = sub.add_parser("chuanhoa", help="lập lại Kế hoạch, Báo cáo soạn tay (.docx) đúng thể thức Nghị định 30",
                       description="Đọc văn bản soạn tay như lệnh nhap, rồi lập lại đúng thể thức (đầu văn bản, "
                                   "phông và cỡ chữ, đánh số, khối chữ ký, nơi nhận, phụ lục) và liệt kê những gì "
                                   "đã thay đổi. Tệp gốc giữ nguyên. Mã thoát: 0 thành công; 1 dữ liệu không đọc "
                                   "được, tệp đã có, hoặc văn bản lập lại vẫn còn lỗi thể thức; 2 sai cú pháp lệnh.")
    z.add_argument("tep", metavar="VAO.docx", help="văn bản soạn tay")
    z.add_argument("-o", "--ra", required=True, metavar="RA.docx", help="tệp .docx ghi văn bản lập lại")
    z.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _mau_option(z)
    _json_option(z)

    w = sub.add_parser("web", help="chạy cổng báo cáo trên trình duyệt: sở mở kỳ báo cáo, cơ quan nộp phiếu",
                       description="Chạy cổng báo cáo (máy chủ web): sở (tài khoản “so”) tạo kỳ báo cáo từ một Kế "
                                   "hoạch, theo dõi cơ quan đã nộp, chưa nộp, phiếu bị từ chối, lập Báo cáo tổng hợp "
                                   "và công văn đôn đốc; mỗi cơ quan của danh mục đăng nhập bằng mã truy cập để điền "
                                   "phiếu trên trình duyệt hoặc tải lên phiếu .xlsx. Lần chạy đầu tạo cơ sở dữ liệu "
                                   "và in mã truy cập của sở (chỉ một lần).")
    _web_db_options(w)
    w.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ",
                   help="địa chỉ lắng nghe (mặc định: 127.0.0.1, chỉ máy này truy cập được)")
    w.add_argument("--cong", type=int, default=8000, metavar="SỐ", help="cổng lắng nghe (mặc định: 8000)")
    w.add_argument("--https", action="store_true",
                   help="cổng chạy sau máy chủ có TLS (https): cookie chỉ gửi qua kết nối an toàn")
    w.add_argument("--demo", action="store_true",
                   help="chạy thử trên kỳ báo cáo mẫu (Kế hoạch 132/KH-UBND tỉnh Hưng Yên và các phiếu mẫu), trong "
                        "thư mục tạm nếu không ghi --thu-muc; in tên đăng nhập và mã truy cập để dùng thử")
    _json_option(w)
    wsub = w.add_subparsers(dest="lenh_web", metavar="LỆNH", title="Các lệnh")
    ws = wsub.add_parser("saoluu", help="sao lưu cơ sở dữ liệu của cổng (được cả khi cổng đang chạy)",
                         description="Chép cơ sở dữ liệu của cổng ra tệp ĐÍCH, nhất quán cả khi cổng đang chạy "
                                     "(SQLite: API sao lưu của SQLite; PostgreSQL: pg_dump, cần cài "
                                     "postgresql-client).")
    ws.add_argument("dich", metavar="ĐÍCH", help="tệp sao lưu sẽ ghi")
    _web_db_options(ws)
    ws.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _json_option(ws)
    wm = wsub.add_parser("maso", help="cấp lại mã truy cập của tài khoản sở (khi bị mất)",
                         description="Cấp mã truy cập mới cho tài khoản sở (“so”) và in ra; mã cũ hết hiệu lực.")
    _web_db_options(wm)
    _json_option(wm)

    c = sub.add_parser("kiemtra", help="kiểm tra thể thức Nghị định 30 của tệp .docx, chữ ký số của tệp .pdf",
                       description="Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP, từng quy tắc: "
                                   "mã quy tắc, mức độ (lỗi: trái quy định; cảnh báo: được phép nhưng khác "
                                   "thường hoặc dự thảo chưa điền), vị trí và yêu cầu của Nghị định. "
                                   "Tệp .pdf: kiểm tra từng chữ ký số (còn nguyên vẹn, phủ toàn bộ văn bản, "
                                   "chứng thư dẫn tới chứng thư gốc tin cậy --goc, thời gian ký) và vị trí, hình "
                                   "ảnh chữ ký, dấu theo Nghị định 30. "
                                   "Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp.")
    c.add_argument("tep", nargs="+", metavar="TỆP", help="tệp cần kiểm tra (.docx, .pdf)")
    c.add_argument("--goc", action="append", default=[], metavar="TỆP.pem",
                   help="chứng thư gốc tin cậy (.pem, .cer, .crt) để đối chiếu chuỗi chứng thư của chữ ký số; "
                        "ghi nhiều lần nếu nhiều gốc")
    c.add_argument("--json", action="store_true",
                   help="in kết quả dạng JSON: một danh sách, mỗi tệp một mục (tệp, lỗi đọc, số lỗi, số cảnh báo, "
                        "các phát hiện); mã thoát như khi không có --json")
    _kyso_parser(sub)
    return p


def _kyso_parser(sub) -> None:
    k = sub.add_parser(
        "kyso", help="ký số tệp PDF (chữ ký người có thẩm quyền, chữ ký cơ quan, tệp kèm theo)",
        description="Ký số tệp PDF theo Nghị định 30/2020/NĐ-CP, chữ ký PAdES: người có thẩm quyền ký vào ô ký "
                    "(ảnh chữ ký màu xanh giữa chức vụ và họ tên), văn thư ký số của cơ quan sau đó (ảnh dấu màu đỏ, "
                    "đúng kích thước thật, trùm khoảng 1/3 ảnh chữ ký về bên trái), hoặc ký tệp kèm theo, phụ lục "
                    "tách riêng (số và ký hiệu, thời gian ký, tên cơ quan ở góc trên, bên phải trang đầu). Chữ ký sau "
                    "giữ nguyên hiệu lực của chữ ký trước. Khóa ký: tệp chứng thư số (.p12, .pfx) hoặc token USB "
                    "(PKCS#11). Mật khẩu tệp chứng thư lấy từ biến môi trường VANBAN_MAT_KHAU, mã PIN của token từ "
                    "VANBAN_PIN; không có thì hỏi khi chạy. Tệp gốc không bị sửa.")
    k.add_argument("tep", metavar="TỆP.pdf", help="tệp PDF cần ký")
    k.add_argument("-o", "--ra", dest="ra", required=True, metavar="TỆP.pdf", help="tệp PDF đã ký (khác tệp gốc)")
    k.add_argument("--vai", choices=["nguoi-ky", "co-quan", "kem-theo"],
                   help="ký với vai: nguoi-ky (người có thẩm quyền), co-quan (văn thư, sau người ký), kem-theo "
                        "(tệp kèm theo, phụ lục tách riêng); không ghi: ô ký còn trống đầu tiên")
    nguon = k.add_mutually_exclusive_group(required=True)
    nguon.add_argument("--chung-thu", metavar="TỆP.p12", help="tệp chứng thư số có khóa ký (PKCS#12: .p12, .pfx)")
    nguon.add_argument("--token", metavar="THƯ_VIỆN", help="thư viện PKCS#11 của token USB (tệp .so, .dll của hãng)")
    k.add_argument("--ten-token", metavar="TÊN", help="tên (nhãn) của token; không ghi: token đầu tiên")
    k.add_argument("--khoa", metavar="TÊN", help="tên (nhãn) của khóa và chứng thư trên token")
    k.add_argument("--anh", metavar="TỆP.png",
                   help="ảnh chữ ký (vai nguoi-ky: PNG màu xanh, nền trong suốt) hoặc ảnh dấu (vai co-quan: PNG màu "
                        "đỏ, nền trong suốt)")
    k.add_argument("--duong-kinh-dau", type=float, metavar="MM",
                   help="đường kính thật của dấu, mm (vai co-quan); không ghi: theo ô ký có sẵn (36 mm)")
    k.add_argument("--so-ky-hieu", metavar="SỐ/KÝ_HIỆU", help="số và ký hiệu văn bản (vai kem-theo), ví dụ 12/KH-UBND")
    k.add_argument("--co-quan", metavar="TÊN", help="tên cơ quan (vai kem-theo); không ghi: tên tổ chức trong chứng thư số")
    k.add_argument("--tsa", metavar="URL", help="máy chủ dấu thời gian (RFC 3161) để gắn thời gian ký tin cậy")
    k.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã ký đã có")
    _json_option(k)



# ---- what a command says: text as it goes, or one JSON document -------------------------------

class _TheoDoi:
    """Progress on one updating line of a terminal ("Phiếu báo cáo: 37/150"), redrawn at most
    every ``KHOANG`` seconds (and at the end of each stage); ``xoa`` clears it."""

    KHOANG = 0.1

    def __init__(self, stream):
        self.stream = stream
        self.last = 0.0
        self.width = 0
        self.stage = None

    def __call__(self, nhan: str, xong: int, tong: int) -> None:
        now = time.monotonic()
        if nhan == self.stage and xong < tong and now - self.last < self.KHOANG:
            return
        self.stage, self.last = nhan, now
        text = f"{nhan}: {xong}/{tong}"
        try:
            self.stream.write("\r" + text + " " * max(0, self.width - len(text)))
            self.stream.flush()
        except (OSError, ValueError):
            return
        self.width = len(text)

    def xoa(self) -> None:
        if self.width:
            try:
                self.stream.write("\r" + " " * self.width + "\r")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.width = 0


def _problem(p: Problem) -> dict:
    """A warning or an error as JSON: its file, line, place (YAML path, sheet and cell), the
    option it is about and the message; what a problem does not have is null."""
    return {"file": p.file or None, "line": p.line, "path": p.path or None, "argument": p.tham_so,
            "message": p.message}


def _error(e: BaseException | str, file=None) -> dict:
    """An error that stops a command as JSON; ``file``: the file it names (not said again in the message)."""
    message = str(e)
    if file is not None:
        message = message.removeprefix(f"{file}: ")
    return {"file": str(file) if file is not None else None, "line": None, "path": None, "argument": None,
            "message": message}


def _kiem_tra_json(results: list[api.KetQuaKiemTra]) -> list[dict]:
    return [{
        "tep": str(r.tep),
        "loi_doc": r.loi_doc,
        "so_loi": r.so_loi,
        "so_canh_bao": r.so_canh_bao,
        "phat_hien": [{"ma": f.rule, "muc_do": f.severity, "vi_tri": f.place, "noi_dung": f.text,
                       "yeu_cau": f.message} for f in r.phat_hien],
        "chu_ky": [{"o_ky": c.o_ky, "nguoi_ky": c.nguoi_ky, "to_chuc": c.to_chuc,
                    "gio_ky": c.gio_ky.isoformat() if c.gio_ky else None,
                    "gio_dau_thoi_gian": c.gio_dau_thoi_gian.isoformat() if c.gio_dau_thoi_gian else None,
                    "nguyen_ven": c.nguyen_ven, "tin_cay": c.tin_cay, "pham_vi": c.pham_vi} for c in r.chu_ky],
    } for r in results]


def _chu_ky_text(c) -> str:
    """One verified signature on one line."""
    when = c.gio_ky.isoformat() if c.gio_ky else "không ghi"
    stamp = f", dấu thời gian {c.gio_dau_thoi_gian.isoformat()}" if c.gio_dau_thoi_gian else ""
    trust = {True: "chứng thư tin cậy", False: "chứng thư KHÔNG tin cậy", None: "chưa đối chiếu chứng thư"}[c.tin_cay]
    state = "hợp lệ" if c.nguyen_ven else "KHÔNG hợp lệ"
    org = f" ({c.to_chuc})" if c.to_chuc and c.to_chuc != c.nguoi_ky else ""
    return f"Chữ ký “{c.o_ky}”: {c.nguoi_ky}{org}, ký lúc {when}{stamp}; {state}, {c.pham_vi}, {trust}"


def _quiet_signing_logs() -> None:
    """pyHanko and fontTools log their own tracebacks (a chain not found, a font table dropped);
    what matters reaches the user as a finding or a message."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _secret(env: str, prompt: str) -> str | None:
    """A password or PIN: from the environment variable ``env``, else asked on the terminal."""
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return None


def _kyso(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api
    from .kyso.ky import TepChungThu, Token

    _quiet_signing_logs()
    if args.chung_thu:
        chung_thu = TepChungThu(Path(args.chung_thu), _secret("VANBAN_MAT_KHAU", "Mật khẩu tệp chứng thư số: "))
    else:
        pin = _secret("VANBAN_PIN", "Mã PIN của token: ")
        if not pin:
            raise VanbanError("cần mã PIN của token: đặt biến môi trường VANBAN_PIN hoặc chạy lệnh trong cửa sổ lệnh để nhập")
        chung_thu = Token(Path(args.token), pin, args.ten_token, args.khoa)
    r = api.ky_so(Path(args.tep), Path(args.ra), chung_thu, args.vai, anh=args.anh,
                  duong_kinh_dau_mm=args.duong_kinh_dau, tsa=args.tsa, so_ky_hieu=args.so_ky_hieu,
                  co_quan=args.co_quan, overwrite=args.ghi_de)
    if ra.json:
        ra.doc["tep"].append(str(r.tep))
        ra.doc["ky_so"] = {"o_ky": r.o_ky, "nguoi_ky": r.nguoi_ky, "gio_ky": r.gio_ky.isoformat()}
        ra.doc["canh_bao"] += [_error(w) for w in r.canh_bao]
    else:
        for w in r.canh_bao:
            print(f"Cảnh báo: {w}", file=sys.stderr)
        print(f"Đã ký số: {r.tep} (ô “{r.o_ky}”, {r.nguoi_ky}, lúc {r.gio_ky.isoformat()})")
    return 0


class _Ra:
    """The output of one run. As text: written as the command goes (files on stdout, warnings and
    errors on stderr), progress on the terminal. With ``--json``: everything gathered into one
    JSON document printed by ``xong``, nothing else on stdout or stderr."""

    def __init__(self, as_json: bool):
        self.json = as_json
        self.lenh: str | None = None
        self.doc: dict = {"lenh": None, "ma_thoat": 0, "tep": [], "canh_bao": [], "loi": []}
        self.list_doc: list | None = None  # kiemtra's document is a list (its documented shape)
        stream = sys.stderr
        try:
            tty = stream is not None and stream.isatty()
        except (OSError, ValueError):
            tty = False
        self._theo_doi = _TheoDoi(stream) if tty and not as_json else None

    @property
    def theo_doi(self):
        return self._theo_doi

    def xoa_theo_doi(self) -> None:
        if self._theo_doi is not None:
            self._theo_doi.xoa()

    def ket_qua(self, result: api.KetQua) -> None:
        self.xoa_theo_doi()
        if self.json:
            self.doc["tep"] += [str(f) for f in result.tep]
            self.doc["canh_bao"] += [_problem(w) for w in result.canh_bao]
            if result.kiem_tra:
                self.doc["kiem_tra"] = _kiem_tra_json(result.kiem_tra)
            return
        for w in result.canh_bao:
            print(f"Cảnh báo: {w}", file=sys.stderr)
        for f in result.tep:
            print(f"Đã ghi: {f}")
        for r in result.kiem_tra:
            print(f"Kiểm tra thể thức {r.tep}: {r.so_loi} lỗi, {r.so_canh_bao} cảnh báo")
            for f in r.phat_hien:
                print(f"  {f}")

    def loi_du_lieu(self, e: InputError) -> None:
        self.xoa_theo_doi()
        if self.json:
            self.doc["loi"] += [_problem(p) for p in e.problems]
            return
        print("Dữ liệu không hợp lệ, chưa ghi tệp nào:", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)

    def loi(self, e: BaseException | str, file=None, prefix: str = "Lỗi: ") -> None:
        self.xoa_theo_doi()
        if self.json:
            self.doc["loi"].append(_error(e, file))
            return
        try:
            print(f"{prefix}{e}", file=sys.stderr)
        except (OSError, ValueError):
            pass

    def xong(self, code: int) -> int:
        """End the run with exit status ``code``; with --json, print the document."""
        self.xoa_theo_doi()
        if self.json:
            import json

            if self.list_doc is not None and code in (0, 1, 2):
                payload: object = self.list_doc
            else:
                self.doc["lenh"] = self.lenh
                self.doc["ma_thoat"] = code
                payload = self.doc
            try:
                print(json.dumps(payload, ensure_ascii=False, indent=2))
            except (OSError, ValueError):
                pass
        return code


# ---- the commands -----------------------------------------------------------------------------

def _kiemtra(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    _quiet_signing_logs()
    results = api.kiem_tra([Path(f) for f in args.tep], theo_doi=ra.theo_doi, goc=[Path(g) for g in args.goc])
    ra.xoa_theo_doi()
    if ra.json:
        ra.list_doc = _kiem_tra_json(results)
    else:
        for r in results:
            if r.loi_doc:
                print(f"Không đọc được: {r.loi_doc}")
                continue
            print(f"{r.tep}: {r.so_loi} lỗi, {r.so_canh_bao} cảnh báo")
            for c in r.chu_ky:
                print(f"  {_chu_ky_text(c)}")
            for f in r.phat_hien:
                print(f"  {f}")
    if any(r.loi_doc for r in results):
        return 2
    return 1 if any(r.so_loi for r in results) else 0


def _tong_hop_json(result: api.KetQuaTongHop) -> dict:
    from .model.bieu_mau import SHEET_KET_QUA

    th = result.tong_hop
    by_file: dict[str, list[dict]] = {}
    for p in result.loi_phieu:
        by_file.setdefault(p.file, []).append(_problem(p))
    return {
        "ky": th.ky.ten,
        "ke_hoach": th.ke_hoach,
        "so_co_quan": len(th.co_quan),
        "so_da_bao_cao": len(th.da_bao_cao),
        "da_bao_cao": [{"co_quan": c.co_quan, "tep": c.tep} for c in th.da_bao_cao],
        "chua_bao_cao": [c.co_quan for c in th.chua_bao_cao],
        "tong_so": th.tong_so,
        "theo_tinh_trang": th.theo_tinh_trang,
        "so_qua_han": th.so_qua_han,
        "so_phieu_khong_tinh": result.so_phieu_khong_tinh,
        "khong_hop_le": [{"file": k.tep, "co_quan": k.co_quan, "loai": k.loai, "ly_do": k.ly_do,
                          "tep_giu": k.tep_giu,
                          "chi_tiet": by_file.get(k.tep) or [_error(x, k.tep) for x in k.chi_tiet]}
                         for k in th.khong_hop_le],
        "dong_khong_tinh": [{"file": d.tep, "line": None, "path": o_bang_tinh(SHEET_KET_QUA, row=d.dong) if d.dong else None,
                             "co_quan": d.co_quan, "id": d.id, "loai": d.loai, "message": d.ly_do}
                            for d in th.dong_khong_tinh],
        "tien_do_khong_ro": [{"id": t.id, "tien_do": t.tien_do, "message": t.ly_do} for t in th.tien_do_khong_ro],
        "canh_bao": list(th.canh_bao),
        "khong_don_doc": result.khong_don_doc,
    }


def _report_tong_hop(result: api.KetQuaTongHop) -> None:
    from .baocao.tong_hop import TINH_TRANG_TONG_HOP

    th = result.tong_hop
    print(f"Tổng hợp {th.ky.ten}, Kế hoạch số {th.ke_hoach}: {len(th.da_bao_cao)}/{len(th.co_quan)} cơ quan "
          f"đã báo cáo; {th.tong_so} nhiệm vụ: "
          + "; ".join(f"{s.lower()} {th.theo_tinh_trang[s]}" for s in TINH_TRANG_TONG_HOP)
          + f"; quá hạn {th.so_qua_han}.")
    if th.chua_bao_cao:
        print("Chưa báo cáo: " + "; ".join(c.co_quan for c in th.chua_bao_cao) + ".")
    for k in th.khong_hop_le:
        if k.chi_tiet:
            who = f" ({k.co_quan})" if k.co_quan else ""
            print(f"Không tính phiếu {k.tep}{who}: không đọc được phiếu:", file=sys.stderr)
            for line in k.chi_tiet:
                print(f"  {line}", file=sys.stderr)
        else:
            print(f"Không tính phiếu {k.tep}: {k.ly_do}", file=sys.stderr)
    for d in th.dong_khong_tinh:
        where = f", dòng {d.dong}" if d.dong else ""
        print(f"Không tính dòng {d.tep}{where}: {d.ly_do}", file=sys.stderr)
    for t in th.tien_do_khong_ro:
        print(f"Cảnh báo: nhiệm vụ {t.id}, tiến độ “{t.tien_do}”: {t.ly_do}", file=sys.stderr)
    for w in th.canh_bao:
        print(f"Cảnh báo: {w}", file=sys.stderr)
    if result.khong_don_doc:
        print(result.khong_don_doc[0].upper() + result.khong_don_doc[1:] + ".")


def _tonghop(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    if not args.ky and not args.thong_tin:
        ra.loi("cần --ky (ví dụ --ky 2026) hoặc tệp --thong-tin có ghi kỳ báo cáo")
        return 2
    result = api.tong_hop_bao_cao(
        Path(args.tep), Path(args.phieu), args.ky, Path(args.thu_muc), args.ghi_de,
        thong_tin=args.thong_tin, han_nop=args.han_nop, han_moi=args.han_moi, pdf=args.pdf,
        don_doc=args.don_doc, mau=args.mau, theo_doi=ra.theo_doi)
    ra.xoa_theo_doi()
    if ra.json:
        ra.doc["tong_hop"] = _tong_hop_json(result)
        ra.ket_qua(result)
    else:
        _report_tong_hop(result)
        ra.ket_qua(result)
        if result.so_phieu_khong_tinh:
            print(f"{result.so_phieu_khong_tinh} phiếu không được tính: "
                  + "; ".join(Path(k.tep).name for k in result.tong_hop.khong_hop_le)
                  + " (đã ghi báo cáo tổng hợp; xem lý do ở trên)", file=sys.stderr)
    return MA_PHIEU_KHONG_TINH if result.so_phieu_khong_tinh else 0


def _demo(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    ra.ket_qua(api.demo(Path(args.thu_muc), args.ghi_de, pdf=args.pdf, pdfa=args.pdfa, mau=args.mau,
                        theo_doi=ra.theo_doi))
    return 0


def _kehoach(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    ra.ket_qua(api.tao_ke_hoach(Path(args.tep), Path(args.thu_muc), args.ghi_de, args.ten,
                                pdf=args.pdf, pdfa=args.pdfa, mau=args.mau, theo_doi=ra.theo_doi))
    return 0


def _bieumau(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    ra.ket_qua(api.tao_bieu_mau(Path(args.tep) if args.tep else None, args.ky, Path(args.thu_muc),
                                args.ghi_de, han_nop=args.han_nop, co_quan=args.co_quan, mau=args.mau,
                                theo_doi=ra.theo_doi))
    return 0


def _baocao(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    ra.ket_qua(api.tao_bao_cao(Path(args.tep), Path(args.thu_muc), args.ghi_de,
                               danh_muc=args.danh_muc, pdf=args.pdf, mau=args.mau, theo_doi=ra.theo_doi))
    return 0


def _mau(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    ra.ket_qua(api.xuat_mau(Path(args.thu_muc), args.ghi_de, theo_doi=ra.theo_doi))
    return 0


def _nhap(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    result = api.nhap_ke_hoach(Path(args.tep), Path(args.ra), args.ghi_de, danh_muc_ra=args.danh_muc_ra,
                               vao=args.vao)
    ra.ket_qua(result)
    if not result.loi:
        return 0
    if ra.json:
        ra.doc["can_sua"] = [_problem(p) for p in result.loi]
    else:
        print("Tệp YAML đã ghi nhưng cần sửa trước khi dùng với lệnh kehoach:", file=sys.stderr)
        for problem in result.loi:
            print(f"  {problem}", file=sys.stderr)
    return 1


def _chuanhoa(args: argparse.Namespace, ra: _Ra) -> int:
    from . import api

    result = api.chuan_hoa(Path(args.tep), Path(args.ra), args.ghi_de, mau=args.mau)
    if ra.json:
        ra.doc["thay_doi"] = list(result.thay_doi)
    elif result.thay_doi:
        print("Đã thay đổi:")
        for line in result.thay_doi:
            print(f"  - {line}")
    else:
        print("Không có gì phải thay đổi ngoài việc lập lại theo mẫu.")
    ra.ket_qua(result)
    return 1 if any(r.so_loi for r in result.kiem_tra) else 0


def _web(args: argparse.Namespace, ra: _Ra) -> int:
    from .web import chay

    from . import api

    thu_muc = args.thu_muc or "vanban-web"
    if args.lenh_web == "saoluu":
        out = chay.sao_luu(Path(args.dich), Path(thu_muc), args.db, args.ghi_de)
        ra.ket_qua(api.KetQua([out], []))
        return 0
    if args.lenh_web == "maso":
        code = chay.cap_lai_ma_so(Path(thu_muc), args.db)
        if ra.json:
            ra.doc["ma_truy_cap"] = code
        else:
            print(f"Mã truy cập mới của tài khoản sở (“so”): {code}")
        return 0
    chay.chay(args.thu_muc if args.demo else thu_muc, args.db, args.host, args.cong, args.https, args.demo)
    return 0


# How a command plugs in: a subparser in ``_parser`` (with ``_json_option``), and here the name
# and a function ``(args, ra) -> exit status`` that calls the library with ``theo_doi=ra.theo_doi``
# and hands the result to ``ra.ket_qua`` (extra JSON under its own key of ``ra.doc``). Library
# errors, interruptions and faults are said by ``main``, as text or JSON; the options of the
# API arguments its messages name go into ``THAM_SO``.
_LENH = {
    "demo": _demo,
    "kehoach": _kehoach,
    "bieumau": _bieumau,
    "baocao": _baocao,
    "tonghop": _tonghop,
    "mau": _mau,
    "nhap": _nhap,
    "chuanhoa": _chuanhoa,
    "kiemtra": _kiemtra,
    "kyso": _kyso,
    "web": _web,
}


def _utf8_output() -> None:
    """Vietnamese on any console: where output goes to a stream that cannot hold it (Windows
    writes a redirected stdout in its ANSI code page), it is written as UTF-8 instead."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # no console at all (pythonw)
            continue
        try:
            "Đã ghi: ồ".encode(stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")
        # A file name of bytes that are not UTF-8 (Python holds them as lone surrogates) is printed
        # as escapes rather than ending the command after its files were written.
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _wants_json(argv: list[str]) -> bool:
    """``--json`` on the command line (before any ``--``): said before the line is parsed, so
    that a wrong command line is said as JSON too."""
    return "--json" in (argv[:argv.index("--")] if "--" in argv else argv)


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever happens, no traceback reaches the user (unless VANBAN_DEBUG=1)."""
    _utf8_output()
    me = os.getpid()
    argv = list(sys.argv[1:] if argv is None else argv)
    ra = _Ra(_wants_json(argv))

    def on_sigterm(signum, frame):
        if os.getpid() != me:  # a forked child before it set its own handling: just end
            os._exit(128 + signum)
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread: signals stay as they are
        previous = None
    try:
        with cach_goi_tham_so(_ten_tuy_chon):
            return ra.xong(_main(argv, ra))
    except KeyboardInterrupt:
        return _stopped(ra, "Đã dừng theo yêu cầu (Ctrl+C)", EXIT_INTERRUPTED)
    except BrokenPipeError:  # the reader of the output went away (``vanban ... | head``): nothing to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    except Terminated:
        return _stopped(ra, "Đã dừng do nhận tín hiệu kết thúc (SIGTERM)", EXIT_TERMINATED)
    except MemoryError:
        return _fault(ra, "không đủ bộ nhớ để chạy lệnh; đóng bớt chương trình khác hoặc chia nhỏ dữ liệu rồi "
                          "chạy lại")
    except RecursionError:
        return _fault(ra, "dữ liệu lồng nhau quá sâu để xử lý (RecursionError)")
    except Exception as e:  # noqa: BLE001 -- the last line of defence: a message, never a traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        return _fault(ra, f"{type(e).__name__}" + (f": {first}" if first else ""))
    finally:
        ra.xoa_theo_doi()
        if previous is not None:
            try:
                signal.signal(signal.SIGTERM, previous)
            except (ValueError, TypeError):
                pass


def _stopped(ra: _Ra, what: str, code: int) -> int:
    ra.loi(f"{what}; tệp tạm đã được xóa, không tệp nào bị ghi dở.", prefix="")
    return ra.xong(code)


def _fault(ra: _Ra, what: str) -> int:
    if os.environ.get("VANBAN_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    ra.loi(f"Lỗi chương trình (không phải lỗi dữ liệu): {what}. Tệp đã có được giữ nguyên; "
           "đặt VANBAN_DEBUG=1 rồi chạy lại để xem chi tiết khi báo lỗi.", prefix="")
    return ra.xong(EXIT_FAULT)


def _main(argv: list[str], ra: _Ra) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except _CommandLineError as e:
        ra.lenh = next((a for a in argv if a in _LENH), None)
        if not ra.json:
            e.parser.print_usage(sys.stderr)
        ra.loi(e.message, prefix=f"{e.parser.prog}: lỗi: ")
        return 2
    ra.lenh = args.lenh
    if args.lenh is None:
        if ra.json:
            ra.loi("chưa ghi lệnh; các lệnh: " + ", ".join(_LENH))
        else:
            parser.print_help()
        return 2
    try:
        return _LENH[args.lenh](args, ra)
    except InputError as e:
        ra.loi_du_lieu(e)
        return 1
    except OutputExistsError as e:
        ra.loi(e, file=e.path)
        return 1
    except VanbanError as e:
        ra.loi(e)
        return 1


if __name__ == "__main__":
    sys.exit(main())
