"""Benchmark at provincial scale: ``python -m bench`` or ``python bench/run.py``.

Builds (once, cached) a synthetic province (``bench.province``: 150 agencies, a plan of 60 tasks
in 6 groups, 150 filled returns) and times each step of the reporting cycle two ways:

- as a separate process, the ``vanban`` command line (interpreter start-up included), the
  way a clerk runs it;
- as in-process library calls (``vanban.api``), in a fresh worker process per step: one
  untimed warm-up call (imports, caches), then the timed calls.

Steps: (0) start-up, ``vanban --version`` as a process (median of at least 5 runs, target
0.15 s; which heavy modules it imports is recorded too); (1) Kế hoạch .docx + .xlsx; (2) 150
return forms; (3) reading and validating 150 returns; (4) consolidated report .docx + .xlsx
(reading included); (5) PDF of the consolidated report; (6) the ND30 checker on the consolidated
.docx. Baselines in the same run: the consolidated results table rendered the straightforward way
(one docxtpl ``{%tr for %}`` loop in a template built at run time with python-docx), and .docx ->
PDF by LibreOffice headless.

Peak memory of a process is its own ``ru_maxrss`` as ``wait4`` returns it to a small spawner
(GNU time, else a bare Python): not ``RUSAGE_CHILDREN`` of this process (a maximum over every
child ever waited for), and not a child forked from this process directly (it would inherit this
process's resident size as its high-water mark). For in-process calls it is the worker's peak
(interpreter, imports and all timed calls); the peak of Python allocations of one call under
``tracemalloc`` is reported beside it.

A benchmark, not a test: the times depend on the machine and on what else runs on it (the load
average at start and end is recorded).
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
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VANBAN = BIN / "vanban"
KY = "2026"
HAN_MOI = "31/12/2026"
MB = 1024 * 1024


# ---- steps ------------------------------------------------------------------------------------

@dataclass
class Step:
    ma: str
    ten: str  # printed, Vietnamese
    muc_tieu: float | None = None  # seconds
    # which measurement the target judges: "cli" (whole process) or "trong" (in-process)
    xet: str = "cli"
    ghi_chu: str = ""


STEPS = [
    Step("1", "Kế hoạch .docx + phụ lục .xlsx (60 nhiệm vụ)", 0.6, "cli"),
    Step("2", "150 phiếu báo cáo .xlsx", 6.0, "cli"),
    Step("3", "Đọc + kiểm tra 150 phiếu đã điền", None, "trong",
         "không có lệnh riêng; lệnh tổng hợp (bước 4) gồm cả bước này"),
    Step("4", "Tổng hợp 150 phiếu -> báo cáo .docx + .xlsx", 5.0, "cli"),
    Step("5", "PDF của báo cáo tổng hợp", 5.0, "trong",
         "mục tiêu xét thời gian dựng PDF; dòng CLI là cả lệnh tonghop --pdf"),
    Step("6", "Kiểm tra thể thức báo cáo tổng hợp .docx", 1.0, "cli"),
]
BASELINES = [
    Step("B1", "Cơ sở: bảng kết quả bằng một vòng {%tr for %} docxtpl"),
    Step("B1v", "vanban: cùng bảng kết quả (chỉ Phụ lục I)"),
    Step("B1t", "vanban: cả báo cáo tổng hợp .docx (không tính đọc phiếu)"),
    Step("B2", "Cơ sở: LibreOffice headless .docx -> PDF"),
]
MEM_LIMIT_MB = 400
STARTUP_TARGET_S = 0.15  # `vanban --version`, the whole process
STARTUP_RUNS = 5  # at least this many runs of `vanban --version`, even with --nhanh
HEAVY = ["weasyprint", "pydantic", "yaml", "docx", "docxtpl", "openpyxl", "jinja2", "lxml", "fontTools", "pydyf",
         "tinycss2", "cssselect2", "vanban.api"]


# ---- worker side: in-process calls --------------------------------------------------------------

def _consolidate(ctx: dict):
    """The consolidation (TongHop) and the consolidated report (VanBanDi), untimed setup."""
    from vanban import api
    from vanban.baocao.tong_hop import tong_hop
    from vanban.baocao.van_ban import bao_cao_tong_hop

    kh, tra_cuu, _ = api.doc_ke_hoach(ctx["plan"])
    period = api._ky(KY, None, kh)  # noqa: SLF001 -- the period exactly as the library derives it
    th = tong_hop(kh, tra_cuu, period, *api.doc_phieu_thu_muc(ctx["returns"]))
    return kh, tra_cuu, period, th, bao_cao_tong_hop(th, kh)


def _table_rows(th) -> list[list[str]]:
    """Phụ lục I rows as plain cell texts (a group row spans nothing; it fills two cells)."""
    from vanban.baocao import tong_hop as T

    out = []
    for row in T.bang_ket_qua(th):
        cells = [row[0], row[1], "", "", "", ""] if isinstance(row, tuple) else list(row)
        out.append([c.replace("\\", "") for c in cells])
    return out


def build_docxtpl_template(target: Path, titles: list[str]) -> None:
    """A small docxtpl template: landscape A4, one table, a header row and one {%tr for %} row."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    d = Document()
    s = d.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Cm(29.7), Cm(21.0)
    s.left_margin = s.right_margin = Cm(2)
    d.styles["Normal"].font.name = "Times New Roman"
    d.styles["Normal"].font.size = Pt(13)
    d.add_paragraph("KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ")
    t = d.add_table(rows=4, cols=len(titles))
    t.style = "Table Grid"
    rows = t.rows  # a handful of cells: no quadratic lookups here
    for j, title in enumerate(titles):
        rows[0].cells[j].text = title
        rows[2].cells[j].text = "{{ r[%d] }}" % j
    rows[1].cells[0].text = "{%tr for r in rows %}"
    rows[3].cells[0].text = "{%tr endfor %}"
    d.save(target)


