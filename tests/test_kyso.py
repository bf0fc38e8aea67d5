"""Digital signatures (issue: ready for ký số): the empty fields every PDF carries, signing with a
certificate file, a SoftHSM2 token and a timestamp server, verification in kiemtra, tampering,
PDF/A kept, and what the signed pages show (rendered by poppler, read by pdfplumber)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.cli_helpers import vanban
from tests.kyso_pki import make_pki, softhsm_token, tsa_server
from vanban import api
from vanban.kyso.ky import KySoError, TepChungThu, Token

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def plan_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ke-hoach")
    api.tao_ke_hoach(ROOT / "data" / "ke-hoach" / "thai-nguyen-du-thao.yaml", out, pdf=True)
    return out / "thai-nguyen-du-thao.pdf"


@pytest.fixture(scope="module")
def signed(pki, plan_pdf, tmp_path_factory) -> tuple[Path, Path]:
    """The plan signed by the signer, then by the agency: (after the signer, after both)."""
    out = tmp_path_factory.mktemp("da-ky")
    one, two = out / "mot.pdf", out / "hai.pdf"
    api.ky_so(plan_pdf, one, TepChungThu(pki.nguoi_ky, pki.mat_khau), "nguoi-ky", anh=pki.anh_chu_ky)
    api.ky_so(one, two, TepChungThu(pki.co_quan, pki.mat_khau), "co-quan", anh=pki.anh_dau)
    return one, two


def fields(path: Path) -> dict[str, dict]:
    """Signature fields read by pypdf: name -> rect, page, signed."""
    r = PdfReader(path)
    out = {}
    for number, page in enumerate(r.pages):
        for a in page.get("/Annots") or []:
            a = a.get_object()
            if a.get("/FT") == "/Sig":
                rect = [float(v) for v in a["/Rect"]]
                out[str(a["/T"])] = {"rect": rect, "page": number, "signed": "/V" in a, "flags": int(a["/F"]),
                                     "ap": "/N" in (a.get("/AP") or {})}
    return out


def words_around(path: Path, page: int, rect) -> tuple[list[str], list[str], list[str]]:
    """The words just above, inside and just below ``rect`` (PDF points) in its column."""
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        h = float(p.height)
        top, bottom = h - rect[3], h - rect[1]
        ws = [w for w in p.extract_words() if w["x1"] > rect[0] and w["x0"] < rect[2]]
        above = [w["text"] for w in ws if w["bottom"] <= top + 1 and top - w["bottom"] < 30]
        inside = [w["text"] for w in ws if w["bottom"] > top + 1 and w["top"] < bottom - 1]
        below = [w["text"] for w in ws if w["top"] >= bottom - 1 and w["top"] - bottom < 30]
    return above, inside, below


# ---- fields in place ------------------------------------------------------------------------

def test_every_pdf_carries_the_two_fields_where_the_decree_puts_them(demo_dir):
    pdfs = sorted(demo_dir.rglob("*.pdf"))
    assert len(pdfs) >= 5
    for pdf in pdfs:
        f = fields(pdf)
        assert {"NguoiKy", "CoQuan"} <= set(f), pdf.name
        s, c = f["NguoiKy"], f["CoQuan"]
        assert not s["signed"] and s["ap"] and s["flags"] & 4, pdf.name  # printable, with an appearance
        above, inside, below = words_around(pdf, s["page"], s["rect"])
        assert not inside, (pdf.name, inside)
        # quyền hạn, chức vụ (upper case) just above; the signer's name just below
        assert above and all(w == w.upper() for w in above), (pdf.name, above)
        assert below and below[0][0].isupper() and below[0] != below[0].upper(), (pdf.name, below)
        # the seal: same page, over the left third of the signature, vertically centred on it
        assert c["page"] == s["page"]
        sw = s["rect"][2] - s["rect"][0]
        assert c["rect"][2] - s["rect"][0] == pytest.approx(sw / 3, abs=0.5)
        assert c["rect"][0] < s["rect"][0]
        assert (c["rect"][1] + c["rect"][3]) / 2 == pytest.approx((s["rect"][1] + s["rect"][3]) / 2, abs=0.5)
        assert c["rect"][2] - c["rect"][0] == pytest.approx(36 * MM, abs=0.5)


# ---- signing and verifying -------------------------------------------------------------------

def test_signer_then_agency_both_valid_trusted_and_timed(pki, signed):
    one, two = signed
    [r] = api.kiem_tra([two], goc=[pki.goc])
    assert r.loi_doc is None and r.so_loi == 0, [str(f) for f in r.phat_hien]
    by = {c.o_ky: c for c in r.chu_ky}
    assert set(by) == {"NguoiKy", "CoQuan"}
    assert by["NguoiKy"].nguoi_ky == "Nguyễn Văn An" and by["CoQuan"].nguoi_ky == "Ủy ban nhân dân tỉnh Bắc Ninh"
    for c in by.values():
        assert c.nguyen_ven and c.tin_cay
        assert c.gio_ky.utcoffset() == timedelta(hours=7)
        assert abs(c.gio_ky - datetime.now(timezone.utc)) < timedelta(minutes=10)
    # the signer's signature, made first, is still valid after the agency's
    assert "chỉ thêm chữ ký số" in by["NguoiKy"].pham_vi and by["CoQuan"].pham_vi == "phủ toàn bộ tệp"
    # the first file is unchanged by the second signing
    [r1] = api.kiem_tra([one], goc=[pki.goc])
    assert [c.o_ky for c in r1.chu_ky] == ["NguoiKy"] and r1.chu_ky[0].pham_vi == "phủ toàn bộ tệp"


def test_another_root_is_not_trusted(pki, signed):
    [r] = api.kiem_tra([signed[1]], goc=[pki.khac_goc])
    assert {f.rule for f in r.phat_hien if f.severity == "lỗi"} == {"KSO-003"}
    assert all(c.tin_cay is False and c.nguyen_ven for c in r.chu_ky)


def test_a_changed_byte_is_reported(pki, signed, tmp_path):
    data = bytearray(signed[1].read_bytes())
    i = data.index(b"stream", 2000) + 20  # inside the first page's content
    data[i] ^= 0x01
    bad = tmp_path / "sua.pdf"
    bad.write_bytes(bytes(data))
    [r] = api.kiem_tra([bad], goc=[pki.goc])
    assert any(f.rule == "KSO-001" and f.severity == "lỗi" for f in r.phat_hien)
    assert not all(c.nguyen_ven for c in r.chu_ky)


def test_content_added_after_signing_is_reported(pki, signed, tmp_path):
    """An incremental update that draws on the page after both signatures: every byte signed
    is intact, but the document is no longer what was signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(signed[1].read_bytes()))
    page_ref, _ = w.find_page_for_modification(0)
    page = page_ref.get_object()
    extra = w.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 100 100 200 200 re f"))
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject([*(contents if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]), extra])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    bad = tmp_path / "them.pdf"
    bad.write_bytes(out.getvalue())
    [r] = api.kiem_tra([bad], goc=[pki.goc])
    assert {f.rule for f in r.phat_hien if f.severity == "lỗi"} == {"KSO-002"}
    assert all("bị sửa" in c.pham_vi for c in r.chu_ky)
    ma, = {vanban("kiemtra", str(bad), "--goc", str(pki.goc)).returncode}
    assert ma == 1


