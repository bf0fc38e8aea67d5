"""Defences shared by every reader of files that come from outside (YAML data, returns, checked
.docx): only regular files are read (``read_regular``, ``check_file``: never a directory, FIFO,
device or socket, never waiting on one), size limits on the file (counted while reading) and on
what its zip unpacks to, an XML parser that resolves no entity and reaches no network, and the one
rule for text that XML 1.0 cannot hold.

Policy for characters XML 1.0 cannot hold (C0 control characters other than tab, line feed and
carriage return; U+FFFE, U+FFFF; lone surrogates): they are **removed**, in every output format
(.docx, .xlsx, PDF), never replaced by a visible mark. They are invisible in the text a user
typed (pasted from other software), and a replacement mark would print on a signed document.
``xml_text`` is that rule; every writer applies it (or an equivalent pattern).
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

MB = 1024 * 1024

# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text as every output holds it: NFC, characters XML 1.0 cannot hold removed."""
    return unicodedata.normalize("NFC", XML_ILLEGAL.sub("", text))


# ---- XML ------------------------------------------------------------------------------------

def safe_parser() -> etree.XMLParser:
    """An lxml parser for parts of uploaded files: no entity resolved, no DTD loaded, no network,
    no "huge tree" (libxml2's own limits on depth and text size stay on)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False)


def has_doctype(data: bytes) -> bool:
    """Office files never declare a DTD; one that does is an entity trick (billion laughs,
    external entity), refused before any parser sees it."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):  # UTF-16 part: look through it
        try:
            head = data[:8192].decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return False
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


# ---- zip packages (.docx, .xlsx) ------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB  # the file itself
    max_unpacked: int = 200 * MB  # everything it unpacks to
    max_member: int = 64 * MB  # one part
    max_members: int = 10_000
    max_ratio: int = 200  # unpacked / packed for any part larger than 1 MB unpacked


class FileRefused(Exception):
    """A file named by the user cannot be read as one: missing, not a regular file, too large,
    unreadable. The message (Vietnamese) says why and what is expected; it never quotes the file."""


class PackageError(FileRefused):
    """The file is refused before parsing; the message (Vietnamese) says why and what is accepted."""


OLE_MAGIC = b"\xd0\xcf\x11\xe0"