def _setup(step: str, ctx: dict) -> tuple:
    """(callable taking an empty output folder, note). Everything here is untimed."""
    from vanban import api

    plan, returns = Path(ctx["plan"]), Path(ctx["returns"])
    if step == "1":
        return (lambda out: api.tao_ke_hoach(plan, out)), ""
    if step == "2":
        return (lambda out: api.tao_bieu_mau(plan, KY, out)), ""
    if step == "3":
        from vanban.baocao.tong_hop import tong_hop

        kh, tra_cuu, _ = api.doc_ke_hoach(plan)
        period = api._ky(KY, None, kh)  # noqa: SLF001

        def run3(out):
            read = api.doc_phieu_thu_muc(returns)  # (forms, problems[, agencies of unreadable files])
            th = tong_hop(kh, tra_cuu, period, *read)
            if len(read[0]) != ctx["so_phieu"] or read[1]:
                raise RuntimeError(f"đọc được {len(read[0])} phiếu, {len(read[1])} lỗi")
            return th
        return run3, ""
    if step == "4":
        return (lambda out: api.tong_hop_bao_cao(plan, returns, KY, out, han_moi=HAN_MOI)), ""
    if step == "5":
        from vanban.render.pdf_van_ban import render_van_ban_pdf

        report = _consolidate(ctx)[4]
        return (lambda out: render_van_ban_pdf(report, out / "tong-hop.pdf")), ""
    if step == "6":
        docx = Path(ctx["docx"])

        def run6(out):
            r = api.kiem_tra([docx])[0]
            if r.loi_doc:
                raise RuntimeError(r.loi_doc)
            return r
        return run6, ""
    if step in ("B1", "B1v", "B1t"):
        from vanban.model.van_ban_di import VanBanDi
        from vanban.render.docx_van_ban import render_van_ban_docx
        from vanban.text.than_van import parse_body

        kh, tra_cuu, period, th, report = _consolidate(ctx)
        if step == "B1t":
            return (lambda out: render_van_ban_docx(report, out / "tong-hop.docx")), ""
        if step == "B1v":
            doc = VanBanDi(report.vb, [], parse_body("Kết quả thực hiện từng nhiệm vụ tại Phụ lục kèm theo."),
                            report.phu_luc[:1])
            return (lambda out: render_van_ban_docx(doc, out / "bang.docx")), ""
        from docxtpl import DocxTemplate, Listing

        from vanban.baocao.tong_hop import COT_PHU_LUC_KET_QUA

        tpl = Path(ctx["work"]) / "co-so-docxtpl.docx"
        build_docxtpl_template(tpl, list(COT_PHU_LUC_KET_QUA))
        rows = _table_rows(th)

        def run_b1(out):
            doc = DocxTemplate(tpl)
            doc.render({"rows": [[Listing(c) for c in r] for r in rows]})
            doc.save(out / "bang.docx")
        return run_b1, f"{len(rows)} dòng"
    raise ValueError(step)