def test_a_token_signs_through_softhsm2(pki, plan_pdf, tmp_path, monkeypatch):
    hsm = softhsm_token(tmp_path / "hsm", pki)
    monkeypatch.setenv("SOFTHSM2_CONF", hsm.env["SOFTHSM2_CONF"])
    out = tmp_path / "token.pdf"
    r = api.ky_so(plan_pdf, out, Token(Path(hsm.module), hsm.pin, hsm.token, hsm.label), anh=pki.anh_chu_ky)
    assert r.o_ky == "NguoiKy" and r.nguoi_ky == "Nguyễn Văn An"
    [v] = api.kiem_tra([out], goc=[pki.goc])
    assert v.so_loi == 0 and v.chu_ky[0].nguyen_ven and v.chu_ky[0].tin_cay
    with pytest.raises(KySoError, match="sai mã PIN"):
        api.ky_so(plan_pdf, tmp_path / "x.pdf", Token(Path(hsm.module), "000000", hsm.token, hsm.label),
                  anh=pki.anh_chu_ky)
    assert not (tmp_path / "x.pdf").exists()
    # the command line, PIN from the environment
    p = subprocess.run([str(ROOT / ".venv" / "bin" / "vanban"), "kyso", str(plan_pdf), "-o", str(tmp_path / "cli.pdf"),
                        "--token", hsm.module, "--ten-token", hsm.token, "--khoa", hsm.label,
                        "--anh", str(pki.anh_chu_ky)],
                       env={**hsm.env, "VANBAN_PIN": hsm.pin}, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "Đã ký số" in p.stdout and (tmp_path / "cli.pdf").exists()


def test_timestamp_server(pki, plan_pdf, tmp_path):
    url, tsa_root, asked, stop = tsa_server(tmp_path / "tsa")
    try:
        out = tmp_path / "tsa.pdf"
        api.ky_so(plan_pdf, out, TepChungThu(pki.nguoi_ky, pki.mat_khau), anh=pki.anh_chu_ky, tsa=url)
    finally:
        stop()
    assert asked  # the server was asked
    [v] = api.kiem_tra([out], goc=[pki.goc, tsa_root])
    c = v.chu_ky[0]
    assert c.gio_dau_thoi_gian is not None and abs(c.gio_dau_thoi_gian - c.gio_ky) < timedelta(minutes=2)
    assert v.so_loi == 0
    with pytest.raises(KySoError, match="dấu thời gian"):
        api.ky_so(plan_pdf, tmp_path / "x.pdf", TepChungThu(pki.nguoi_ky, pki.mat_khau), anh=pki.anh_chu_ky,
                  tsa=url)  # the server is stopped now


# ---- attachments (ô 14) ---------------------------------------------------------------------

def test_attachment_line_top_right_of_page_one(pki, plan_pdf, tmp_path):
    out = tmp_path / "kem-theo.pdf"
    r = api.ky_so(plan_pdf, out, TepChungThu(pki.co_quan, pki.mat_khau), "kem-theo", so_ky_hieu="12/KH-UBND")
    f = fields(out)["CoQuanKemTheo"]
    assert f["page"] == 0 and f["signed"]
    # what the page shows: poppler draws the appearance into the page, pdfplumber reads it
    flat = tmp_path / "phang.pdf"
    subprocess.run(["pdftocairo", "-pdf", "-f", "1", "-l", "1", str(out), str(flat)], check=True)
    with pdfplumber.open(flat) as pdf:
        p = pdf.pages[0]
        lines = {}
        for ch in p.chars:
            if ch["top"] < 60:  # the top margin
                lines.setdefault(round(ch["top"]), []).append(ch)
        text = ["".join(c["text"] for c in sorted(v, key=lambda c: c["x0"])) for _, v in sorted(lines.items())]
        sizes = {round(c["size"], 1) for v in lines.values() for c in v}
        body_top = min(w["top"] for w in p.extract_words() if w["top"] >= 60)
        right = max(c["x1"] for v in lines.values() for c in v)
        width = float(p.width)
    assert text == ["12/KH-UBND", r.gio_ky.isoformat(), "ủy ban nhân dân tỉnh bắc ninh"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text[1])
    assert sizes == {10.0}
    assert right > width * 0.8 and max(v[0]["bottom"] for v in lines.values()) < body_top
    [v] = api.kiem_tra([out], goc=[pki.goc])
    assert v.so_loi == 0


# ---- PDF/A ------------------------------------------------------------------------------------

def test_pdfa_stays_pdfa_after_signing(pki, tmp_path):
    api.tao_ke_hoach(ROOT / "data" / "ke-hoach" / "thai-nguyen-du-thao.yaml", tmp_path, pdfa=True)
    src = tmp_path / "thai-nguyen-du-thao.pdf"
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    api.ky_so(src, one, TepChungThu(pki.nguoi_ky, pki.mat_khau), anh=pki.anh_chu_ky)
    api.ky_so(one, two, TepChungThu(pki.co_quan, pki.mat_khau), anh=pki.anh_dau)
    r = PdfReader(two)
    root = r.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")U", xmp)
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    assert "/Encrypt" not in r.trailer
    assert not root["/AcroForm"].get("/NeedAppearances", False)
    for f in fields(two).values():
        assert f["ap"] and f["flags"] & 4 and not f["flags"] & 0b11  # printed, neither hidden nor invisible
    out = subprocess.run(["pdffonts", str(two)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert out and all(line.split()[-5] == "yes" for line in out), out  # every font embedded
    # incremental updates only: the unsigned file is a prefix of the signed one
    assert two.read_bytes().startswith(one.read_bytes()) and one.read_bytes().startswith(src.read_bytes()[:1000])


# ---- what the signed page shows ----------------------------------------------------------------

def test_the_signed_page_shows_blue_signature_and_red_seal_in_place(signed, tmp_path):
    two = signed[1]
    f = fields(two)
    s, c = f["NguoiKy"], f["CoQuan"]
    dpi = 72
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(s["page"] + 1), "-l", str(s["page"] + 1),
                    str(two), str(tmp_path / "trang")], check=True)
    [png] = tmp_path.glob("trang*.png")
    im = Image.open(png).convert("RGB")
    h = im.height

    def count(rect, test):
        x0, y0, x1, y1 = (int(v) for v in rect)
        return sum(1 for x in range(x0, x1) for y in range(h - y1, h - y0) if test(im.getpixel((x, y))))

    blue = lambda p: p[2] > p[0] + 60 and p[2] > p[1] + 40  # noqa: E731
    red = lambda p: p[0] > p[1] + 80 and p[0] > p[2] + 80  # noqa: E731
    right_two_thirds = (s["rect"][0] + (s["rect"][2] - s["rect"][0]) / 3, s["rect"][1], s["rect"][2], s["rect"][3])
    assert count(right_two_thirds, blue) > 100  # the signature, where the seal does not cover it
    assert count(c["rect"], red) > 300  # the seal
    assert count((0, 0, s["rect"][0] - 40 * MM, h), red) == 0  # nothing red elsewhere on the left


