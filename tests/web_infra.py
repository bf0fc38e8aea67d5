"""Test infrastructure of the web portal: a throwaway PostgreSQL server, a database URL for each
backend, the portal running as a real server process, and a headless Chromium driven by Selenium.

The fixtures are registered in tests/conftest.py. Heavy imports (SQLAlchemy, Selenium) happen
inside the fixtures, so collecting the rest of the suite does not pay for them.

Nothing here skips: a missing PostgreSQL, Chromium or chromedriver fails the test with the
command that installs it (./setup.sh), so CI cannot pass without really running them.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"  # gitignored: screenshots of the browser tests
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
START_TIMEOUT = 60.0  # seconds a server may take to accept connections (2 shared cores)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- PostgreSQL --------------------------------------------------------------------------------

def pg_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin that has initdb and pg_ctl (Debian's layout)."""
    found = []
    for d in glob.glob("/usr/lib/postgresql/*/bin"):
        p = Path(d)
        version = p.parent.name
        if (p / "initdb").is_file() and (p / "pg_ctl").is_file() and version.isdigit():
            found.append((int(version), p))
    return max(found)[1] if found else None


class PostgresServer:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1:PORT only.

    initdb refuses to run as root: as root, every server command runs as the ``postgres`` user
    (runuser) in a folder that user owns. The cluster is made for tests: fsync off, password
    authentication (scram) for the one user, no Unix socket outside the folder.
    """

    USER = "vanban"

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.as_root = os.getuid() == 0
        # Not under pytest's tmp folder: it is private to root (0700) when root runs the tests.
        self.base = Path(tempfile.mkdtemp(prefix="vanban-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.password = secrets.token_hex(16)
        self.port = 0
        if self.as_root:
            pg = pwd.getpwnam("postgres")
            os.chown(self.base, pg.pw_uid, pg.pw_gid)
        os.chmod(self.base, 0o700)

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=self.base)
        if run.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(argv[:2])} failed ({run.returncode}):\n{run.stdout}\n"
                               f"{run.stderr}\n{log[-3000:]}")
        return run

    def start(self) -> None:
        pwfile = self.base / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_root:
            pg = pwd.getpwnam("postgres")
            os.chown(pwfile, pg.pw_uid, pg.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", self.USER, f"--pwfile={pwfile}",
                  "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        # A port can be taken between free_port() and the server's bind: try a few.
        for attempt in range(5):
            self.port = free_port()
            opts = (f"-h 127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", opts,
                          "-w", "-t", str(int(START_TIMEOUT)), "start")
                return
            except RuntimeError:
                if attempt == 4:
                    raise

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str = "template0") -> str:
        """CREATE DATABASE name (UTF-8), a copy of ``template``; its SQLAlchemy URL."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.USER, password=self.password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.USER, password=self.password,
                             dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.port and (self.data / "postmaster.pid").exists():
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        pytest.fail("PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/*/bin) "
                    "are required: run ./setup.sh")
    if os.getuid() == 0 and (shutil.which("runuser") is None or not _has_user("postgres")):
        pytest.fail("running as root needs runuser and the postgres user (Debian's postgresql "
                    "package): run ./setup.sh")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server) -> str:
    """``postgresql+psycopg://`` URL of a database on the throwaway server (one per session)."""
    return postgres_server.create_database("vanban")


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