def worker(step: str, ctx_path: Path, lan: int, trace: bool) -> dict:
    import gc
    import resource
    import tracemalloc

    ctx = json.loads(ctx_path.read_text(encoding="utf-8"))
    base = Path(tempfile.mkdtemp(prefix=f"buoc-{step}-", dir=ctx["work"]))
    try:
        fn, note = _setup(step, ctx)

        def once(i: int) -> float:
            out = base / f"lan-{i}"
            out.mkdir()
            gc.collect()
            t0 = time.perf_counter()
            fn(out)
            dt = time.perf_counter() - t0
            shutil.rmtree(out)
            return dt

        first = once(0)  # warm-up: imports, caches
        times = [once(i) for i in range(1, lan + 1)]
        # This worker was started by a small spawner, so its own high-water mark is its own.
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        peak_py = None
        if trace:  # after the RSS reading: tracemalloc's own bookkeeping costs memory
            tracemalloc.start()
            once(lan + 1)
            peak_py = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        return {"lan_dau": first, "thoi_gian": times, "ghi_chu": note, "tracemalloc_dinh": peak_py,
                "maxrss": rss}
    finally:
        shutil.rmtree(base, ignore_errors=True)


# ---- main side: processes -----------------------------------------------------------------------

@dataclass
class Proc:
    seconds: float
    maxrss: int  # bytes, of this child (and the descendants it waited for)
    code: int
    out: str
    err: str


# A child's ru_maxrss is at least the resident size of the process that forked it: Linux keeps
# the high-water mark of the address space the child replaced at exec (and Python forks with
# vfork/posix_spawn, so that is this process, which has loaded the generator). Measured
# processes are therefore started from a small spawner: GNU time (its %M is its child's peak,
# from wait4) or, without it, a bare Python that reports os.wait4's rusage of its own child.
TIME = Path("/usr/bin/time")
_SPAWN = ("import os, sys\n"
          "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
          "_, status, ru = os.wait4(pid, 0)\n"
          "open(sys.argv[1], 'w').write(str(ru.ru_maxrss))\n"
          "sys.exit(os.waitstatus_to_exitcode(status))\n")


def run_process(cmd: list[str], cwd: Path | None = None, env: dict | None = None, timeout: float = 1800) -> Proc:
    """Run one command; its wall time and its own peak resident memory (see above)."""
    exe = shutil.which(cmd[0]) or cmd[0]
    with tempfile.TemporaryFile() as fo, tempfile.TemporaryFile() as fe, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if TIME.exists():
            full = [str(TIME), "-f", "%M", "-o", rss.name, exe, *cmd[1:]]
        else:
            full = [sys.executable, "-S", "-c", _SPAWN, rss.name, exe, *cmd[1:]]
        if env is None:
            # As on a normal installation, Python keeps the compiled modules (.pyc) between runs;
            # some machines set PYTHONDONTWRITEBYTECODE, which makes every start compile again.
            env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=fo, stderr=fe, cwd=cwd, env=env)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        seconds = time.perf_counter() - t0
        fo.seek(0)
        fe.seek(0)
        text = rss.read().strip().splitlines()
        kb = int(text[-1]) if text and text[-1].isdigit() else 0
        code = p.returncode
        if TIME.exists() and text and text[0].startswith("Command exited with non-zero status"):
            code = int(text[0].rsplit(" ", 1)[1])
        return Proc(seconds, kb * 1024, code, fo.read().decode("utf-8", "replace"),
                    fe.read().decode("utf-8", "replace"))