# ---- the command line ---------------------------------------------------------------------

def test_cli_sign_and_check(pki, plan_pdf, tmp_path):
    env = {**os.environ, "VANBAN_MAT_KHAU": pki.mat_khau}
    exe = str(ROOT / ".venv" / "bin" / "vanban")
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    run = lambda *a: subprocess.run([exe, *a], env=env, capture_output=True, text=True, timeout=300)  # noqa: E731
    p = run("kyso", str(plan_pdf), "-o", str(one), "--chung-thu", str(pki.nguoi_ky), "--anh", str(pki.anh_chu_ky))
    assert p.returncode == 0 and "ô “NguoiKy”" in p.stdout, p.stderr
    p = run("kyso", str(one), "-o", str(two), "--chung-thu", str(pki.co_quan), "--anh", str(pki.anh_dau))
    assert p.returncode == 0 and "ô “CoQuan”" in p.stdout, p.stderr
    p = run("kiemtra", str(two), "--goc", str(pki.goc))
    assert p.returncode == 0, p.stdout
    assert "0 lỗi" in p.stdout and "Nguyễn Văn An" in p.stdout and "+07:00" in p.stdout
    assert "Traceback" not in p.stderr and p.stderr == ""
    # refusals name the file and what is accepted; nothing is written
    bad = run("kyso", str(plan_pdf), "-o", str(tmp_path / "x.pdf"), "--chung-thu", str(pki.nguoi_ky),
              "--anh", str(pki.anh_nen_trang))
    assert bad.returncode == 1 and "chu-ky-nen-trang.png" in bad.stderr and "nền trong suốt" in bad.stderr
    same = run("kyso", str(one), "-o", str(one), "--chung-thu", str(pki.co_quan), "--anh", str(pki.anh_dau))
    assert same.returncode == 1 and "tệp gốc" in same.stderr
    early = run("kyso", str(plan_pdf), "-o", str(tmp_path / "x.pdf"), "--vai", "co-quan", "--chung-thu",
                str(pki.co_quan), "--anh", str(pki.anh_dau))
    assert early.returncode == 1 and "chưa ký số" in early.stderr
    wrong = subprocess.run([exe, "kyso", str(plan_pdf), "-o", str(tmp_path / "x.pdf"), "--chung-thu", str(pki.nguoi_ky),
                            "--anh", str(pki.anh_chu_ky)], env={**env, "VANBAN_MAT_KHAU": "sai"},
                           capture_output=True, text=True, timeout=300)
    assert wrong.returncode == 1 and "sai mật khẩu" in wrong.stderr
    assert not (tmp_path / "x.pdf").exists()
    exists = run("kyso", str(plan_pdf), "-o", str(one), "--chung-thu", str(pki.nguoi_ky), "--anh", str(pki.anh_chu_ky))
    assert exists.returncode == 1 and "--ghi-de" in exists.stderr


