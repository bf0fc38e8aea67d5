"""Paired ratios: ``python -m bench.paired`` (or ``python bench/paired.py``).

The machine these numbers come from is shared: two numbers measured minutes apart say little
about each other. So every comparison here is a pair measured in turn, A then B then A then B…,
in the same run, and only the ratio of the two medians is reported:

- PDF of the 150-agency consolidated report: vanban (``render_van_ban_pdf``, in a warm process,
  imports done) against LibreOffice headless converting the .docx vanban wrote for the same
  report (``soffice --convert-to pdf``, a process, its user profile made beforehand);
- with ``--truoc REV``, the same steps by the code of revision REV (a ``git worktree`` of it,
  imported in place of this one) against this code: the PDF above, the consolidated .xlsx of
  1,500 agencies (``render_tong_hop_xlsx``, in a warm process) and the whole command
  ``vanban tonghop`` of 1,500 returns (a process each time).

Each side of a pair runs in a process of its own that stays up for the whole run (one for this
code, one for REV) and answers requests one at a time, so the two sides never run at once; the
time of a call is measured inside that process. Before each call the measuring caches of vanban's text, layout
and render modules are emptied, so a call pays what one command pays. Results: printed, and written to
``bench/cap-doi.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
KY, HAN_MOI = "2026", "31/12/2026"


# ---- the process answering one side's requests -------------------------------------------------

def _cold_caches() -> None:
    """Empty the measuring caches of the text and render modules (``functools.lru_cache``), so
    that each call pays what one command pays, not what the calls before it left behind."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("vanban.text", "vanban.render", "vanban.layout")) and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def serve() -> None:
    """Read requests (one JSON object a line) on stdin, answer each with its time on stdout."""
    import gc

    ready: dict = {}

    def consolidated(plan: str, returns: str):
        key = (plan, returns)
        if key not in ready:
            from bench.run import _consolidate

            ready[key] = _consolidate({"plan": plan, "returns": returns})
        return ready[key]

    for line in sys.stdin:
        req = json.loads(line)
        out = Path(req["out"])
        if req["do"] == "pdf":
            from vanban.render.pdf_van_ban import render_van_ban_pdf

            report = consolidated(req["plan"], req["returns"])[4]
            fn = lambda: render_van_ban_pdf(report, out)  # noqa: E731
        elif req["do"] == "docx":
            from vanban.render.docx_van_ban import render_van_ban_docx

            report = consolidated(req["plan"], req["returns"])[4]
            fn = lambda: render_van_ban_docx(report, out)  # noqa: E731
        elif req["do"] == "xlsx":
            from vanban.render.xlsx_tong_hop import render_tong_hop_xlsx

            kh, _, _, th, _ = consolidated(req["plan"], req["returns"])
            fn = lambda: render_tong_hop_xlsx(th, kh, out)  # noqa: E731
        else:
            raise ValueError(req["do"])
        _cold_caches()
        gc.collect()
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        extra = {}
        if out.suffix == ".pdf":
            from pypdf import PdfReader

            extra["trang"] = len(PdfReader(out).pages)
        print(json.dumps({"s": dt, **extra}), flush=True)


class Side:
    """One side of the pairs: this code, or the code of a revision (``path``: a folder holding
    ``vanban`` to import first)."""

    def __init__(self, name: str, path: Path | None, work: Path):
        self.name, self.path, self.work = name, path, work
        self.env = dict(os.environ)
        if path is not None:
            self.env["PYTHONPATH"] = os.pathsep.join([str(path), str(ROOT)])
        else:
            self.env["PYTHONPATH"] = str(ROOT)
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.paired", "--_serve"], cwd=ROOT, env=self.env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, do: str, plan: Path, returns: Path, out: Path) -> dict:
        self.proc.stdin.write(json.dumps({"do": do, "plan": str(plan), "returns": str(returns), "out": str(out)}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.name}: tiến trình đo dừng giữa chừng")
        return json.loads(line)

    def command(self, args: list[str]) -> float:
        """The whole ``vanban`` command as a process (``python -m vanban``, this side's code)."""
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "vanban", *args], cwd=self.work, env=self.env, capture_output=True,
                           text=True)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{self.name}: vanban {' '.join(args[:1])}: mã thoát {p.returncode}: {p.stderr[-300:]}")
        return dt

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def libreoffice(docx: Path, work: Path) -> float:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("không có soffice")
    out = work / "lo"
    shutil.rmtree(out, ignore_errors=True)
    t0 = time.perf_counter()
    p = subprocess.run([exe, f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(docx)], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    pdf = out / (docx.stem + ".pdf")
    if p.returncode != 0 or not pdf.exists():
        raise RuntimeError(f"LibreOffice: mã thoát {p.returncode}: {(p.stderr or p.stdout)[-300:]}")
    from pypdf import PdfReader

    libreoffice.pages = len(PdfReader(pdf).pages)
    return dt


def pair(name: str, a_name: str, a, b_name: str, b, lan: int) -> dict:
    """``a`` and ``b`` (each returns seconds) in turn, ``lan`` times each after one untimed run
    of each; the ratio of the medians b / a (above 1: a is faster)."""
    a(), b()
    ta, tb = [], []
    for _ in range(lan):
        ta.append(a())
        tb.append(b())
    ma, mb = statistics.median(ta), statistics.median(tb)
    row = {"ten": name, "a": a_name, "b": b_name, "a_s": [round(x, 3) for x in ta], "b_s": [round(x, 3) for x in tb],
           "a_trung_vi_s": round(ma, 3), "b_trung_vi_s": round(mb, 3), "b_chia_a": round(mb / ma, 2)}
    print(f"{name}: {a_name} {ma:.2f} s, {b_name} {mb:.2f} s (trung vị của {lan} lần mỗi bên, đo xen kẽ); "
          f"{b_name} / {a_name} = {mb / ma:.2f}", flush=True)
    return row


def worktree(rev: str, work: Path) -> Path:
    """A folder holding ``vanban``: the package of revision ``rev`` (a detached git worktree)."""
    tree = work / "truoc"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], check=True,
                   capture_output=True)
    path = work / "truoc-path"
    path.mkdir()
    (path / "vanban").symlink_to(tree / "generator", target_is_directory=True)
    return path