@dataclass
class Row:
    buoc: str
    cach: str  # "CLI", "trong tiến trình", "LibreOffice"
    lenh: str
    thoi_gian: list[float] = field(default_factory=list)
    bo_nho: int | None = None  # bytes
    tracemalloc: int | None = None
    lan_dau: float | None = None
    loi: str | None = None
    ghi_chu: str = ""

    @property
    def trung_vi(self) -> float | None:
        return statistics.median(self.thoi_gian) if self.thoi_gian else None

    def as_json(self) -> dict:
        return {"buoc": self.buoc, "cach": self.cach, "lenh": self.lenh, "trung_vi_s": _r(self.trung_vi),
                "nho_nhat_s": _r(min(self.thoi_gian)) if self.thoi_gian else None,
                "lon_nhat_s": _r(max(self.thoi_gian)) if self.thoi_gian else None,
                "cac_lan_s": [_r(t) for t in self.thoi_gian], "lan_dau_s": _r(self.lan_dau),
                "bo_nho_dinh_mb": _mb(self.bo_nho), "tracemalloc_dinh_mb": _mb(self.tracemalloc),
                "loi": self.loi, "ghi_chu": self.ghi_chu}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def _mb(x: int | None) -> float | None:
    return None if x is None else round(x / MB, 1)


def cli_commands(ctx: dict, out: Path) -> dict[str, list[str]]:
    v = str(VANBAN)
    plan, returns, docx = ctx["plan"], ctx["returns"], ctx["docx"]
    script3 = ("import sys; from pathlib import Path; from vanban import api; "
               "from vanban.baocao.tong_hop import tong_hop; "
               "kh, reg, _ = api.doc_ke_hoach(sys.argv[1]); "
               f"th = tong_hop(kh, reg, api._ky('{KY}', None, kh), *api.doc_phieu_thu_muc(sys.argv[2])); "
               "print(th.tong_so)")
    return {
        "1": [v, "kehoach", plan, "-o", str(out)],
        "2": [v, "bieumau", plan, "--ky", KY, "-o", str(out)],
        "3": [sys.executable, "-c", script3, plan, returns],
        "4": [v, "tonghop", plan, returns, "--ky", KY, "-o", str(out), "--han-moi", HAN_MOI],
        "5": [v, "tonghop", plan, returns, "--ky", KY, "-o", str(out), "--han-moi", HAN_MOI, "--pdf"],
        "6": [v, "kiemtra", docx],
    }


def available_commands() -> set[str]:
    p = run_process([str(VANBAN), "--help"])
    return {c for c in ("kehoach", "bieumau", "baocao", "tonghop", "kiemtra") if c in p.out}


def time_cli(step: str, cmd: list[str], lan: int, work: Path, ok_codes=(0,)) -> Row:
    row = Row(step, "CLI", " ".join(_short(c) for c in cmd))
    for i in range(lan + 1):  # run 0: warm the disk cache, untimed
        out = work / f"cli-{step}-{i}"
        cmd_i = [str(out) if c == "{OUT}" else c for c in cmd]
        p = run_process(cmd_i)
        shutil.rmtree(out, ignore_errors=True)
        if p.code not in ok_codes:
            row.loi = f"mã thoát {p.code}: {(p.err or p.out).strip()[-500:]}"
            return row
        if i == 0:
            row.lan_dau = p.seconds
            row.bo_nho = p.maxrss
            continue
        row.thoi_gian.append(p.seconds)
        row.bo_nho = max(row.bo_nho or 0, p.maxrss)
    return row


def _short(arg: str) -> str:
    for base, name in ((str(BIN) + "/", ""), (str(ROOT) + "/", "")):
        if arg.startswith(base):
            return name + arg[len(base):]
    if "/" in arg and len(arg) > 40:
        return "…/" + Path(arg).name
    if len(arg) > 60:
        return arg[:57] + "…"
    return arg


def time_worker(step: str, ctx_path: Path, lan: int, trace: bool) -> Row:
    row = Row(step, "trong tiến trình", "vanban.api")
    p = run_process([sys.executable, "-m", "bench.run", "--_worker", step, "--_ctx", str(ctx_path),
                     "--lan", str(lan)] + (["--_trace"] if trace else []), cwd=ROOT)
    if p.code != 0:
        last = (p.err or p.out).strip().splitlines()[-1:] or [""]
        row.loi = f"mã thoát {p.code}: {last[0][:400]}"
        return row
    data = json.loads(p.out.strip().splitlines()[-1])
    row.thoi_gian = data["thoi_gian"]
    row.lan_dau = data["lan_dau"]
    row.bo_nho = data["maxrss"]  # before the tracemalloc run (the spawner's figure includes it)
    row.tracemalloc = data["tracemalloc_dinh"]
    row.ghi_chu = data["ghi_chu"]
    return row


