"""A test PKI made inside the tests: a root CA, an intermediate CA, a signer's and an agency's
certificates (PKCS#12 files), the signature and seal images, and a SoftHSM2 token holding a
key and its certificate. Nothing here is the project's code under test."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so"


def _name(cn: str, org: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _cert(subject, subject_key, issuer, issuer_key, ca: bool, days=3650):
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(now).not_valid_after(now + dt.timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                          crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
    else:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                          data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                          crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


@dataclass
class PKI:
    folder: Path
    goc: Path  # the root CA certificate (PEM): the trust root a receiving office gives
    khac_goc: Path  # another root, that signed nothing here
    nguoi_ky: Path  # the signer's PKCS#12
    co_quan: Path  # the agency's PKCS#12
    mat_khau: str
    anh_chu_ky: Path  # blue signature on transparent
    anh_dau: Path  # red seal on transparent
    anh_nen_trang: Path  # a signature on a white background (refused)
    nguoi_ky_key_pem: Path
    nguoi_ky_cert_der: Path
    trung_gian: Path  # the intermediate CA certificate (PEM)


def make_pki(folder: Path) -> PKI:
    folder.mkdir(parents=True, exist_ok=True)
    root_key, other_key, mid_key = _key(), _key(), _key()
    root = _cert(_name("CA gốc kiểm thử vanban"), root_key, _name("CA gốc kiểm thử vanban"), root_key, True)
    other = _cert(_name("CA khác"), other_key, _name("CA khác"), other_key, True)
    mid = _cert(_name("CA trung gian kiểm thử"), mid_key, root.subject, root_key, True)
    signer_key, agency_key = _key(), _key()
    signer = _cert(_name("Nguyễn Văn An", "Ủy ban nhân dân tỉnh Bắc Ninh"), signer_key, mid.subject, mid_key, False)
    agency = _cert(_name("Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh Bắc Ninh"), agency_key, mid.subject,
                   mid_key, False)
    password = "mat-khau-1"
    pem = serialization.Encoding.PEM
    (folder / "goc.pem").write_bytes(root.public_bytes(pem))
    (folder / "khac.pem").write_bytes(other.public_bytes(pem))
    (folder / "trung-gian.pem").write_bytes(mid.public_bytes(pem))
    enc = serialization.BestAvailableEncryption(password.encode())
    (folder / "nguoi-ky.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"nguoi-ky", signer_key, signer, [mid], enc))
    (folder / "co-quan.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"co-quan", agency_key, agency, [mid], enc))
    (folder / "nguoi-ky-key.pem").write_bytes(signer_key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "nguoi-ky.der").write_bytes(signer.public_bytes(serialization.Encoding.DER))
    _images(folder)
    return PKI(folder, folder / "goc.pem", folder / "khac.pem", folder / "nguoi-ky.p12", folder / "co-quan.p12",
               password, folder / "chu-ky.png", folder / "dau.png", folder / "chu-ky-nen-trang.png",
               folder / "nguoi-ky-key.pem", folder / "nguoi-ky.der", folder / "trung-gian.pem")


def _images(folder: Path) -> None:
    from PIL import Image, ImageDraw

    sig = Image.new("RGBA", (400, 200), (0, 0, 0, 0))
    d = ImageDraw.Draw(sig)
    d.line([(30, 150), (120, 40), (160, 160), (250, 50), (370, 120)], fill=(20, 40, 200, 255), width=9)
    sig.save(folder / "chu-ky.png")
    white = Image.new("RGB", (400, 200), (255, 255, 255))
    ImageDraw.Draw(white).line([(30, 150), (370, 120)], fill=(20, 40, 200), width=9)
    white.save(folder / "chu-ky-nen-trang.png")
    seal = Image.new("RGBA", (360, 360), (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    d.ellipse((4, 4, 356, 356), outline=(210, 20, 20, 255), width=14)
    d.ellipse((60, 60, 300, 300), outline=(210, 20, 20, 255), width=6)
    d.regular_polygon((180, 180, 60), 5, fill=(210, 20, 20, 255))
    seal.save(folder / "dau.png")


@dataclass
class SoftHSM:
    env: dict
    module: str
    token: str
    pin: str
    label: str


def softhsm_token(folder: Path, pki: PKI) -> SoftHSM:
    """A SoftHSM2 token in ``folder`` holding the signer's key and certificate (label "ky")."""
    if not (shutil.which("softhsm2-util") and os.path.exists(SOFTHSM_MODULE)):
        raise RuntimeError("SoftHSM2 không có trên máy: chạy ./setup.sh (gói softhsm2)")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    pin, so_pin, label = "123456", "87654321", "vanban-token"
    run = lambda *a: subprocess.run(["softhsm2-util", *a], env=env, check=True, capture_output=True)  # noqa: E731
    run("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
    run("--import", str(pki.nguoi_ky_key_pem), "--token", label, "--label", "ky", "--id", "01", "--pin", pin)
    # the certificate beside the key, as on a real token (softhsm2-util imports keys only)
    os.environ["SOFTHSM2_CONF"] = str(conf)
    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    lib = pkcs11.lib(SOFTHSM_MODULE)
    tok = lib.get_token(token_label=label)
    cert = x509.load_der_x509_certificate(pki.nguoi_ky_cert_der.read_bytes())
    with tok.open(rw=True, user_pin=pin) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: "ky", Attribute.ID: b"\x01",
            Attribute.SUBJECT: cert.subject.public_bytes(), Attribute.VALUE: pki.nguoi_ky_cert_der.read_bytes(),
        })
        mid = x509.load_pem_x509_certificate(pki.trung_gian.read_bytes())
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True, Attribute.LABEL: "ca", Attribute.ID: b"\x02",
            Attribute.SUBJECT: mid.subject.public_bytes(),
            Attribute.VALUE: mid.public_bytes(serialization.Encoding.DER),
        })
    return SoftHSM(env, SOFTHSM_MODULE, label, pin, "ky")


def tsa_server(folder: Path):
    """A timestamp server (RFC 3161) on 127.0.0.1, its certificate issued by its own root:
    (url, root certificate path, stop). pyHanko's test time stamper answers the requests."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import keys as asn1_keys, tsp, x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    folder.mkdir(parents=True, exist_ok=True)
    root_key, key = _key(), _key()
    root = _cert(_name("CA dấu thời gian kiểm thử"), root_key, _name("CA dấu thời gian kiểm thử"), root_key, True)
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(_name("Máy chủ dấu thời gian kiểm thử")).issuer_name(root.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .sign(root_key, hashes.SHA256()))
    (folder / "tsa-goc.pem").write_bytes(root.public_bytes(serialization.Encoding.PEM))
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        certs_to_embed=[asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))])
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            asked.append(len(body))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/tsa", folder / "tsa-goc.pem", asked, server.shutdown
