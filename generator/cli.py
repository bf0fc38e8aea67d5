"""Command line: ``vanban``. A thin layer over ``generator.api``; every text is Vietnamese."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, api
from .errors import InputError, VanbanError

_ARGPARSE_VI = {
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "unrecognized arguments: %s": "tham số không nhận ra: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần một giá trị",
    "usage: ": "Cách dùng: ",
    "positional arguments": "Tham số",
    "options": "Tùy chọn",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
}


def _vi(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


# argparse looks its fixed strings up through gettext; answer in Vietnamese.
argparse._ = _vi  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: _vi(s if n == 1 else p)  # type: ignore[attr-defined]


def _pdf_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdf", action="store_true", help="tạo thêm bản PDF của văn bản (cùng bố cục)")
    p.add_argument("--pdfa", action="store_true",
                   help="tạo bản PDF/A để lưu trữ (có tiêu đề, tác giả là cơ quan ban hành, chủ đề là trích yếu)")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vanban",
        description="Tạo văn bản hành chính (Kế hoạch và phụ lục) đúng thể thức Nghị định 30/2020/NĐ-CP "
                    "từ dữ liệu có cấu trúc (YAML), ra Word (.docx) và Excel (.xlsx); kiểm tra thể thức "
                    "của bất kỳ tệp .docx nào.",
        epilog="Xem hướng dẫn từng lệnh: vanban LỆNH --help",
    )
    p.add_argument("--version", action="version", version=f"vanban {__version__}", help="in phiên bản rồi thoát")
    sub = p.add_subparsers(dest="lenh", metavar="LỆNH", title="Các lệnh")

    d = sub.add_parser("demo", help="tạo mọi văn bản mẫu từ dữ liệu mẫu trong data/",
                       description="Tạo mọi văn bản mẫu (Kế hoạch .docx và phụ lục .xlsx) từ dữ liệu mẫu "
                                   "trong thư mục data/ của chương trình, rồi kiểm tra thể thức từng tệp .docx.")
    d.add_argument("-o", "--thu-muc", default="out", metavar="THƯ_MỤC",
                   help="thư mục ghi kết quả (mặc định: out)")
    d.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _pdf_options(d)

    k = sub.add_parser("kehoach", help="tạo Kế hoạch (.docx) và phụ lục (.xlsx) từ một tệp YAML",
                       description="Tạo Kế hoạch THƯ_MỤC/<tên>.docx và, nếu có phụ lục, "
                                   "THƯ_MỤC/<tên>-phu-luc.xlsx từ tệp dữ liệu YAML.")
    k.add_argument("tep", metavar="KE_HOACH.yaml", help="tệp dữ liệu Kế hoạch")
    k.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    k.add_argument("--ten", metavar="TÊN", help="tên tệp kết quả (mặc định: tên tệp YAML)")
    k.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _pdf_options(k)

    c = sub.add_parser("kiemtra", help="kiểm tra thể thức Nghị định 30 của tệp .docx",
                       description="Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP, từng quy tắc: "
                                   "mã quy tắc, mức độ (lỗi: trái quy định; cảnh báo: được phép nhưng khác "
                                   "thường hoặc dự thảo chưa điền), vị trí và yêu cầu của Nghị định. "
                                   "Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp.")
    c.add_argument("tep", nargs="+", metavar="TỆP.docx", help="tệp cần kiểm tra")
    c.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    return p


def _kiemtra(files: list[str], as_json: bool) -> int:
    import json

    results = api.kiem_tra([Path(f) for f in files])
    if as_json:
        payload = [{
            "tep": str(r.tep),
            "loi_doc": r.loi_doc,
            "so_loi": r.so_loi,
            "so_canh_bao": r.so_canh_bao,
            "phat_hien": [{"ma": f.rule, "muc_do": f.severity, "vi_tri": f.place, "noi_dung": f.text,
                           "yeu_cau": f.message} for f in r.phat_hien],
        } for r in results]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for r in results:
            if r.loi_doc:
                print(f"Không đọc được: {r.loi_doc}")
                continue
            print(f"{r.tep}: {r.so_loi} lỗi, {r.so_canh_bao} cảnh báo")
            for f in r.phat_hien:
                print(f"  {f}")
    if any(r.loi_doc for r in results):
        return 2
    return 1 if any(r.so_loi for r in results) else 0


def _report(result: api.KetQua) -> None:
    for w in result.canh_bao:
        print(f"Cảnh báo: {w}", file=sys.stderr)
    for f in result.tep:
        print(f"Đã ghi: {f}")
    for r in result.kiem_tra:
        print(f"Kiểm tra thể thức {r.tep}: {r.so_loi} lỗi, {r.so_canh_bao} cảnh báo")
        for f in r.phat_hien:
            print(f"  {f}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lenh is None:
        _parser().print_help()
        return 2
    try:
        if args.lenh == "demo":
            _report(api.demo(Path(args.thu_muc), args.ghi_de, pdf=args.pdf, pdfa=args.pdfa))
        elif args.lenh == "kiemtra":
            return _kiemtra(args.tep, args.json)
        elif args.lenh == "kehoach":
            _report(api.tao_ke_hoach(Path(args.tep), Path(args.thu_muc), args.ghi_de, args.ten,
                                     pdf=args.pdf, pdfa=args.pdfa))
    except InputError as e:
        print("Dữ liệu không hợp lệ, chưa ghi tệp nào:", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except VanbanError as e:
        print(f"Lỗi: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
