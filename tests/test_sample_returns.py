"""The sample reporting period (data/bao-cao/hung-yen-2026): the committed files are what
tools/make_sample_returns.py writes, and consolidating them gives what the script's data says
(returns counted, refused with the cells at fault, duplicates, agencies that did not report)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from vanban import api
from vanban.baocao.tong_hop import KHONG_DOC_DUOC, TRUNG
from vanban.errors import InputError
from vanban.load import load_model
from vanban.load.phieu import doc_phieu
from vanban.model.ky_bao_cao import ThongTinKy
from vanban.model.van_ban import parse_ngay
from vanban.model.bieu_mau import COT_KET_QUA
from vanban.render.xlsx_bieu_mau import FIRST_ROW

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "make_sample_returns.py"


def _load_tool():
    spec = importlib.util.spec_from_file_location("make_sample_returns", TOOL)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


M = _load_tool()
COMMITTED = M.OUT
PHIEU_DIR = COMMITTED / M.PHIEU_DIR


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    M.make(out)
    return out


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory) -> dict[str, object]:
    """Form key (bieu-mau-2026-<key>.xlsx) -> the blank form read back (agency, tasks in order)."""
    out = tmp_path_factory.mktemp("forms")
    files = api.tao_bieu_mau(M.PLAN, M.KY, out, han_nop=M.HAN_NOP).tep
    return {f.stem.removeprefix(f"bieu-mau-{M.KY}-"): doc_phieu(f) for f in files}


@pytest.fixture(scope="module")
def consolidated(tmp_path_factory):
    out = tmp_path_factory.mktemp("tong-hop")
    return api.tong_hop_bao_cao(M.PLAN, PHIEU_DIR, M.KY, out, thong_tin=COMMITTED / M.THONG_TIN_FILE, check=True)


def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = load_workbook(path)
    return {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in wb.worksheets}


def _date(p) -> dt.date:
    d = parse_ngay(p.thong_tin["ngay"])
    return dt.date(d.nam, d.thang, d.ngay)


def _status(p, task_id: str) -> str | None:
    row = p.dong.get(task_id, p.mac_dinh)
    return row.tinh_trang if row is not None else None


def _expected_counted(phieu) -> tuple[dict[str, object], list[tuple[object, object]]]:
    """Per form key the return that counts, and (duplicate, the one kept): one per agency, the
    later report date, on a tie the first by file name (vanban.baocao.tong_hop)."""
    by_agency: dict[str, list] = {}
    for p in sorted((p for p in phieu if p.loai != M.CO_LOI), key=lambda p: p.tep.casefold()):
        by_agency.setdefault(p.mau, []).append(p)
    counted, duplicates = {}, []
    for key, ps in by_agency.items():
        kept = max(ps, key=_date)  # max keeps the first of equal dates
        counted[key] = kept
        duplicates += [(p, kept) for p in ps if p is not kept]
    return counted, duplicates


# ---- the committed files are the script's output ----------------------------------------------

def test_committed_files_are_the_script_output(regenerated):
    assert sorted(f.name for f in PHIEU_DIR.iterdir()) == sorted(p.tep for p in M.PHIEU)
    committed = (COMMITTED / M.THONG_TIN_FILE).read_text(encoding="utf-8")
    assert committed == (regenerated / M.THONG_TIN_FILE).read_text(encoding="utf-8") == M.thong_tin_yaml()
    for p in M.PHIEU:
        assert _cells(PHIEU_DIR / p.tep) == _cells(regenerated / M.PHIEU_DIR / p.tep), p.tep


def test_script_output_is_byte_identical_run_to_run(regenerated, tmp_path):
    M.make(tmp_path)
    for rel in [M.THONG_TIN_FILE] + [f"{M.PHIEU_DIR}/{p.tep}" for p in M.PHIEU]:
        assert (tmp_path / rel).read_bytes() == (regenerated / rel).read_bytes(), rel


def test_script_refuses_to_overwrite(regenerated, capsys):
    before = (regenerated / M.PHIEU_DIR / M.PHIEU[0].tep).read_bytes()
    with pytest.raises(FileExistsError):
        M.make(regenerated)
    assert M.main(["--thu-muc", str(regenerated)]) == 1
    assert "--ghi-de" in capsys.readouterr().err
    assert M.main(["--thu-muc", str(regenerated), "--ghi-de"]) == 0
    assert (regenerated / M.PHIEU_DIR / M.PHIEU[0].tep).read_bytes() == before


def test_period_file_reads_and_is_nfc():
    text = (COMMITTED / M.THONG_TIN_FILE).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    info = load_model(COMMITTED / M.THONG_TIN_FILE, ThongTinKy)
    assert info.ky == M.KY and info.han_nop == M.HAN_NOP
    assert (COMMITTED / info.ke_hoach).resolve() == M.PLAN.resolve()
    assert info.bao_cao.kinh_gui == ["Bộ Nông nghiệp và Môi trường"]
    assert info.don_doc.co_quan_ban_hanh.viet_tat == "SNNMT"
    assert info.don_doc.han_moi > info.han_nop


def test_sample_mix_is_what_the_demo_needs(blank_forms):
    kinds = [p.loai for p in M.PHIEU]
    assert kinds.count(M.DAY_DU) >= 3 and kinds.count(M.MOT_PHAN) >= 2
    assert kinds.count(M.NOP_MUON) == 1 and kinds.count(M.CO_LOI) == 1 and kinds.count(M.BO_SUNG) == 1
    late = next(p for p in M.PHIEU if p.loai == M.NOP_MUON)
    assert _date(late) > M.HAN_NOP
    assert all(_date(p) <= M.HAN_NOP for p in M.PHIEU if p.loai != M.NOP_MUON)
    for p in M.PHIEU:
        tasks = [t.id for t in blank_forms[p.mau].nhiem_vu]
        filled = [t for t in tasks if _status(p, t) is not None]
        if p.loai == M.DAY_DU:
            assert filled == tasks, p.tep
        if p.loai == M.MOT_PHAN:
            assert 0 < len(filled) < len(tasks), p.tep
    assert set(M.KHONG_GUI) <= set(blank_forms) and not {p.mau for p in M.PHIEU} & set(M.KHONG_GUI)


# ---- consolidation of the committed samples ----------------------------------------------------

def test_consolidation_counts(consolidated, blank_forms):
    th = consolidated.tong_hop
    counted, duplicates = _expected_counted(M.PHIEU)
    agency = {key: form.co_quan for key, form in blank_forms.items()}

    got = {c.co_quan: Path(c.tep).name for c in th.da_bao_cao}
    assert got == {agency[k]: p.tep for k, p in counted.items()}
    assert sorted(c.co_quan for c in th.chua_bao_cao) == sorted(
        agency[k] for k in blank_forms if k not in counted)
    assert {agency[k] for k in M.KHONG_GUI} <= {c.co_quan for c in th.chua_bao_cao}

    refused = [k for k in th.khong_hop_le if k.loai == KHONG_DOC_DUOC]
    assert sorted(Path(k.tep).name for k in refused) == sorted(p.tep for p in M.PHIEU if p.loai == M.CO_LOI)
    dup = [k for k in th.khong_hop_le if k.loai == TRUNG]
    assert sorted((Path(k.tep).name, Path(k.tep_giu).name) for k in dup) == sorted(
        (p.tep, kept.tep) for p, kept in duplicates)
    assert len(th.khong_hop_le) == len(refused) + len(dup)
    assert not th.dong_khong_tinh

    for c in th.da_bao_cao:
        key = next(k for k, name in agency.items() if name == c.co_quan)
        p, tasks = counted[key], [t.id for t in blank_forms[key].nhiem_vu]
        statuses = [s for s in (_status(p, t) for t in tasks) if s]
        assert c.so_bao_cao == len(statuses), c.co_quan
        assert c.so_hoan_thanh == sum(s.casefold() == M.DA_XONG.casefold() for s in statuses), c.co_quan


def test_refused_return_names_each_planted_error_by_cell(consolidated, blank_forms):
    col = {fld: get_column_letter(j) for j, (fld, _) in enumerate(COT_KET_QUA, start=1)}
    for p in (p for p in M.PHIEU if p.loai == M.CO_LOI):
        reason = next(k.ly_do for k in consolidated.tong_hop.khong_hop_le if Path(k.tep).name == p.tep)
        tasks = [t.id for t in blank_forms[p.mau].nhiem_vu]
        assert p.loi
        for loi in p.loi:
            cell = f"{col[loi.cot]}{FIRST_ROW + tasks.index(loi.nhiem_vu)}"
            assert f"Sheet 'Kết quả', ô {cell}:" in reason, (loi, reason)
        assert reason.count("Sheet 'Kết quả', ô ") == len(p.loi)


def test_consolidated_documents_pass_the_checker(consolidated):
    names = sorted(Path(f).name for f in consolidated.tep)
    assert names == ["don-doc-2026.docx", "tong-hop-2026.docx", "tong-hop-2026.xlsx"]
    assert [(k.tep.name, k.so_loi, k.loi_doc) for k in consolidated.kiem_tra] == [
        (k.tep.name, 0, None) for k in consolidated.kiem_tra]
    assert len(consolidated.kiem_tra) == 2


def test_agency_reports_from_each_readable_return(tmp_path):
    for p in M.PHIEU:
        if p.loai == M.CO_LOI:
            with pytest.raises(InputError):
                api.tao_bao_cao(PHIEU_DIR / p.tep, tmp_path)
            continue
        written = api.tao_bao_cao(PHIEU_DIR / p.tep, tmp_path).tep
        assert [f.name for f in written] == [f"{Path(p.tep).stem}-bao-cao.docx"]
        assert [k.so_loi for k in api.kiem_tra(written)] == [0], p.tep