def time_libreoffice(docx: Path, lan: int, work: Path) -> Row:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    row = Row("B2", "LibreOffice", "soffice --headless --convert-to pdf")
    if not exe:
        row.loi = "không có soffice"
        return row
    profile = work / "lo-profile"
    for i in range(lan + 1):  # run 0 creates the user profile: untimed
        out = work / f"lo-{i}"
        p = run_process([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                         "--outdir", str(out), str(docx)])
        ok = p.code == 0 and (out / (docx.stem + ".pdf")).exists()
        shutil.rmtree(out, ignore_errors=True)
        if not ok:
            row.loi = f"mã thoát {p.code}: {(p.err or p.out).strip()[-300:]}"
            return row
        if i == 0:
            row.lan_dau = p.seconds
            continue
        row.thoi_gian.append(p.seconds)
        row.bo_nho = max(row.bo_nho or 0, p.maxrss)
    return row


def startup_row(lan: int) -> Row:
    """`vanban --version`: the interpreter and the CLI's imports, nothing else (run 0 untimed;
    the median of at least ``STARTUP_RUNS`` runs)."""
    row = Row("0", "CLI", "vanban --version")
    for i in range(max(lan, STARTUP_RUNS) + 1):
        p = run_process([str(VANBAN), "--version"])
        if i:
            row.thoi_gian.append(p.seconds)
            row.bo_nho = max(row.bo_nho or 0, p.maxrss)
    return row


def import_heavy() -> dict:
    """Which heavy modules `import vanban.cli` and the process `vanban --version` pull in (they
    should pull none), and the import time of `vanban.cli`."""
    code = f"import sys, vanban.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    p = run_process([sys.executable, "-c", code])
    t = run_process([sys.executable, "-X", "importtime", "-c", "import vanban.cli"])
    total = 0
    for line in t.err.splitlines():
        if line.rstrip().endswith("| vanban.cli"):
            total = int(line.split("|")[1])
    v = run_process([sys.executable, "-X", "importtime", "-m", "vanban", "--version"])
    loaded = {line.rsplit("|", 1)[1].strip() for line in v.err.splitlines() if line.startswith("import time:")}
    return {"module_nang": [m for m in p.out.strip().split(",") if m], "import_vanban_cli_ms": round(total / 1000, 1),
            "module_nang_version": [m for m in HEAVY if m in loaded]}


def startup_verdict(rows: dict[tuple[str, str], Row]) -> list[dict]:
    """The start-up target: `vanban --version` (whole process, median) within ``STARTUP_TARGET_S``."""
    r = rows.get(("0", "CLI"))
    if r is None:
        return []
    t = r.trung_vi
    return [{"buoc": "0", "ten": "Khởi động CLI (vanban --version)", "muc_tieu_s": STARTUP_TARGET_S,
             "xet_theo": "CLI" if t is not None else None, "trung_vi_s": _r(t),
             "dat_thoi_gian": None if t is None else t <= STARTUP_TARGET_S, "bo_nho_dinh_mb": _mb(r.bo_nho),
             "dat_bo_nho": None if not r.bo_nho else r.bo_nho <= MEM_LIMIT_MB * MB,
             "ghi_chu": f"trung vị của {len(r.thoi_gian)} lần"}]


# ---- report -------------------------------------------------------------------------------------

def _fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _fmt_mb(x: int | None) -> str:
    return "—" if x is None else f"{x / MB:.0f}"


