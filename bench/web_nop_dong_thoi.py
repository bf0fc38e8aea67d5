"""Concurrent submissions to the web portal: ``python -m bench.web_nop_dong_thoi``.

Starts ``vanban web`` as its own process (the way it is deployed: uvicorn, one worker) on a free
127.0.0.1 port, once on SQLite (a file in a temporary data folder) and once on PostgreSQL (a
throwaway server, ``tests/web_infra.PostgresServer``, when its binaries are installed). On each:

1. the department logs in and creates a period by uploading the plan and registry of the
   synthetic province of ``bench.province`` (150 agencies, a plan of 60 tasks, 150 returns filled
   the way a clerk fills them); the request is timed;
2. every agency logs in with its access code (untimed) and opens its upload page;
3. the 150 clients (one thread and one HTTP connection each) wait at a barrier, then all upload
   their filled .xlsx at once; each upload is timed from the request to the end of the response;
4. every submission must be stored: each client sees its own accepted (303 to "?da=tai-len"),
   and the department's dashboard says 150 submissions received and 150/150 agencies with a
   valid return. The exit status is 1 otherwise.

Prints the p50, p95 and maximum latency, the wall time of the burst and the count stored, and
writes them to a JSON file (``--json``). A benchmark, not a test: the numbers depend on the
machine and on what else runs on it (the load average at start and end is recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/web_nop_dong_thoi.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
KY = "2026"
HAN_NOP = "2026-12-15"


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank (p95 of 150 values is the 143rd smallest)."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))
    return s[int(k)]


def _f(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


@dataclass
class Burst:
    db: str
    clients: int
    latencies: list[float] = field(default_factory=list)  # seconds, accepted uploads
    failures: list[str] = field(default_factory=list)
    wall: float = 0.0
    stored: int = 0

    def summary(self) -> dict:
        lat = self.latencies
        return {
            "csdl": self.db, "so_may_khach": self.clients, "thanh_cong": len(lat),
            "that_bai": len(self.failures), "loi": self.failures[:10], "da_luu": self.stored,
            "p50_s": round(percentile(lat, 50), 3) if lat else None,
            "p95_s": round(percentile(lat, 95), 3) if lat else None,
            "toi_da_s": round(max(lat), 3) if lat else None,
            "trung_binh_s": round(statistics.mean(lat), 3) if lat else None,
            "tong_thoi_gian_s": round(self.wall, 3),
            "phieu_moi_giay": round(len(lat) / self.wall, 1) if self.wall else None,
        }


# ---- the portal, as a browser speaks to it ------------------------------------------------------

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
MA_ROW = re.compile(r"<tr><td>([^<]+)</td><td><code>([^<]+)</code></td><td><code class=\"ma\">([^<]+)</code>")
HOP_LE = re.compile(r"(\d+)/(\d+) cơ quan có phiếu hợp lệ")
LAN_NOP = re.compile(r"Đã nhận (\d+) lần nộp")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _gist(page: str) -> str:
    """The messages of an error page, without the markup."""
    m = re.search(r'id="ds-loi">(.*?)</div>', page, re.S) or re.search(r"<main>(.*?)</main>", page, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1) if m else page[:500]).split())[:300]


def csrf(html: str) -> str:
    m = CSRF.search(html)
    if not m:
        raise RuntimeError("không thấy mã CSRF trong trang")
    return m.group(1)


def login(c, name: str, code: str) -> None:
    page = c.get("/dang-nhap")
    r = c.post("/dang-nhap", data={"csrf": csrf(page.text), "ten_dang_nhap": name, "ma_truy_cap": code})
    if r.status_code != 303:
        raise RuntimeError(f"đăng nhập “{name}” không được: HTTP {r.status_code}")


def create_period(base_url: str, so: tuple[str, str], plan: Path, tra_cuu: Path) -> tuple[int, dict[str, tuple[str, str]]]:
    """The department uploads the plan and its registry; (period id, agency -> (login, code))."""
    import html

    import httpx

    with httpx.Client(base_url=base_url, trust_env=False, timeout=600) as c:
        login(c, *so)
        page = c.get("/so")
        r = c.post("/so/ky", data={"csrf": csrf(page.text), "ky": KY, "han_nop": HAN_NOP},
                   files={"ke_hoach": (plan.name, plan.read_bytes(), "application/x-yaml"),
                          "danh_muc": (tra_cuu.name, tra_cuu.read_bytes(), "application/x-yaml")})
        if r.status_code != 200 or 'id="bang-ma"' not in r.text:
            raise RuntimeError(f"không tạo được kỳ báo cáo: HTTP {r.status_code}\n{r.text[:2000]}")
        codes = {html.unescape(a): (html.unescape(b), html.unescape(m)) for a, b, m in MA_ROW.findall(r.text)}
        ky_id = int(re.search(r'href="/so/ky/(\d+)"', r.text).group(1))
    return ky_id, codes


def count_stored(base_url: str, so: tuple[str, str], ky_id: int) -> tuple[int, int, int]:
    """(submissions stored, agencies with a valid return, agencies of the period), as the
    department's dashboard says."""
    import httpx

    with httpx.Client(base_url=base_url, trust_env=False, timeout=600) as c:
        login(c, *so)
        page = c.get(f"/so/ky/{ky_id}").text
    valid, lan = HOP_LE.search(page), LAN_NOP.search(page)
    return int(lan.group(1)), int(valid.group(1)), int(valid.group(2))