_db_counter = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database, once per backend: SQLite (the portal's file in the
    data folder tmp_path/du-lieu) and PostgreSQL (a fresh database on the session's throwaway
    server, dropped after)."""
    if request.param == "sqlite":
        from vanban.web.db import sqlite_url

        yield sqlite_url(tmp_path / "du-lieu")  # where the portal's data folder of the test keeps it
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = f"t{os.getpid()}_{next(_db_counter)}"
    url = server.create_database(name)
    try:
        yield url
    finally:
        server.drop_database(name)


# ---- a server process --------------------------------------------------------------------------

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy

class ServerProcess:
    """A server started as its own process; its output goes to a log file read on failure."""

    def __init__(self, argv: Sequence[str], port: int, log: Path, cwd: Path = ROOT,
                 env: dict[str, str] | None = None, ready_path: str = "/"):
        self.argv = list(argv)
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log
        self.cwd = cwd
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.ready_path = ready_path
        self.proc: subprocess.Popen | None = None

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def start(self) -> None:
        log = open(self.log_path, "wb")  # noqa: SIM115 - the child keeps writing to it
        self.proc = subprocess.Popen(self.argv, cwd=self.cwd, env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.output()}")
            try:
                with _DIRECT.open(self.base_url + self.ready_path, timeout=5):
                    return
            except urllib.error.HTTPError:
                return  # it answers (a redirect to the login page, a 404): it is up
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server not up after {START_TIMEOUT:.0f} s:\n{self.output()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)

    def __enter__(self) -> ServerProcess:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def portal_argv(data_dir: Path, port: int, *extra: str) -> list[str]:
    """The command that serves the portal, the way a user starts it."""
    return [sys.executable, "-m", "vanban", "web", "--thu-muc", str(data_dir), "--cong", str(port),
            *extra]


SO_CODE = re.compile(r"tên đăng nhập “(\S+)”, mã truy cập (\S+)")


def department_login(output: str) -> tuple[str, str]:
    """The department's login and access code, as the server prints them once at first start."""
    m = SO_CODE.search(output)
    if m is None:
        raise AssertionError(f"the server did not print the department's access code:\n{output}")
    return m.group(1), m.group(2)


@pytest.fixture
def may_chu(tmp_path) -> Iterator[ServerProcess]:
    """The portal (``vanban web``) serving a new data folder on a free 127.0.0.1 port; the
    object has ``base_url``, ``output()`` (what the server printed), ``data_dir`` and
    ``so`` (the department's login and access code, printed at first start)."""
    data_dir = tmp_path / "vanban-web"
    port = free_port()
    server = ServerProcess(portal_argv(data_dir, port), port, tmp_path / "may-chu.log",
                           ready_path="/dang-nhap")
    server.data_dir = data_dir
    with server:
        server.so = department_login(server.output())
        yield server


live_server = may_chu


# ---- the browser -------------------------------------------------------------------------------

CHROME_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-proxy-server", "--window-size=1280,900", "--lang=vi-VN")


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "trang"