# O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def display_path(path: Path | str) -> str:
    """``path`` as text a message, a model or a document can hold: bytes of a file name that are
    not UTF-8 (kept by Python as lone surrogates) shown as U+FFFD, control characters (a newline
    in a file name) as ‹U+000A›."""
    text = os.fspath(path)
    if any("\udc80" <= c <= "\udcff" or c < " " or c == "\x7f" for c in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        text = "".join(f"‹U+{ord(c):04X}›" if c < " " or c == "\x7f" else c for c in text)
    return text


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "là một thư mục, không phải tệp"
    if stat.S_ISFIFO(mode):
        return "là một ống dẫn dữ liệu (FIFO), không phải tệp lưu trên đĩa"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "là một thiết bị (như /dev/zero), không phải tệp lưu trên đĩa"
    if stat.S_ISSOCK(mode):
        return "là một socket, không phải tệp lưu trên đĩa"
    return "không phải tệp thông thường lưu trên đĩa"


def _open_regular(path: Path | str, what: str) -> tuple[int, os.stat_result]:
    """An open descriptor of ``path`` after fstat said it is a regular file (symlinks followed)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise FileRefused("không tìm thấy tệp") from None
    except PermissionError:
        raise FileRefused("không có quyền đọc tệp") from None
    except IsADirectoryError:
        raise FileRefused(f"là một thư mục, không phải tệp; cần {what}") from None
    except (OSError, ValueError) as e:  # a socket (ENXIO), a symlink loop, a name too long, a NUL
        if getattr(e, "errno", None) == errno.ENXIO:
            raise FileRefused(f"là một socket hoặc thiết bị, không phải tệp lưu trên đĩa; cần {what}") from None
        raise FileRefused(f"không mở được tệp ({getattr(e, 'strerror', None) or 'tên tệp không hợp lệ'}); "
                          f"cần {what}") from None
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        raise FileRefused("không đọc được tệp") from None
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise FileRefused(f"{_not_regular(st.st_mode)}; cần {what}")
    return fd, st


def read_regular(path: Path | str, limit: int, what: str) -> bytes:
    """The bytes of ``path``, which must be a regular file (a symlink to one is fine) of at most
    ``limit`` bytes. The size is counted while reading (a device or a file in /proc says 0), and a
    FIFO is refused without waiting for a writer. ``what`` names what is expected ("tệp .yaml").
    Raises FileRefused."""
    fd, _st = _open_regular(path, what)
    chunks: list[bytes] = []
    total = 0
    try:
        while True:
            try:
                chunk = os.read(fd, min(1 * MB, limit + 1 - total))
            except BlockingIOError:
                raise FileRefused(f"tệp chưa sẵn sàng để đọc; cần {what}") from None
            except OSError as e:
                raise FileRefused(f"không đọc được tệp (mã lỗi {e.errno})") from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(f"tệp quá lớn (tối đa {_size_text(limit)}); cần {what}")
    finally:
        os.close(fd)
    return b"".join(chunks)


def _size_text(n: int) -> str:
    return f"{n / MB:g} MB" if n >= MB else f"{n} byte"


def check_file(path: Path, kind: str, limits: Limits = Limits()) -> None:
    """Existence, kind (a regular file: never a directory, FIFO, device or socket) and size of an
    upload expected to be a zip package. Never blocks.

    ``kind`` names what is expected, e.g. "phiếu báo cáo .xlsx" or "văn bản .docx".
    """
    try:
        fd, st = _open_regular(path, f"tệp {kind}")
    except FileRefused as e:
        raise PackageError(str(e)) from None
    os.close(fd)
    size = st.st_size
    if size == 0:
        raise PackageError(f"tệp rỗng (0 byte); cần tệp {kind}")
    if size > limits.max_bytes:
        raise PackageError(f"tệp quá lớn ({size / MB:.1f} MB, tối đa {limits.max_bytes // MB} MB); "
                           f"cần tệp {kind} chỉ chứa văn bản, không chèn ảnh hay tệp khác")


def head_bytes(path: Path, n: int = 8) -> bytes:
    """The first ``n`` bytes of a regular file (never blocks on a FIFO or reads a device)."""
    try:
        fd, _st = _open_regular(path, "tệp")
    except FileRefused as e:
        raise PackageError(str(e)) from None
    try:
        return os.read(fd, n)
    finally:
        os.close(fd)


def inspect_zip(path: Path, limits: Limits = Limits()) -> dict[str, zipfile.ZipInfo]:
    """The members of a zip package after the limits were checked (nothing is unpacked here).

    Python's zipfile never unpacks more than a member's declared size, so checking declared
    sizes bounds what any later reader (openpyxl, the checker) can unpack.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        raise PackageError("tệp bị hỏng (không giải nén được)") from None
    if len(infos) > limits.max_members:
        raise PackageError(f"tệp nén chứa quá nhiều phần ({len(infos)}, tối đa {limits.max_members})")
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise PackageError("tệp được đặt mật khẩu (mã hóa); bỏ mật khẩu rồi lưu lại")
        total += i.file_size
        if i.file_size > limits.max_member:
            raise PackageError(f"phần “{i.filename}” giải nén ra quá lớn ({i.file_size / MB:.0f} MB, tối đa "
                               f"{limits.max_member // MB} MB); tệp có thể là “bom nén”, không đọc")
        if i.file_size > MB and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise PackageError(f"phần “{i.filename}” nén với tỷ lệ bất thường ({i.file_size // max(i.compress_size, 1)}"
                               " lần); tệp có thể là “bom nén”, không đọc")
    if total > limits.max_unpacked:
        raise PackageError(f"tệp giải nén ra quá lớn ({total / MB:.0f} MB, tối đa {limits.max_unpacked // MB} MB); "
                           "tệp có thể là “bom nén”, không đọc")
    return {i.filename: i for i in infos}


@dataclass(frozen=True)
class PackageKind:
    """What an upload should be, and what to tell the user when it is something else."""

    name: str  # "văn bản Word .docx"
    ole: str  # an OLE file: the 97-2003 format, or an Office file with an opening password
    not_zip: Callable[[str | None], str]  # not a zip package at all; given what it is, if known
    broken: str  # a zip that cannot be unpacked


def open_package(path: Path, kind: PackageKind, limits: Limits = Limits()) -> tuple[bytes, dict[str, zipfile.ZipInfo]]:
    """The shared first checks of an uploaded Office package: the file, its size, its first bytes,
    the zip limits. Returns the first bytes and the members; raises PackageError."""
    try:
        check_file(path, kind.name, limits)
        head = head_bytes(path)
    except OSError:
        raise PackageError("không đọc được tệp (không có quyền đọc hoặc tệp đang bị khóa)") from None
    other = what_is_it(head)
    if other == "ole":
        raise PackageError(kind.ole)
    if not head.startswith(b"PK"):
        raise PackageError(kind.not_zip(other))
    try:
        infos = inspect_zip(path, limits)
    except PackageError as e:
        if str(e).startswith("tệp bị hỏng"):
            raise PackageError(kind.broken) from None
        raise
    return head, infos


def read_member(z: zipfile.ZipFile, name: str, limits: Limits = Limits()) -> bytes:
    """One member, refused if declared larger than the limit or if it declares a DTD."""
    info = z.getinfo(name)
    if info.file_size > limits.max_member:
        raise PackageError(f"phần “{name}” quá lớn ({info.file_size / MB:.0f} MB), không đọc")
    try:
        data = z.read(name)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError) as e:
        raise PackageError(f"phần “{name}” bị hỏng, không giải nén được ({type(e).__name__})") from None
    except Exception as e:  # zlib.error and friends
        raise PackageError(f"phần “{name}” bị hỏng, không giải nén được ({type(e).__name__})") from None
    if name.endswith(".xml") or name.endswith(".rels"):
        if has_doctype(data):
            raise PackageError(f"phần “{name}” khai báo DTD/thực thể XML (<!DOCTYPE>, <!ENTITY>), điều tệp Office "
                               "không bao giờ làm; không đọc vì lý do an toàn")
    return data


