"""Command line: ``vanban``. A thin layer over ``vanban.api``; every text is Vietnamese."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from . import __version__, api
from .errors import InputError, Terminated, VanbanError

# Exit codes besides 0 (done), 1 (bad data, a file exists, a write failed) and 2 (bad command line):
EXIT_FAULT = 70  # a fault of the program itself (or no memory left), never of the user's data
EXIT_INTERRUPTED = 130  # Ctrl+C (SIGINT)
EXIT_TERMINATED = 143  # SIGTERM
EXIT_BROKEN_PIPE = 141  # the output was closed by the program reading it

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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vanban",
        description="Tạo văn bản hành chính đúng thể thức Nghị định 30/2020/NĐ-CP từ dữ liệu có cấu trúc: "
                    "Kế hoạch và phụ lục (YAML → Word, Excel, PDF), phiếu báo cáo cho từng cơ quan, Báo cáo "
                    "của cơ quan, Báo cáo tổng hợp và công văn đôn đốc; kiểm tra thể thức của bất kỳ tệp "
                    ".docx nào.",
        epilog="Xem hướng dẫn từng lệnh: vanban LỆNH --help. Mã thoát: 0 thành công; 1 dữ liệu sai, tệp đã có "
               "hoặc không ghi được; 2 sai cú pháp lệnh; 70 lỗi chương trình; 130 dừng bằng Ctrl+C; 143 dừng "
               "bởi SIGTERM.",
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

    k = sub.add_parser("kehoach", help="tạo Kế hoạch (.docx) và phụ lục (.xlsx) từ một tệp YAML",
                       description="Tạo Kế hoạch THƯ_MỤC/<tên>.docx và, nếu có phụ lục, "
                                   "THƯ_MỤC/<tên>-phu-luc.xlsx từ tệp dữ liệu YAML.")
    k.add_argument("tep", metavar="KE_HOACH.yaml", help="tệp dữ liệu Kế hoạch")
    k.add_argument("-o", "--thu-muc", required=True, metavar="THƯ_MỤC", help="thư mục ghi kết quả")
    k.add_argument("--ten", metavar="TÊN", help="tên tệp kết quả (mặc định: tên tệp YAML)")
    k.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp đã có")
    _pdf_options(k)
    _mau_option(k)

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
    _report(result)
    if result.so_phieu_khong_tinh:
        print(f"{result.so_phieu_khong_tinh} phiếu không được tính: "
              + "; ".join(Path(k.tep).name for k in th.khong_hop_le)
              + " (đã ghi báo cáo tổng hợp; xem lý do ở trên)", file=sys.stderr)


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


def main(argv: list[str] | None = None) -> int:
    """Run one command; whatever happens, no traceback reaches the user (unless VANBAN_DEBUG=1)."""
    _utf8_output()
    me = os.getpid()

    def on_sigterm(signum, frame):
        if os.getpid() != me:  # a forked child before it set its own handling: just end
            os._exit(128 + signum)
        raise Terminated(signum)

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread: signals stay as they are
        previous = None
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return _stopped("Đã dừng theo yêu cầu (Ctrl+C)", EXIT_INTERRUPTED)
    except BrokenPipeError:  # the reader of the output went away (``vanban ... | head``): nothing to say
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EXIT_BROKEN_PIPE
    except Terminated:
        return _stopped("Đã dừng do nhận tín hiệu kết thúc (SIGTERM)", EXIT_TERMINATED)
    except MemoryError:
        return _fault("không đủ bộ nhớ để chạy lệnh; đóng bớt chương trình khác hoặc chia nhỏ dữ liệu rồi chạy lại")
    except RecursionError:
        return _fault("dữ liệu lồng nhau quá sâu để xử lý (RecursionError)")
    except Exception as e:  # noqa: BLE001 -- the last line of defence: a message, never a traceback
        first = (str(e).strip().splitlines() or [""])[0][:200]
        return _fault(f"{type(e).__name__}" + (f": {first}" if first else ""))
    finally:
        if previous is not None:
            try:
                signal.signal(signal.SIGTERM, previous)
            except (ValueError, TypeError):
                pass


def _stopped(what: str, code: int) -> int:
    try:
        print(f"{what}; tệp tạm đã được xóa, không tệp nào bị ghi dở.", file=sys.stderr)
    except (OSError, ValueError):
        pass
    return code


def _fault(what: str) -> int:
    if os.environ.get("VANBAN_DEBUG") == "1":
        import traceback

        traceback.print_exc()
    try:
        print(f"Lỗi chương trình (không phải lỗi dữ liệu): {what}. Tệp đã có được giữ nguyên; "
              "đặt VANBAN_DEBUG=1 rồi chạy lại để xem chi tiết khi báo lỗi.", file=sys.stderr)
    except (OSError, ValueError):
        pass
    return EXIT_FAULT


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lenh is None:
        _parser().print_help()
        return 2
    try:
        if args.lenh == "demo":
            _report(api.demo(Path(args.thu_muc), args.ghi_de, pdf=args.pdf, pdfa=args.pdfa, mau=args.mau))
        elif args.lenh == "mau":
            _report(api.xuat_mau(Path(args.thu_muc), args.ghi_de))
        elif args.lenh == "kiemtra":
            return _kiemtra(args.tep, args.json)
        elif args.lenh == "bieumau":
            _report(api.tao_bieu_mau(Path(args.tep) if args.tep else None, args.ky, Path(args.thu_muc),
                                     args.ghi_de, han_nop=args.han_nop, co_quan=args.co_quan, mau=args.mau))
        elif args.lenh == "baocao":
            _report(api.tao_bao_cao(Path(args.tep), Path(args.thu_muc), args.ghi_de,
                                    registry=args.danh_muc, pdf=args.pdf, mau=args.mau))
        elif args.lenh == "tonghop":
            if not args.ky and not args.thong_tin:
                print("Lỗi: cần --ky (ví dụ --ky 2026) hoặc tệp --thong-tin có ghi kỳ báo cáo", file=sys.stderr)
                return 2
            result = api.tong_hop_bao_cao(
                Path(args.tep), Path(args.phieu), args.ky, Path(args.thu_muc), args.ghi_de,
                thong_tin=args.thong_tin, han_nop=args.han_nop, han_moi=args.han_moi, pdf=args.pdf,
                don_doc=args.don_doc, mau=args.mau)
            _report_tong_hop(result)
            if result.so_phieu_khong_tinh:
                return MA_PHIEU_KHONG_TINH
        elif args.lenh == "kehoach":
            _report(api.tao_ke_hoach(Path(args.tep), Path(args.thu_muc), args.ghi_de, args.ten,
                                     pdf=args.pdf, pdfa=args.pdfa, mau=args.mau))
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
