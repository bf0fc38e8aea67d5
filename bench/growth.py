"""Growth with size: ``python -m bench.growth`` (or ``python bench/growth.py``).

For provinces of 150 agencies with plans of 60, 600 and 6,000 tasks, and of 1,500 agencies with
a plan of 60 tasks (``bench.province``, built once and cached), each command runs once as a
process of its own: ``vanban kehoach --pdf``, reading and checking the returns, ``vanban tonghop``
and ``vanban tonghop --pdf``; its wall time and its peak resident memory (``run.run_process``:
the child's own ``ru_maxrss`` from ``wait4``, its worker processes included as their maximum) are
printed and written to ``bench/tang-truong.json``. One run per command: a growth table, not a
timing to the tenth of a second (the machine's load is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import province  # noqa: E402
from bench.run import HAN_MOI, KY, MB, MEM_LIMIT_MB, VANBAN, run_process  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SIZES = [(150, 60), (150, 600), (150, 6000), (1500, 60)]  # (agencies, tasks)
READ = ("import sys; from vanban import api; from vanban.baocao.tong_hop import tong_hop; "
        "kh, reg, _ = api.doc_ke_hoach(sys.argv[1]); "
        f"th = tong_hop(kh, reg, api._ky('{KY}', None, kh), *api.doc_phieu_thu_muc(sys.argv[2])); "
        "print(th.tong_so)")


def commands(plan: str, returns: str, out: Path) -> dict[str, list[str]]:
    v = str(VANBAN)
    return {
        "kehoach --pdf": [v, "kehoach", plan, "-o", str(out / "kh"), "--pdf"],
        "đọc phiếu": [sys.executable, "-c", READ, plan, returns],
        "tonghop": [v, "tonghop", plan, returns, "--ky", KY, "-o", str(out / "th"), "--han-moi", HAN_MOI],
        "tonghop --pdf": [v, "tonghop", plan, returns, "--ky", KY, "-o", str(out / "thp"), "--han-moi", HAN_MOI,
                          "--pdf"],
    }


def main(argv: list[str] | None = None) -> int:
    import vanban.cli  # noqa: F401 -- argparse's own texts in Vietnamese

    p = argparse.ArgumentParser(prog="python -m bench.growth", description="Đo thời gian và bộ nhớ theo cỡ tỉnh mẫu.")
    p.add_argument("--json", metavar="TỆP", default=str(ROOT / "bench" / "tang-truong.json"))
    p.add_argument("--cache", metavar="THƯ_MỤC", default=os.environ.get(
        "VANBAN_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "vanban-bench")))
    p.add_argument("--co", metavar="DS", default=",".join(f"{a}x{t}" for a, t in SIZES),
                   help="các cỡ, dạng <số cơ quan>x<số nhiệm vụ>, ví dụ 150x60,1500x60")
    p.add_argument("--lenh", metavar="DS", default="", help="chỉ chạy các lệnh này (tên như trong bảng, cách nhau dấu ;)")
    args = p.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.co.split(",") if s.strip()]
    only = {s.strip() for s in args.lenh.split(";") if s.strip()}
    load0 = os.getloadavg()
    rows = []
    for agencies, tasks in sizes:
        prov = province.ensure(Path(args.cache), agencies=agencies, tasks=tasks)
        work = Path(tempfile.mkdtemp(prefix="vanban-growth-"))
        try:
            for name, cmd in commands(str(prov.plan), str(prov.returns), work).items():
                if only and name not in only:
                    continue
                r = run_process(cmd)
                pages = None
                folder = work / ("kh" if "kehoach" in name else "thp")
                pdf = next(folder.rglob("*.pdf"), None) if name.endswith("--pdf") and folder.exists() else None
                if pdf is not None:
                    from pypdf import PdfReader
                    pages = len(PdfReader(pdf).pages)
                row = {"co_quan": agencies, "nhiem_vu": tasks, "lenh": name, "thoi_gian_s": round(r.seconds, 2),
                       "bo_nho_dinh_mb": round(r.maxrss / MB, 1), "dat_bo_nho": r.maxrss <= MEM_LIMIT_MB * MB,
                       "ma_thoat": r.code, "so_trang_pdf": pages,
                       "loi": None if r.code == 0 else (r.err or r.out).strip()[-300:]}
                rows.append(row)
                print(f"{agencies:>6} cơ quan {tasks:>6} nhiệm vụ  {name:<15} {r.seconds:8.2f} s "
                      f"{r.maxrss / MB:8.0f} MB  mã {r.code}" + (f"  {pages} trang" if pages else ""), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    load1 = os.getloadavg()
    result = {"thoi_diem": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "may": {"cpu": os.cpu_count(), "python": platform.python_version(), "he": platform.platform(),
                      "tai_trung_binh_dau": [round(x, 2) for x in load0],
                      "tai_trung_binh_cuoi": [round(x, 2) for x in load1]},
              "gioi_han_bo_nho_mb": MEM_LIMIT_MB, "cac_dong": rows}
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Đã ghi: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