WORKBOOK = "xl/workbook.xml"


def workbook_parts(path: Path, kind: PackageKind, limits: Limits, keep: Callable[[str], bool],
                   save_as: str) -> dict[str, bytes]:
    """An uploaded .xlsx, before openpyxl sees it: the shared package checks (``open_package``),
    every XML part read once under the limits (a DTD refused in any of them), and the package
    judged a workbook (not an .ods, not another Office file). Returns the bytes of the parts
    ``keep`` names; raises PackageError with a message ending in what to do (``save_as``)."""
    parts: dict[str, bytes] = {}
    head, infos = open_package(path, kind, limits)
    with zipfile.ZipFile(path) as z:
        mimetype = read_member(z, "mimetype")[:100] if "mimetype" in infos else b""
        for name in infos:
            if name.endswith((".xml", ".rels")):
                data = read_member(z, name, limits)
                if keep(name):
                    parts[name] = data
    if b"opendocument" in mimetype:
        raise PackageError(f"tệp là bảng tính OpenDocument (.ods); mở bằng LibreOffice hoặc Excel rồi {save_as}")
    if WORKBOOK not in infos:
        other = what_is_it(head, set(infos))
        raise PackageError("không phải bảng tính Excel .xlsx" + (f" (là {other})" if other else
                                                                 " (có thể là tệp Word, PowerPoint hay tệp nén khác)"))
    return parts


def what_is_it(head: bytes, names: set[str] | None = None, mimetype: bytes = b"") -> str | None:
    """A short Vietnamese description of a file that is not what was expected, or None."""
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"%PDF"):
        return "tệp PDF"
    if head.startswith(b"{\\rtf"):
        return "tệp RTF"
    if not head.startswith(b"PK"):
        return None
    if b"opendocument.text" in mimetype:
        return "văn bản OpenDocument (.odt)"
    if b"opendocument.spreadsheet" in mimetype:
        return "bảng tính OpenDocument (.ods)"
    if names is not None:
        if "xl/workbook.xml" in names:
            return "bảng tính Excel (.xlsx)"
        if "word/document.xml" in names:
            return "văn bản Word (.docx)"
        if "ppt/presentation.xml" in names:
            return "bản trình chiếu PowerPoint (.pptx)"
    return None