def test_a_seal_of_another_size_gets_a_field_of_its_size(pki, signed, tmp_path):
    out = tmp_path / "dau-40.pdf"
    r = api.ky_so(signed[0], out, TepChungThu(pki.co_quan, pki.mat_khau), anh=pki.anh_dau, duong_kinh_dau_mm=40)
    assert r.o_ky == "CoQuan2" and r.canh_bao
    f = fields(out)
    assert f["CoQuan2"]["rect"][2] - f["CoQuan2"]["rect"][0] == pytest.approx(40 * MM, abs=0.5)
    [v] = api.kiem_tra([out], goc=[pki.goc])
    assert v.so_loi == 0, [str(x) for x in v.phat_hien]


def test_damaged_and_encrypted_pdfs_are_refused_in_vietnamese(pki, plan_pdf, tmp_path):
    from pypdf import PdfWriter

    trunc = tmp_path / "cut.pdf"
    trunc.write_bytes(plan_pdf.read_bytes()[:3000])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7\n" + os.urandom(4000))
    enc = tmp_path / "enc.pdf"
    w = PdfWriter(clone_from=plan_pdf)
    w.encrypt("abc")
    w.write(enc)
    env = {**os.environ, "VANBAN_MAT_KHAU": pki.mat_khau}
    exe = str(ROOT / ".venv" / "bin" / "vanban")
    for f, says in ((trunc, "đã hỏng"), (junk, "đã hỏng"), (enc, "có mật khẩu")):
        k = subprocess.run([exe, "kiemtra", str(f)], capture_output=True, text=True, timeout=120)
        assert k.returncode == 2 and says in k.stdout and f.name in k.stdout, k.stdout + k.stderr
        s = subprocess.run([exe, "kyso", str(f), "-o", str(tmp_path / "ra.pdf"), "--chung-thu", str(pki.nguoi_ky),
                            "--anh", str(pki.anh_chu_ky)], env=env, capture_output=True, text=True, timeout=120)
        assert s.returncode == 1 and says in s.stderr and "Traceback" not in s.stderr, s.stderr
        assert not (tmp_path / "ra.pdf").exists()