class Browser:
    """A Selenium Chrome driver and the folder where every page it shows is saved as a PNG.

    ``mo(path)`` opens a page of ``base_url``; ``bam(id)`` clicks an element; ``go(id, text)``
    types into a field; ``chon(id, text)`` picks an option of a select by its visible text; ``tai_len(id,
    path)`` fills a file input. After a page is opened or a click, the page is photographed
    whole (not only the window) as NN-<title>.png in ``shots``."""

    def __init__(self, driver, shots: Path, download_dir: Path):
        self.driver = driver
        self.shots = shots
        self.download_dir = download_dir
        self.base_url = ""
        self.saved: list[Path] = []
        self._n = 0

    # actions
    def mo(self, path: str) -> None:
        self.driver.get(path if path.startswith("http") else self.base_url + path)
        self.anh()

    def bam(self, element_id: str, cho: str | None = None) -> None:
        """Click; when ``cho`` (an element id of the next page) is given, wait for it to appear."""
        old = self.driver.find_element("tag name", "html")
        self.driver.find_element("id", element_id).click()
        if self._wait_loaded(old, cho):
            self.anh()  # a click that only downloads leaves the page as it was: no new photograph

    def go(self, element_id: str, text: str, clear: bool = True) -> None:
        el = self.driver.find_element("id", element_id)
        if clear:
            el.clear()
        el.send_keys(text)

    def chon(self, element_id: str, visible_text: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.driver.find_element("id", element_id)).select_by_visible_text(visible_text)

    def tai_len(self, element_id: str, path: Path) -> None:
        self.driver.find_element("id", element_id).send_keys(str(path))

    # reading
    def el(self, element_id: str):
        return self.driver.find_element("id", element_id)

    def co(self, element_id: str) -> bool:
        return bool(self.driver.find_elements("id", element_id))

    @property
    def text(self) -> str:
        return self.driver.find_element("tag name", "body").text

    @property
    def url(self) -> str:
        return self.driver.current_url

    def cookies(self) -> dict[str, str]:
        return {c["name"]: c["value"] for c in self.driver.get_cookies()}

    def cho_tai_ve(self, suffix: str, timeout: float = 60) -> Path:
        """The file with this suffix that appears in the download folder (waits for it whole)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = [p for p in self.download_dir.iterdir() if p.name.endswith(suffix)]
            partial = [p for p in self.download_dir.iterdir() if p.name.endswith(".crdownload")]
            if done and not partial:
                return max(done, key=lambda p: p.stat().st_mtime)
            time.sleep(0.2)
        raise AssertionError(f"no *{suffix} downloaded in {timeout:.0f} s: "
                             f"{sorted(p.name for p in self.download_dir.iterdir())}")

    # photographs
    PART = 6000  # CSS pixels of page per PNG: a long page is saved in parts, -1, -2 ...

    def anh(self, name: str | None = None) -> list[Path]:
        """Save the whole page (its full height, via the DevTools protocol) as PNGs: one, or for
        a page taller than ``PART`` pixels, one per part (Chrome cannot capture beyond 16384)."""
        import base64

        self._n += 1
        title = name or self.driver.title or self.driver.current_url.rsplit("/", 1)[-1]
        stem = f"{self._n:02d}-{_slug(title)}"
        metrics = self.driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(int(size["width"]), 1)
        height = max(int(size["height"]), 1)
        parts = range(0, height, self.PART)
        out = []
        for i, top in enumerate(parts, start=1):
            shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": top, "width": width, "height": min(self.PART, height - top), "scale": 1}})
            path = self.shots / (f"{stem}.png" if len(parts) == 1 else f"{stem}-{i}.png")
            path.write_bytes(base64.b64decode(shot["data"]))
            out.append(path)
        self.saved += out
        return out

    def _wait_loaded(self, old, cho: str | None, timeout: float = 60) -> bool:
        """After a click: wait for the element ``cho`` or, without one, for the old document to
        go (a short grace when it stays: a download or an in-page click), then for the load.
        Whether a new document is shown."""
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.support.ui import WebDriverWait

        wait = WebDriverWait(self.driver, timeout, poll_frequency=0.05)
        def gone() -> bool:
            try:
                old.tag_name
            except StaleElementReferenceException:
                return True
            return False

        if cho is not None:
            wait.until(lambda d: d.find_elements("id", cho))
        else:
            grace = time.monotonic() + 1.0
            while time.monotonic() < grace and not gone():
                time.sleep(0.05)
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        return gone()


def make_driver(user_data_dir: Path, download_dir: Path):
    """Chrome (Debian's chromium and chromedriver, no download of either) in headless mode."""
    for p in (CHROMIUM, CHROMEDRIVER):
        if not p.exists():
            pytest.fail(f"{p} is required for the browser tests (Debian's chromium and "
                        "chromium-driver): run ./setup.sh")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(download_dir),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    service = Service(executable_path=str(CHROMEDRIVER))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    # headless Chrome downloads only where it is told to, through the DevTools protocol
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


@pytest.fixture
def trinh_duyet(request, tmp_path) -> Iterator[Browser]:
    """A fresh headless Chromium (own profile, own download folder); every page it shows is saved
    under tests/artifacts/<test>/ (emptied first). Set ``base_url`` to open relative paths."""
    os.environ.setdefault("SE_AVOID_STATS", "true")
    shots = ARTIFACTS / _slug(request.node.name)
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    downloads = tmp_path / "tai-ve"
    downloads.mkdir()
    driver = make_driver(tmp_path / "chrome-profile", downloads)
    try:
        yield Browser(driver, shots, downloads)
    finally:
        driver.quit()