def verdicts(rows: dict[tuple[str, str], Row]) -> list[dict]:
    out = []
    for s in STEPS:
        cli, inproc = rows.get((s.ma, "CLI")), rows.get((s.ma, "trong tiến trình"))
        if cli is None and inproc is None:
            continue  # not run (--buoc)
        judged = cli if s.xet == "cli" else inproc
        how = "CLI" if s.xet == "cli" else "trong tiến trình"
        if judged is None or judged.trung_vi is None:  # e.g. the command is missing: judge in-process
            judged, how = (inproc, "trong tiến trình") if judged is not cli else (cli, "CLI")
            if judged is None or judged.trung_vi is None:
                judged = None
        mems = [r.bo_nho for r in (cli, inproc) if r is not None and r.bo_nho]
        peak = max(mems) if mems else None
        t = judged.trung_vi if judged else None
        time_ok = None if s.muc_tieu is None or t is None else t <= s.muc_tieu
        mem_ok = None if peak is None else peak <= MEM_LIMIT_MB * MB
        out.append({"buoc": s.ma, "ten": s.ten, "muc_tieu_s": s.muc_tieu, "xet_theo": how if judged else None,
                    "trung_vi_s": _r(t), "dat_thoi_gian": time_ok, "bo_nho_dinh_mb": _mb(peak),
                    "dat_bo_nho": mem_ok, "ghi_chu": s.ghi_chu})
    return out


def _yes(v: bool | None) -> str:
    return "—" if v is None else ("ĐẠT" if v else "KHÔNG ĐẠT")


def print_table(rows: dict[tuple[str, str], Row], verdict: list[dict], ratios: list[dict], lan: int) -> str:
    names = {s.ma: s.ten for s in STEPS + BASELINES}
    names["0"] = "Khởi động CLI (vanban --version)"
    lines = [f"Kết quả đo (trung vị của {lan} lần; bộ nhớ đỉnh: RSS lớn nhất của tiến trình)", ""]
    head = f"{'Bước':<5} {'Nội dung':<52} {'Cách chạy':<17} {'Trung vị (s)':>12} {'Nhỏ nhất (s)':>12} {'Bộ nhớ đỉnh (MB)':>17}"
    lines += [head, "-" * len(head)]
    for (ma, cach), r in rows.items():
        name = names.get(ma, ma)
        if r.loi:
            lines.append(f"{ma:<5} {name[:52]:<52} {cach:<17} LỖI: {r.loi[:120]}")
            continue
        lo = min(r.thoi_gian) if r.thoi_gian else None
        lines.append(f"{ma:<5} {name[:52]:<52} {cach:<17} {_fmt_s(r.trung_vi):>12} {_fmt_s(lo):>12} "
                     f"{_fmt_mb(r.bo_nho):>17}")
    lines += ["", "Mục tiêu (máy 2 nhân; thời gian xét theo cách chạy ghi trong cột “Xét theo”)", ""]
    head = f"{'Bước':<5} {'Nội dung':<52} {'Mục tiêu':>9} {'Xét theo':<17} {'Đo được':>8} {'Thời gian':<10} {'Bộ nhớ ≤ 400 MB':<15}"
    lines += [head, "-" * len(head)]
    for v in verdict:
        target = "—" if v["muc_tieu_s"] is None else f"≤ {v['muc_tieu_s']:g} s"
        lines.append(f"{v['buoc']:<5} {v['ten'][:52]:<52} {target:>9} {(v['xet_theo'] or '—'):<17} "
                     f"{_fmt_s(v['trung_vi_s']):>8} {_yes(v['dat_thoi_gian']):<10} "
                     f"{_yes(v['dat_bo_nho'])} ({v['bo_nho_dinh_mb'] if v['bo_nho_dinh_mb'] is not None else '—'} MB)")
    if ratios:
        lines += ["", "So với cách làm cơ sở (tỷ lệ = thời gian của vanban / thời gian cơ sở; < 1 là nhanh hơn)", ""]
        for x in ratios:
            val = "—" if x["ty_le"] is None else f"{x['ty_le']:.2f}"
            lines.append(f"- {x['ten']}: {_fmt_s(x['vanban_s'])} s / {_fmt_s(x['co_so_s'])} s = {val}")
    return "\n".join(lines)