def match_returns(codes: dict[str, tuple[str, str]], folder: Path) -> dict[str, Path]:
    """Each agency's filled return in the province's folder, by the agency the file names."""
    from vanban import api

    by_agency = {api.co_quan_cua_phieu(f): f for f in sorted(folder.glob("*.xlsx"))}
    missing = sorted(set(codes) - set(by_agency))
    if missing:
        raise RuntimeError(f"không có phiếu đã điền của: {', '.join(missing[:5])}")
    return {a: by_agency[a] for a in codes}


def run_burst(db: str, base_url: str, ky_id: int, codes: dict[str, tuple[str, str]],
              returns: dict[str, Path]) -> Burst:
    """Every agency logs in and opens its period's page (its CSRF token); then all upload at once.
    An upload counts as accepted when the portal answers 303 to the page saying it was taken."""
    import httpx

    burst = Burst(db, len(codes))
    clients: dict[str, httpx.Client] = {}
    ready: dict[str, str] = {}
    try:
        for agency, (name, code) in codes.items():
            c = httpx.Client(base_url=base_url, trust_env=False, timeout=600, follow_redirects=False)
            login(c, name, code)
            ready[agency] = csrf(c.get(f"/co-quan/ky/{ky_id}").text)
            clients[agency] = c
        barrier = threading.Barrier(len(clients) + 1)
        lock = threading.Lock()

        def worker(agency: str) -> None:
            body = returns[agency].read_bytes()
            barrier.wait()
            t0 = time.perf_counter()
            try:
                r = clients[agency].post(f"/co-quan/ky/{ky_id}/tai-len", data={"csrf": ready[agency]},
                                         files={"tep": (returns[agency].name, body, XLSX)})
                ok = r.status_code == 303 and r.headers.get("location", "").endswith("?da=tai-len")
                why = "" if ok else f"HTTP {r.status_code}: {_gist(r.text)}"
            except Exception as exc:  # noqa: BLE001 - counted and reported, never hidden
                ok, why = False, f"{type(exc).__name__}: {exc}"
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    burst.latencies.append(dt)
                else:
                    burst.failures.append(f"{agency}: {why}")

        threads = [threading.Thread(target=worker, args=(ma,)) for ma in clients]
        for t in threads:
            t.start()
        barrier.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        burst.wall = time.perf_counter() - t0
    finally:
        for c in clients.values():
            c.close()
    return burst


