"""The portal's actions on a period, each through ``vanban.api``: open a period on a plan, take a
return typed in the web form or uploaded as .xlsx, consolidate, write the documents. The routes
(``vanban.web.app``), the demo and the tests call these; nothing here knows HTTP."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import tempfile
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from .. import api
from ..errors import InputError, Problem
from . import store
from .db import Ky, PhieuNop, TaiKhoan


def _messages(e: InputError, file: str | None = None) -> list[dict]:
    return [{"file": file or p.file, "path": p.path, "message": p.message, "line": p.line} for p in e.problems]


class Cong:
    """One portal: its database (``sm``) and data folder (``thu_muc``, where every file it writes
    goes, under names it makes)."""

    def __init__(self, sm: sessionmaker, thu_muc: Path):
        self.sm, self.thu_muc = sm, Path(thu_muc)

    # ---- where a period's files are ----------------------------------------------------------

    def tep(self, ref: str | None) -> Path | None:
        """A stored file reference: "mau:<path>" in the bundled data, "tep:<path>" in the data folder."""
        if not ref:
            return None
        kind, _, rel = ref.partition(":")
        return (api.DATA / rel) if kind == "mau" else (self.thu_muc / rel)

    def ke_hoach(self, k: Ky) -> tuple[Path, Path | None, Path | None]:
        """The period's plan, registry (None: the one the plan names) and period file."""
        return self.tep(k.ke_hoach_tep), self.tep(k.danh_muc_tep), self.tep(k.thong_tin_tep)

    def thu_muc_ky(self, k: Ky, *parts: str) -> Path:
        d = self.thu_muc.joinpath("ky", str(k.id), *parts)
        d.mkdir(parents=True, exist_ok=True)
        return d

    def stamp(self) -> str:
        return f"{store.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"

    # ---- periods -------------------------------------------------------------------------------

    def tao_ky(self, ky: str, han_nop: dt.date | None, ke_hoach: str, danh_muc: str | None = None,
               thong_tin: str | None = None, ke_hoach_goc: bytes | None = None) -> tuple[Ky, dict[str, tuple[str, str]]]:
        """Open a period on a plan (file references as ``tep``); an account for each agency with
        tasks that has none. (period, agency -> (login, new code)); InputError when the plan does
        not load or assigns nothing."""
        plan, reg = self.tep(ke_hoach), self.tep(danh_muc)
        kh, _registry, _w = api.doc_ke_hoach(plan, reg)
        agencies = api.phan_cong_co_quan(plan, reg)
        if not agencies:
            raise InputError([Problem(str(plan), "phu_luc", "kế hoạch không giao nhiệm vụ nào cho cơ quan (chu_tri, "
                                                            "phoi_hop trong phụ lục)")])
        trong = api.phieu_trong(plan, ky, agencies[0], danh_muc=reg, han_nop=han_nop)
        k = store.tao_ky(self.sm, ky=trong.ky, ten=trong.ten_ky, han_nop=trong.han_nop, ke_hoach_tep=ke_hoach,
                         danh_muc_tep=danh_muc, thong_tin_tep=thong_tin, ke_hoach_goc=ke_hoach_goc,
                         trich_yeu=kh.trich_yeu, co_quan=json.dumps(agencies, ensure_ascii=False))
        return k, store.tao_tai_khoan_co_quan(self.sm, agencies)

    def phieu_trong(self, k: Ky, agency: str) -> api.PhieuTrong:
        plan, reg, _info = self.ke_hoach(k)
        return api.phieu_trong(plan, k.ky, agency, danh_muc=reg, han_nop=k.han_nop)

    # ---- submissions ---------------------------------------------------------------------------

    def nop_web(self, k: Ky, tk: TaiKhoan, truong: dict[str, str]) -> tuple[PhieuNop, list[dict]]:
        """Keep a web return (its fields' JSON, unchanged) and whether it is valid; a refused one
        also stays the agency's draft, so nothing typed is lost."""
        trong = self.phieu_trong(k, tk.co_quan)
        raw = json.dumps(truong, ensure_ascii=False, sort_keys=True).encode()
        name = f"{tk.ten_dang_nhap}-{self.stamp()}-web"
        try:
            p = api.lap_phieu_web(trong, truong, tep=name)
        except InputError as e:
            msgs = _messages(e)
            nop = store.luu_phieu(self.sm, k.id, tk.id, trong.co_quan, "web", raw, False, None, msgs)
            store.luu_nhap(self.sm, k.id, trong.co_quan, truong)
            return nop, msgs
        return store.luu_phieu(self.sm, k.id, tk.id, trong.co_quan, "web", raw, True, p.model_dump_json(), []), []

    def nop_xlsx(self, k: Ky, tk: TaiKhoan, data: bytes, ten_goc: str | None = None) -> tuple[PhieuNop, list[dict]]:
        """Keep an uploaded .xlsx return (its bytes, unchanged) and whether it is valid: read by
        the library's reader (its size, zip and XML limits) and refused unless it is the
        agency's form for this period."""
        trong = self.phieu_trong(k, tk.co_quan)
        name = f"{tk.ten_dang_nhap}-{self.stamp()}.xlsx"
        plan, reg, _ = self.ke_hoach(k)
        with tempfile.TemporaryDirectory(dir=self.thu_muc_ky(k)) as tmp:
            path = Path(tmp) / name
            path.write_bytes(data)
            try:
                p = api.doc_phieu_cua(path, trong, plan, reg, ten=name)
                ok, model, msgs = True, p.model_dump_json(), []
            except InputError as e:
                ok, model, msgs = False, None, _messages(e, name)
        nop = store.luu_phieu(self.sm, k.id, tk.id, trong.co_quan, "xlsx", data, ok, model, msgs,
                              ten_goc=(ten_goc or "")[:500] or None)
        return nop, msgs

    # ---- documents -----------------------------------------------------------------------------

    def tong_hop(self, k: Ky, out: Path | None = None, don_doc: bool = False, pdf: bool = False):
        """The consolidation of the period: each agency's latest valid return; for an agency
        without one, its latest refused return (so the reports say it was refused and why)."""
        plan, reg, info = self.ke_hoach(k)
        nop = store.cac_phieu(self.sm, k.id)
        counted = store.phieu_tinh(nop)
        phieu = [api.phieu_tu_json(p.phieu) for p in counted.values()]
        refused: list[Problem] = []
        agencies: dict[str, str] = {}
        for p in nop:  # newest first
            if p.hop_le or p.co_quan in counted or p.co_quan in agencies.values():
                continue
            probs = [Problem(**x) for x in json.loads(p.loi)]
            refused += probs
            if probs:
                agencies[probs[0].file] = p.co_quan
        return api.tong_hop_tu_phieu(plan, phieu, k.ky, out, overwrite=out is not None, danh_muc=reg,
                                     loi_phieu=refused, co_quan_loi=agencies, thong_tin=info, han_nop=k.han_nop,
                                     don_doc=don_doc, pdf=pdf, hom_nay=dt.date.today())

    def bao_cao(self, k: Ky, agency: str) -> Path | None:
        """The agency's Báo cáo (.docx) from the return that counts; None when it has none."""
        counted = store.phieu_tinh(store.cac_phieu(self.sm, k.id, agency)).get(agency)
        if counted is None:
            return None
        plan, reg, _ = self.ke_hoach(k)
        tk = store.tai_khoan_cua(self.sm, agency)
        name = f"bao-cao-{tk.ten_dang_nhap if tk else store.ten_dang_nhap(agency)}"
        result = api.tao_bao_cao_tu_phieu(api.phieu_tu_json(counted.phieu),
                                          self.thu_muc_ky(k, "bao-cao"), name, overwrite=True, plan=plan,
                                          danh_muc=reg)
        return result.tep[0]

    def bieu_mau(self, k: Ky, agency: str) -> Path:
        """The agency's return form (.xlsx), its tasks pre-filled."""
        plan, reg, _ = self.ke_hoach(k)
        result = api.tao_bieu_mau(plan, k.ky, self.thu_muc_ky(k, "bieu-mau"), overwrite=True, han_nop=k.han_nop,
                                  co_quan=[agency], danh_muc=reg)
        return result.tep[0]