def compute_ratios(rows: dict[tuple[str, str], Row]) -> list[dict]:
    def med(key):
        r = rows.get(key)
        return r.trung_vi if r is not None else None

    pairs = [
        ("Bảng kết quả (Phụ lục I) .docx: vanban so với một vòng {%tr for %} docxtpl",
         ("B1v", "trong tiến trình"), ("B1", "trong tiến trình")),
        ("Cả báo cáo tổng hợp .docx (thân, 2 phụ lục) so với chỉ bảng bằng docxtpl",
         ("B1t", "trong tiến trình"), ("B1", "trong tiến trình")),
        ("PDF báo cáo tổng hợp: vanban (WeasyPrint, trong tiến trình) so với LibreOffice .docx -> PDF",
         ("5", "trong tiến trình"), ("B2", "LibreOffice")),
        ("PDF báo cáo tổng hợp: lệnh tonghop --pdf trừ lệnh tonghop, so với LibreOffice",
         None, ("B2", "LibreOffice")),
    ]
    out = []
    for name, ours, base in pairs:
        if ours is None:
            a, b = med(("5", "CLI")), med(("4", "CLI"))
            v = None if a is None or b is None else a - b
        else:
            v = med(ours)
        c = med(base)
        out.append({"ten": name, "vanban_s": _r(v), "co_so_s": _r(c),
                    "ty_le": None if v is None or not c else round(v / c, 2)})
    return out