def main(argv: list[str] | None = None) -> int:
    import vanban.cli  # noqa: F401 -- its import answers argparse's own texts in Vietnamese

    p = argparse.ArgumentParser(prog="python -m bench.web_nop_dong_thoi",
                                description="Đo cổng thông tin: 150 cơ quan cùng nộp phiếu một lúc.")
    p.add_argument("--co-quan", type=int, default=150, metavar="N", help="số cơ quan (mặc định 150)")
    p.add_argument("--csdl", choices=["sqlite", "postgresql", "ca-hai"], default="ca-hai",
                   help="cơ sở dữ liệu (mặc định: cả hai; PostgreSQL khi đã cài)")
    p.add_argument("--json", metavar="TỆP", default=str(ROOT / "bench" / "results" / "web-nop-dong-thoi.json"),
                   help="ghi kết quả dạng JSON vào TỆP")
    p.add_argument("--cache", metavar="THƯ_MỤC", default=os.environ.get(
        "VANBAN_BENCH_CACHE", str(Path(tempfile.gettempdir()) / "vanban-bench")),
        help="thư mục giữ tỉnh mẫu đã dựng (mặc định /tmp/vanban-bench)")
    args = p.parse_args(argv)

    from bench import province
    from tests.web_infra import (PostgresServer, ServerProcess, department_login, free_port, pg_bin_dir,
                                 portal_argv)

    load0 = os.getloadavg()
    print("Chuẩn bị tỉnh mẫu…", flush=True)
    prov = province.ensure(Path(args.cache), agencies=args.co_quan)
    tra_cuu = prov.plan.parent / "co-quan.yaml"
    wanted = ["sqlite", "postgresql"] if args.csdl == "ca-hai" else [args.csdl]
    results = []
    for db in wanted:
        pg = None
        work = Path(tempfile.mkdtemp(prefix="vanban-bench-web-"))
        try:
            extra: list[str] = []
            if db == "postgresql":
                bin_dir = pg_bin_dir()
                if bin_dir is None:
                    print("Bỏ qua PostgreSQL: chưa cài (chạy ./setup.sh)", flush=True)
                    continue
                pg = PostgresServer(bin_dir)
                pg.start()
                extra = ["--db", pg.create_database("vanban")]
            port = free_port()
            server = ServerProcess(portal_argv(work / "du-lieu", port, *extra), port, work / "may-chu.log",
                                   ready_path="/dang-nhap")
            print(f"{db}: khởi động cổng báo cáo, sở tạo kỳ báo cáo ({prov.stats['co_quan']} cơ quan)…", flush=True)
            with server:
                so = department_login(server.output())
                t0 = time.perf_counter()
                ky_id, codes = create_period(server.base_url, so, prov.plan, tra_cuu)
                t_ky = time.perf_counter() - t0
                returns = match_returns(codes, prov.returns)
                print(f"{db}: {len(codes)} cơ quan đăng nhập, rồi cùng tải lên phiếu một lúc…", flush=True)
                burst = run_burst(db, server.base_url, ky_id, codes, returns)
                burst.stored, valid, total = count_stored(server.base_url, so, ky_id)
                log = server.output()
            s = {**burst.summary(), "co_quan_hop_le": valid, "co_quan_cua_ky": total, "tao_ky_s": round(t_ky, 2)}
            results.append(s)
            print(f"{db}: {s['thanh_cong']}/{s['so_may_khach']} phiếu được nhận; bảng theo dõi của sở: {s['da_luu']} "
                  f"lần nộp đã lưu, {valid}/{total} cơ quan có phiếu hợp lệ; mỗi lần tải lên: trung vị {_f(s['p50_s'])} s, p95 {_f(s['p95_s'])} s, "
                  f"tối đa {_f(s['toi_da_s'])} s; cả đợt {_f(s['tong_thoi_gian_s'])} s "
                  f"({s['phieu_moi_giay']} phiếu/s); sở tạo kỳ: {_f(s['tao_ky_s'])} s", flush=True)
            for f in burst.failures[:5]:
                print(f"  lỗi: {f}", flush=True)
            if "Traceback" in log:
                print(f"  máy chủ ghi lỗi:\n{log[-3000:]}", flush=True)
        finally:
            if pg is not None:
                pg.stop()
            shutil.rmtree(work, ignore_errors=True)
    load1 = os.getloadavg()
    out = {
        "thoi_diem": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "may": {"cpu": os.cpu_count(), "python": platform.python_version(), "he": platform.platform(),
                "tai_trung_binh_dau": [round(x, 2) for x in load0],
                "tai_trung_binh_cuoi": [round(x, 2) for x in load1]},
        "tinh_mau": prov.stats,
        "ket_qua": results,
    }
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"Tải trung bình (1, 5, 15 phút) lúc bắt đầu: {', '.join(f'{x:.2f}' for x in load0)}; lúc kết thúc: "
          f"{', '.join(f'{x:.2f}' for x in load1)} (trên {os.cpu_count()} nhân). Kết quả: {path}")
    ok = all(r["thanh_cong"] == r["so_may_khach"] == r["da_luu"] == r["co_quan_hop_le"] for r in results)
    return 0 if ok and results else 1


if __name__ == "__main__":
    sys.exit(main())