def test_a_signature_in_a_field_of_another_tool_is_pointed_out(pki, plan_pdf, tmp_path):
    """A tool that ignores the fields and adds its own at the page's foot: valid, but its place
    is not the decree's; kiemtra says so (a warning naming the field and page)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(pki.nguoi_ky.read_bytes(), (), pki.mat_khau.encode())
    w = IncrementalPdfFileWriter(io.BytesIO(plan_pdf.read_bytes()))
    out = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Signature1"), signer,
        new_field_spec=fields.SigFieldSpec("Signature1", on_page=0, box=(40, 40, 240, 100))).sign_pdf(w)
    other = tmp_path / "khac.pdf"
    other.write_bytes(out.getvalue())
    [r] = api.kiem_tra([other], goc=[pki.goc])
    assert r.so_loi == 0 and r.chu_ky[0].nguyen_ven
    [f] = [f for f in r.phat_hien if f.rule == "KSO-005"]
    assert f.severity == "cảnh báo" and "Signature1" in f.message and "trang 1" in f.message


def test_a_device_or_folder_named_as_input_is_refused_at_once(pki, plan_pdf, tmp_path):
    """/dev/zero as the image or the PDF, a folder as the certificate: refused without reading
    (read as any input: safety.read_regular), nothing written."""
    cases = [
        (TepChungThu(pki.nguoi_ky, pki.mat_khau), plan_pdf, Path("/dev/zero"), "thiết bị"),
        (TepChungThu(pki.nguoi_ky, pki.mat_khau), Path("/dev/zero"), pki.anh_chu_ky, "thiết bị"),
        (TepChungThu(tmp_path, pki.mat_khau), plan_pdf, pki.anh_chu_ky, "thư mục"),
    ]
    for chung_thu, vao, anh, says in cases:
        with pytest.raises(KySoError, match=says):
            api.ky_so(vao, tmp_path / "ra.pdf", chung_thu, "nguoi-ky", anh=anh)
        assert not (tmp_path / "ra.pdf").exists()