# ---- main ---------------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    import vanban.cli  # noqa: F401 -- its import answers argparse's own texts in Vietnamese

    p = argparse.ArgumentParser(prog="python -m bench", description="Đo hiệu năng vanban ở quy mô một tỉnh "
                                "(150 cơ quan, kế hoạch 60 nhiệm vụ, 150 phiếu báo cáo).")
    p.add_argument("--lan", type=int, default=5, metavar="N", help="số lần đo mỗi bước (mặc định 5)")
    p.add_argument("--nhanh", action="store_true",
                   help="chạy nhanh: 1 lần mỗi bước, không đo tracemalloc (kết quả chỉ để tham khảo)")
    p.add_argument("--json", metavar="TỆP", default=str(ROOT / "bench" / "result.json"),
                   help="ghi kết quả dạng JSON vào TỆP (mặc định bench/result.json)")
    p.add_argument("--buoc", metavar="DS", default="1,2,3,4,5,6,B1,B2",
                   help="chỉ chạy các bước này, ví dụ 1,4,6 (mặc định: tất cả, kể cả B1, B2 cơ sở)")
    p.add_argument("--khong-cli", action="store_true", help="không đo lệnh vanban (chỉ đo trong tiến trình)")
    p.add_argument("--cache", metavar="THƯ_MỤC", default=os.environ.get(
        "VANBAN_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "vanban-bench")),
        help="thư mục giữ tỉnh mẫu đã dựng (mặc định /tmp/vanban-bench)")
    p.add_argument("--xay-lai", action="store_true", help="dựng lại tỉnh mẫu dù đã có")
    p.add_argument("--_worker", help=argparse.SUPPRESS)
    p.add_argument("--_ctx", help=argparse.SUPPRESS)
    p.add_argument("--_trace", action="store_true", help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args._worker:
        print(json.dumps(worker(args._worker, Path(args._ctx), args.lan, args._trace)))
        return 0
    lan = 1 if args.nhanh else args.lan
    if lan < 1:
        print("--lan phải ≥ 1", file=sys.stderr)
        return 2
    wanted = [s.strip() for s in args.buoc.split(",") if s.strip()]
    from bench import province

    load0 = os.getloadavg()
    t0 = time.perf_counter()
    print("Chuẩn bị tỉnh mẫu (lần đầu dựng mất khoảng nửa phút, sau đó dùng lại)…", flush=True)
    prov = province.ensure(Path(args.cache), rebuild=args.xay_lai)
    work = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    try:
        # The consolidated report every later step reads (steps 6, B2), made once, untimed.
        from vanban import api

        ref = work / "tong-hop-mau"
        api.tong_hop_bao_cao(prov.plan, prov.returns, KY, ref, han_moi=HAN_MOI)
        docx = ref / f"tong-hop-{KY}.docx"
        ctx = {"plan": str(prov.plan), "returns": str(prov.returns), "docx": str(docx), "work": str(work),
               "so_phieu": prov.stats["co_quan"]}
        ctx_path = work / "ctx.json"
        ctx_path.write_text(json.dumps(ctx), encoding="utf-8")
        print(f"Tỉnh mẫu: {prov.folder} ({prov.stats['co_quan']} phiếu, "
              f"{prov.stats['dong_ket_qua_da_dien']} dòng kết quả đã điền, {prov.stats['ky_tu_da_dien']} ký tự)",
              flush=True)

        have = set() if args.khong_cli else available_commands()
        cmds = cli_commands(ctx, Path("{OUT}"))
        need = {"1": "kehoach", "2": "bieumau", "4": "tonghop", "5": "tonghop", "6": "kiemtra"}
        rows: dict[tuple[str, str], Row] = {}
        if not args.khong_cli:
            rows[("0", "CLI")] = startup_row(lan)
        for s in STEPS:
            if s.ma not in wanted:
                continue
            print(f"Bước {s.ma}: {s.ten}…", flush=True)
            if not args.khong_cli:
                if s.ma in need and need[s.ma] not in have:
                    rows[(s.ma, "CLI")] = Row(s.ma, "CLI", f"vanban {need[s.ma]}",
                                              loi=f"chưa có lệnh “vanban {need[s.ma]}”")
                else:
                    rows[(s.ma, "CLI")] = time_cli(s.ma, cmds[s.ma], lan, work, ok_codes=(0, 1) if s.ma == "6" else (0,))
            if s.ma == "5" and not (ROOT / "generator" / "render" / "pdf_van_ban.py").exists():
                rows[(s.ma, "trong tiến trình")] = Row(s.ma, "trong tiến trình", "vanban.api",
                                                       loi="chưa có generator/render/pdf_van_ban.py")
                continue
            rows[(s.ma, "trong tiến trình")] = time_worker(s.ma, ctx_path, lan, trace=not args.nhanh)
        if "B1" in wanted:
            print("Cơ sở B1: bảng kết quả bằng docxtpl…", flush=True)
            for b in ("B1", "B1v", "B1t"):
                rows[(b, "trong tiến trình")] = time_worker(b, ctx_path, lan, trace=False)
        if "B2" in wanted:
            print("Cơ sở B2: LibreOffice .docx -> PDF…", flush=True)
            rows[("B2", "LibreOffice")] = time_libreoffice(docx, lan, work)
        verdict = startup_verdict(rows) + verdicts(rows)
        ratios = compute_ratios(rows) if ("B1" in wanted or "B2" in wanted) else []
        text = print_table(rows, verdict, ratios, lan)
        print()
        print(text)
        imp = import_heavy()
        load1 = os.getloadavg()
        print(f"\nTải trung bình của máy (1, 5, 15 phút) lúc bắt đầu: {', '.join(f'{x:.2f}' for x in load0)}; "
              f"lúc kết thúc: {', '.join(f'{x:.2f}' for x in load1)} (trên {os.cpu_count()} nhân; tải cao làm số đo kém tin cậy)")
        print(f"Khởi động: import vanban.cli mất {imp['import_vanban_cli_ms']} ms; module nặng bị nạp "
              f"khi khởi động: {', '.join(imp['module_nang']) or 'không có'}; bởi vanban --version: "
              f"{', '.join(imp['module_nang_version']) or 'không có'}")
        result = {
            "phien_ban_bench": province.VERSION,
            "thoi_diem": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "may": {"cpu": os.cpu_count(), "python": platform.python_version(), "he": platform.platform(),
                    "tai_trung_binh_dau": [round(x, 2) for x in load0],
                    "tai_trung_binh_cuoi": [round(x, 2) for x in load1]},
            "so_lan": lan,
            "tinh_mau": {**prov.stats, "ke_hoach": "60 nhiệm vụ, 6 nhóm", "ky": KY},
            "khoi_dong": {**imp, **({"vanban_version_trung_vi_s": _r(rows[("0", "CLI")].trung_vi),
                                     "vanban_version_so_lan": len(rows[("0", "CLI")].thoi_gian),
                                     "muc_tieu_s": STARTUP_TARGET_S} if ("0", "CLI") in rows else {})},
            "cac_dong": [r.as_json() for r in rows.values()],
            "muc_tieu": verdict,
            "so_voi_co_so": ratios,
            "tong_thoi_gian_chay_s": round(time.perf_counter() - t0, 1),
        }
        if args.json:
            Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"Đã ghi: {args.json}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