def main(argv: list[str] | None = None) -> int:
    import vanban.cli  # noqa: F401 -- argparse's own texts in Vietnamese

    p = argparse.ArgumentParser(prog="python -m bench.paired", description="Đo theo cặp, xen kẽ trong cùng một lần chạy.")
    p.add_argument("--lan", type=int, default=5, metavar="N", help="số lần đo mỗi bên của một cặp (mặc định 5)")
    p.add_argument("--truoc", metavar="REV", help="so với mã của phiên bản REV (git), cùng các bước")
    p.add_argument("--co-quan-lon", type=int, default=1500, metavar="N",
                   help="số cơ quan của tỉnh mẫu lớn cho tonghop và bảng .xlsx (mặc định 1500)")
    p.add_argument("--json", metavar="TỆP", default=str(ROOT / "bench" / "cap-doi.json"))
    p.add_argument("--cache", metavar="THƯ_MỤC", default=os.environ.get(
        "VANBAN_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "vanban-bench")))
    p.add_argument("--_serve", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args._serve:
        serve()
        return 0
    from bench import province

    load0 = os.getloadavg()
    small = province.ensure(Path(args.cache))
    big = province.ensure(Path(args.cache), agencies=args.co_quan_lon) if args.truoc else None
    work = Path(tempfile.mkdtemp(prefix="vanban-cap-doi-"))
    sides: list[Side] = []
    rows = []
    try:
        now = Side("vanban", None, work)
        sides.append(now)
        docx = work / "tong-hop.docx"
        now.ask("docx", small.plan, small.returns, docx)
        pages = {}

        def pdf(side):
            def run():
                r = side.ask("pdf", small.plan, small.returns, work / f"{side.name}.pdf")
                pages[side.name] = r["trang"]
                return r["s"]
            return run

        rows.append(pair("PDF báo cáo tổng hợp 150 cơ quan", "vanban", pdf(now), "LibreOffice",
                         lambda: libreoffice(docx, work), args.lan))
        rows[-1]["trang"] = {"vanban": pages.get("vanban"), "LibreOffice": getattr(libreoffice, "pages", None)}
        if args.truoc:
            old = Side(f"trước ({args.truoc})", worktree(args.truoc, work), work)
            sides.append(old)
            rows.append(pair("PDF báo cáo tổng hợp 150 cơ quan", "sau", pdf(now), "trước", pdf(old), args.lan))

            def xlsx(side):
                return lambda: side.ask("xlsx", big.plan, big.returns, work / f"{side.name}.xlsx")["s"]

            n = big.stats["co_quan"]
            rows.append(pair(f"Bảng tổng hợp .xlsx {n} cơ quan", "sau", xlsx(now), "trước", xlsx(old), args.lan))

            def tonghop(side):
                def run():
                    out = work / "th"
                    shutil.rmtree(out, ignore_errors=True)
                    return side.command(["tonghop", str(big.plan), str(big.returns), "--ky", KY, "-o", str(out),
                                         "--han-moi", HAN_MOI])
                return run

            rows.append(pair(f"vanban tonghop {n} phiếu", "sau", tonghop(now), "trước", tonghop(old), args.lan))
    finally:
        for s in sides:
            s.close()
        if args.truoc:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / "truoc")],
                           capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    load1 = os.getloadavg()
    result = {"thoi_diem": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "truoc": args.truoc, "so_lan": args.lan,
              "may": {"cpu": os.cpu_count(), "python": platform.python_version(), "he": platform.platform(),
                      "tai_trung_binh_dau": [round(x, 2) for x in load0],
                      "tai_trung_binh_cuoi": [round(x, 2) for x in load1]},
              "cac_cap": rows}
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Tải trung bình lúc đầu {load0[0]:.2f}, lúc cuối {load1[0]:.2f}. Đã ghi: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
