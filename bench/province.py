"""A synthetic province, built deterministically (seeded random), for the benchmark.

- Registry: 20 departments and ``agencies - 20`` communes/wards (names in Vietnamese, unique,
  any number up to 10,000 agencies and beyond; some pairs differ by one diacritic on purpose),
  with the group "UBND các xã, phường" (every commune) and "Các sở, ban, ngành".
- Plan: ``tasks`` tasks in ``groups`` groups; every agency is assigned 5–20 tasks: departments
  one by one (as lead or support), communes one by one plus the few tasks whose "phối hợp"
  names the communes' group; ``che_do_bao_cao`` names who consolidates and the deadline.
- Returns: the forms ``vanban`` generates for period ``KY``, filled the way a clerk does it
  (openpyxl: load the form, write the cells, save) with text of realistic length: a result of
  1–3 sentences per task (most tasks reported, some left empty), products, difficulties and
  proposals on some tasks, the four narrative parts of "Nội dung báo cáo", the header and
  signer data of "Thông tin báo cáo".

``ensure(cache_root)`` builds it once under a folder keyed by ``VERSION``, the seed, the form
version and the source of this file, so repeated runs reuse it.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import statistics
from dataclasses import dataclass
from pathlib import Path

import yaml

VERSION = "tinh-mau-3"
KY = "2026"
SEED = 2026

SO_NGANH = [  # (name, abbreviation, kind)
    ("Sở Nông nghiệp và Môi trường", "SNNMT", "so"), ("Sở Tài chính", "STC", "so"),
    ("Sở Xây dựng", "SXD", "so"), ("Sở Công Thương", "SCT", "so"), ("Sở Nội vụ", "SNV", "so"),
    ("Sở Tư pháp", "STP", "so"), ("Sở Khoa học và Công nghệ", "SKHCN", "so"), ("Sở Y tế", "SYT", "so"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT", "so"), ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", "so"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG", "so"), ("Sở Ngoại vụ", "SNGV", "so"),
    ("Thanh tra tỉnh", "TTRA", "nganh"), ("Văn phòng UBND tỉnh", "VP", "nganh"),
    ("Công an tỉnh", "CAT", "nganh"), ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS", "nganh"),
    ("Ban Quản lý các khu công nghiệp tỉnh", "BQLKCN", "nganh"),
    ("Báo và Phát thanh, Truyền hình tỉnh", "BPTTH", "nganh"), ("Thuế tỉnh", "THUE", "nganh"),
    ("Bảo hiểm xã hội tỉnh", "BHXH", "nganh"),
]
# Commune and ward names as the country writes them: two syllables ("Tân Phú"), some with a third
# that tells neighbours apart ("Tân Phú Đông"). A few syllables come in pairs that differ by one
# diacritic only (Thanh/Thạnh, Hòa/Hóa ...): the registry must keep such names apart.
TEN_1 = ("An Bình Cẩm Châu Đại Đông Đồng Đức Gia Hà Hải Hòa Hóa Hồng Hưng Hương Kim Lạc Lâm Lam Long Minh "
         "Mỹ Nam Nghĩa Ngọc Nhân Phong Phú Phù Phúc Phước Quang Quảng Sơn Tân Tấn Thái Thanh Thạnh Thắng "
         "Thiện Thịnh Thuận Tiên Tiến Trung Trường Vĩnh Xuân Yên").split()
TEN_2 = ("An Ân Bình Châu Điền Định Đông Đồng Dương Giang Hà Hạ Hải Hiệp Hòa Hóa Hội Hưng Khánh Lạc Lâm "
         "Lập Lễ Lộc Lợi Long Lương Minh Mỹ Nghĩa Ninh Phong Phú Phù Phúc Phước Quý Sơn Tân Thanh Thạnh "
         "Thành Thịnh Thọ Thuận Tiến Trạch Trung Tú Vinh Xá Xuân").split()
TEN_3 = "Đông Tây Nam Bắc Trung Thượng Hạ".split()
# one syllable and its twin that differs by one diacritic
SONG_SINH = {"Thanh": "Thạnh", "Hòa": "Hóa", "Phú": "Phù", "Đông": "Đồng", "Tân": "Tấn", "An": "Ân",
             "Lâm": "Lam", "Hà": "Hạ"}
SONG_SINH |= {v: k for k, v in SONG_SINH.items()}
NHOM_XA = "UBND các xã, phường"
NHOM_SO = "Các sở, ban, ngành"
TONG_HOP = SO_NGANH[0][0]
# libyaml's writer when PyYAML has it (a 10,000-agency plan is written in a fraction of the time)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Phrase banks for text of realistic shape (administrative Vietnamese).
MO = ["Đã ban hành", "Đã tổ chức", "Đã triển khai", "Đã phối hợp tổ chức", "Đã hướng dẫn", "Đang rà soát",
      "Tiếp tục đôn đốc", "Đã kiểm tra", "Đã tham mưu ban hành", "Đã hoàn thành", "Đang triển khai",
      "Đã lồng ghép", "Đã cập nhật", "Đã thẩm định", "Đã tiếp nhận và xử lý"]
GIAO = ["Triển khai", "Tổ chức", "Rà soát, cập nhật", "Xây dựng", "Tăng cường kiểm tra", "Hướng dẫn",
        "Đầu tư, nâng cấp", "Tuyên truyền, phổ biến"]
DOI_TUONG = [
    "kế hoạch triển khai thực hiện nhiệm vụ được giao", "{n} hội nghị tuyên truyền, phổ biến pháp luật về bảo vệ "
    "môi trường cho {m} lượt cán bộ, công chức và người dân", "việc phân loại chất thải rắn sinh hoạt tại nguồn tại "
    "{n} thôn, tổ dân phố", "hồ sơ đánh giá tác động môi trường của {n} dự án đầu tư", "{n} cuộc kiểm tra việc chấp "
    "hành pháp luật về bảo vệ môi trường tại các cơ sở sản xuất, kinh doanh, dịch vụ", "cơ sở dữ liệu quan trắc "
    "chất lượng nước mặt, nước dưới đất và không khí", "phương án thu gom, vận chuyển và xử lý chất thải rắn sinh "
    "hoạt giai đoạn 2026 - 2030", "các điểm tập kết rác thải tự phát, khơi thông {n} km kênh mương nội đồng",
    "mô hình sản xuất nông nghiệp hữu cơ, giảm sử dụng phân bón hóa học và thuốc bảo vệ thực vật",
    "danh mục các cơ sở gây ô nhiễm môi trường nghiêm trọng cần xử lý triệt để", "{n} giấy phép môi trường "
    "theo thẩm quyền", "kế hoạch ứng phó sự cố chất thải và sự cố môi trường", "nội dung bảo vệ môi trường vào "
    "chương trình giáo dục địa phương", "hệ thống xử lý nước thải tập trung của {n} cụm công nghiệp",
    "việc thu phí bảo vệ môi trường đối với nước thải, đạt {p}% kế hoạch", "kinh phí sự nghiệp môi trường năm "
    "2026 với tổng số {m} triệu đồng"]
DUOI = ["trên địa bàn", "theo đúng tiến độ đề ra", "bảo đảm chất lượng, hiệu quả", "đạt {p}% kế hoạch năm",
        "với sự tham gia của các tổ chức chính trị - xã hội", "theo chức năng, nhiệm vụ được giao",
        "góp phần nâng cao nhận thức của cộng đồng", "", "", ""]
KHO_KHAN = ["Kinh phí bố trí cho nhiệm vụ còn hạn chế, chưa đáp ứng yêu cầu thực tế",
            "Đội ngũ cán bộ làm công tác môi trường ở cấp xã còn thiếu, phần lớn kiêm nhiệm",
            "Hạ tầng thu gom, xử lý chất thải chưa đồng bộ, nhiều điểm tập kết chưa bảo đảm vệ sinh môi trường",
            "Một số cơ sở sản xuất chưa chấp hành nghiêm quy định, việc xử lý vi phạm còn kéo dài",
            "Việc phối hợp giữa các cơ quan, đơn vị trong chia sẻ thông tin, dữ liệu chưa thường xuyên",
            "Ý thức của một bộ phận người dân trong phân loại rác tại nguồn chưa cao"]
DE_XUAT = ["Đề nghị Ủy ban nhân dân tỉnh quan tâm bố trí kinh phí để triển khai nhiệm vụ",
           "Đề nghị Sở Nông nghiệp và Môi trường tổ chức tập huấn nghiệp vụ cho cán bộ cấp xã",
           "Đề nghị sớm ban hành hướng dẫn thống nhất về phân loại chất thải rắn sinh hoạt",
           "Đề nghị tăng cường kiểm tra liên ngành đối với các cơ sở có nguy cơ gây ô nhiễm cao"]
HO = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương".split()
DEM = "Văn Thị Đức Minh Thu Hồng Quang Ngọc Thanh Hữu".split()
TEN = "An Bình Cường Dũng Giang Hà Hải Hạnh Hùng Lan Linh Long Mai Nam Phương Quân Sơn Tâm Thảo Tuấn".split()


@dataclass
class Province:
    folder: Path
    plan: Path  # ke-hoach.yaml (beside co-quan.yaml)
    returns: Path  # the 150 filled returns
    stats: dict


def _fill(rng: random.Random, template: str) -> str:
    return template.format(n=f"{rng.randint(2, 40):02d}", m=rng.randint(50, 3000), p=rng.randint(60, 100))


def _sentence(rng: random.Random, verbs: list[str] = MO) -> str:
    tail = _fill(rng, rng.choice(DUOI))
    s = f"{rng.choice(verbs)} {_fill(rng, rng.choice(DOI_TUONG))}" + (f" {tail}" if tail else "")
    if rng.random() < 0.4:
        s += f"; đồng thời {rng.choice(verbs).lower()} {_fill(rng, rng.choice(DOI_TUONG))}"
    return s + "."


def _task(rng: random.Random) -> str:
    return _sentence(rng, GIAO)


def _paragraph(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(lo, hi)))


def _bullets(rng: random.Random, lo: int, hi: int, bank: list[str] | None = None) -> str:
    items = [(rng.choice(bank) + "." if bank else _paragraph(rng, 1, 2)) for _ in range(rng.randint(lo, hi))]
    return "\n".join(f"- {x}" for x in items)


def _twin(base: str) -> str | None:
    """The name that differs from ``base`` by one diacritic of one syllable (the first that has a twin)."""
    words = base.split()
    for i, w in enumerate(words):
        if w in SONG_SINH:
            return " ".join(words[:i] + [SONG_SINH[w]] + words[i + 1:])
    return None


def _bases(rng: random.Random) -> list[str]:
    """Every commune name the vocabulary makes, shuffled by ``rng``: the two-syllable names
    first, then the three-syllable ones (a two-syllable name and a direction or position)."""
    two = [f"{a} {b}" for a in TEN_1 for b in TEN_2 if b not in (a, SONG_SINH.get(a))]
    rng.shuffle(two)
    three = [f"{x} {c}" for x in two for c in TEN_3 if c not in x.split()]
    rng.shuffle(three)
    return two + three


def _names(rng: random.Random, n: int) -> list[tuple[str, str, str]]:
    """``n`` unique commune/ward names (about one in five a ward), the same for the same ``rng``
    state. About one name in twenty-five is followed by its twin that differs by one diacritic
    (xã Thanh Hòa, xã Thạnh Hòa). Raises ValueError past what the vocabulary makes."""
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []

    def add(base: str) -> None:
        seen.add(base)
        out.append((f"UBND {'phường' if rng.random() < 0.2 else 'xã'} {base}", None, "xa"))

    if n <= 0:
        return out
    for base in _bases(rng):
        if base in seen:
            continue
        add(base)
        twin = _twin(base)
        if len(out) < n and twin and twin not in seen and rng.random() < 0.04:
            add(twin)
        if len(out) >= n:
            return out
    raise ValueError(f"the vocabulary makes {len(out)} commune names, fewer than {n}")


def build_plan(folder: Path, seed: int = SEED, agencies: int = 150, groups: int = 6, tasks: int = 60,
               group_tasks: int = 4) -> Path:
    """Write co-quan.yaml and ke-hoach.yaml into ``folder``; return the plan's path."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    depts = SO_NGANH[:min(20, agencies)]
    communes = _names(rng, agencies - len(depts))
    everyone = depts + communes
    tra_cuu = {
        "ten": "Tỉnh Mẫu – sở, ban, ngành và UBND xã, phường",
        "co_quan": [{"ten": n, **({"viet_tat": v} if v else {}), "loai": k} for n, v, k in everyone],
        "nhom": [{"ten": NHOM_SO, "ten_khac": ["Các sở, ngành"], "loai": ["so", "nganh"]},
                 {"ten": NHOM_XA, "ten_khac": ["UBND xã, phường", "Ủy ban nhân dân các xã, phường"], "loai": ["xa"]}],
    }
    (folder / "co-quan.yaml").write_text(yaml.dump(tra_cuu, Dumper=_DUMPER, allow_unicode=True,
                                                   sort_keys=False), encoding="utf-8")

    # Assignment: every agency k in 5..20 tasks; communes reach group_tasks of them through the group.
    via_group = set(rng.sample(range(tasks), group_tasks))
    want = {n: rng.randint(5, 20) for n, _, _ in everyone}
    leads: list[list[str]] = [[] for _ in range(tasks)]
    support: list[list[str]] = [[] for _ in range(tasks)]
    have = {n: 0 for n in want}
    dept_names = [n for n, _, _ in depts]
    for t in range(tasks):
        for n in rng.sample(dept_names, 2 if rng.random() < 0.25 else 1):
            leads[t].append(n)
            have[n] += 1
    for n, _, kind in everyone:
        taken = {t for t in range(tasks) if n in leads[t]}
        if kind == "xa":
            taken |= via_group
            have[n] += group_tasks
        free = [t for t in range(tasks) if t not in taken]
        for t in rng.sample(free, max(0, want[n] - have[n])):
            support[t].append(n)
            have[n] += 1
    order = {n: i for i, (n, _, _) in enumerate(everyone)}
    per_group = tasks // groups
    nhom = []
    timelines = ["Năm 2026", "2026", "2026 - 2030", "Quý II/2026", "Quý IV/2026", "Hằng năm", "Thường xuyên",
                 "Tháng 9/2026", "2026 - 2027"]
    for g in range(groups):
        items = []
        for k in range(per_group if g < groups - 1 else tasks - per_group * (groups - 1)):
            t = g * per_group + k
            ph = sorted(support[t], key=order.get) + ([NHOM_XA] if t in via_group else [])
            items.append({
                "id": f"TM-{g + 1}-{k + 1:02d}",
                "noi_dung": _task(rng),
                "chu_tri": leads[t],
                "phoi_hop": ph,
                "tien_do": rng.choice(timelines),
                "ghi_chu": rng.choice(["", "", "Thực hiện theo chức năng, nhiệm vụ và phạm vi quản lý."]),
            })
        nhom.append({"ten": f"Nhóm nhiệm vụ về {_fill(rng, rng.choice(DOI_TUONG))}", "nhiem_vu": items})
    plan = {
        "loai": "KH",
        "co_quan_ban_hanh": {"ten": "Ủy ban nhân dân tỉnh Mẫu", "viet_tat": "UBND"},
        "so": 212, "ngay": "2026-03-05", "dia_danh": "Mẫu",
        "trich_yeu": "Triển khai thực hiện nhiệm vụ bảo vệ môi trường trên địa bàn tỉnh giai đoạn 2026 - 2030",
        "nguoi_ky": {"quyen_han": "KT.", "cap_truong": "Chủ tịch", "chuc_vu": "Phó Chủ tịch",
                     "ho_ten": "Nguyễn Văn An"},
        "noi_nhan": {"gui": ["Bộ Nông nghiệp và Môi trường", "Chủ tịch, các PCT UBND tỉnh",
                             "Các sở, ban, ngành của tỉnh", "UBND các xã, phường"],
                     "luu": {"don_vi": "KT", "nguoi_soan": "TMAU"}},
        "danh_muc_co_quan": "co-quan.yaml",
        "che_do_bao_cao": {"co_quan_tong_hop": TONG_HOP, "thoi_han": "trước ngày 15/12 hằng năm",
                           "co_quan_nhan": "Bộ Nông nghiệp và Môi trường"},
        "mo_dau": ("Thực hiện Luật Bảo vệ môi trường năm 2020 và các văn bản hướng dẫn thi hành; xét đề nghị của "
                   "Sở Nông nghiệp và Môi trường, Ủy ban nhân dân tỉnh ban hành Kế hoạch với các nội dung như sau:"),
        "noi_dung": "\n".join(
            ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"] + [f"- {_task(rng)}" for _ in range(4)]
            + ["2. Yêu cầu"] + [f"- {_task(rng)}" for _ in range(4)]
            + ["II. NỘI DUNG", "Danh mục nhiệm vụ chi tiết tại Phụ lục kèm theo Kế hoạch này.",
               "III. KINH PHÍ THỰC HIỆN", f"{_paragraph(rng, 2, 3)}",
               "IV. TỔ CHỨC THỰC HIỆN", f"1. {TONG_HOP}"] + [f"- {_task(rng)}" for _ in range(3)]
            + ["2. Các sở, ban, ngành, UBND các xã, phường"] + [f"- {_task(rng)}" for _ in range(3)]
            + ["Định kỳ trước ngày 15/12 hằng năm, các cơ quan, đơn vị báo cáo kết quả thực hiện về "
               f"{TONG_HOP} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh."]),
        "phu_luc": [{"ten": "DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH",
                     "cot": ["tt", "noi_dung", "chu_tri", "phoi_hop", "tien_do", "ghi_chu"], "nhom": nhom}],
    }
    path = folder / "ke-hoach.yaml"
    path.write_text(yaml.dump(plan, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return path


def fill_return(form: Path, target: Path, rng: random.Random) -> dict:
    """Fill one generated form as a clerk does (openpyxl: load, write cells, save); return counts."""
    from openpyxl import load_workbook

    from vanban.render.xlsx_bieu_mau import (COT_KET_QUA, FIRST_ROW, MUC_NOI_DUNG, SHEET_KET_QUA,
                                                SHEET_NOI_DUNG, SHEET_THONG_TIN, THONG_TIN)

    wb = load_workbook(form)
    ws = wb[SHEET_THONG_TIN]
    row_of = {fld: FIRST_ROW + i for i, (fld, _, _) in enumerate(THONG_TIN)}
    name = ws.cell(row_of["ten_co_quan"], 2).value or ""
    commune = name.startswith("UBND")
    abbr = next((v for n, v, _ in SO_NGANH if n == name), "UBND")
    values = {"so": rng.randint(10, 400), "ngay": f"{rng.randint(1, 12):02d}/12/2026", "dia_danh": "Mẫu",
              "viet_tat": abbr, "quyen_han": "KT.", "cap_truong": "Chủ tịch" if commune else "Giám đốc",
              "chuc_vu": "Phó Chủ tịch" if commune else "Phó Giám đốc",
              "ho_ten": f"{rng.choice(HO)} {rng.choice(DEM)} {rng.choice(TEN)}"}
    if commune:
        values["co_quan_chu_quan"] = "UBND TỈNH MẪU"
    for fld, v in values.items():
        ws.cell(row_of[fld], 2).value = v

    ws = wb[SHEET_KET_QUA]
    col = {fld: j for j, (fld, _) in enumerate(COT_KET_QUA, start=1)}
    rows = filled = chars = 0
    r = FIRST_ROW
    while ws.cell(r, col["id"]).value:
        rows += 1
        if rng.random() < 0.9:  # one task in ten left empty: nothing to report yet
            filled += 1
            status = rng.choices(["Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện"], [4, 5, 1])[0]
            rate = 100 if status == "Đã hoàn thành" else (0 if status == "Chưa thực hiện" else rng.randint(10, 95))
            cells = {"tinh_trang": status, "ty_le": rate, "ket_qua": _paragraph(rng, 1, 3)}
            if rng.random() < 0.5:
                cells["san_pham"] = "\n".join(
                    f"{rng.choice(['Kế hoạch', 'Công văn', 'Quyết định', 'Báo cáo'])} số {rng.randint(5, 900)}/"
                    f"{rng.choice(['KH', 'CV', 'QĐ', 'BC'])}-{abbr} ngày {rng.randint(1, 28)}/{rng.randint(1, 11)}"
                    f"/2026 về {_fill(rng, rng.choice(DOI_TUONG))}" for _ in range(rng.randint(1, 2)))
            if rng.random() < 0.25:
                cells["kho_khan"] = rng.choice(KHO_KHAN) + "."
            if rng.random() < 0.15:
                cells["de_xuat"] = rng.choice(DE_XUAT) + "."
            for fld, v in cells.items():
                ws.cell(r, col[fld]).value = v
                chars += len(v) if isinstance(v, str) else 0
        r += 1

    ws = wb[SHEET_NOI_DUNG]
    heading_rows = [r for r in range(1, ws.max_row + 1)
                    if any(ws.cell(r, 1).value == h for _, h in MUC_NOI_DUNG)]
    texts = [_bullets(rng, 2, 4), _bullets(rng, 1, 3, KHO_KHAN), _bullets(rng, 1, 3),
             _bullets(rng, 0, 2, DE_XUAT)]
    for hr, text in zip(heading_rows, texts):
        ws.cell(hr + 1, 1).value = text or None
        chars += len(text)
    wb.save(target)
    return {"dong": rows, "dong_da_dien": filled, "ky_tu": chars}


def _key(seed: int, agencies: int = 150, tasks: int = 60) -> str:
    from vanban.render.xlsx_bieu_mau import PHIEN_BAN

    h = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    size = ("" if agencies == 150 else f"-{agencies}") + ("" if tasks == 60 else f"-nv{tasks}")
    return f"{VERSION}-{seed}{size}-{PHIEN_BAN}-{h}"


def build(folder: Path, seed: int = SEED, agencies: int = 150, tasks: int = 60) -> Province:
    """Plan (``tasks`` tasks in 6 groups), forms and filled returns into ``folder`` (emptied first)."""
    from vanban import api

    if folder.exists():
        shutil.rmtree(folder)
    plan = build_plan(folder / "ke-hoach", seed, agencies=agencies, tasks=tasks)
    forms = folder / "bieu-mau"
    result = api.tao_bieu_mau(plan, KY, forms)
    returns = folder / "phieu-da-dien"
    returns.mkdir()
    rng = random.Random(seed + 1)
    per = [fill_return(f, returns / f.name, rng) for f in sorted(result.tep)]
    shutil.rmtree(forms)
    stats = {
        "co_quan": len(per),
        "nhiem_vu_moi_co_quan": {"min": min(p["dong"] for p in per), "max": max(p["dong"] for p in per),
                                 "trung_binh": round(statistics.mean(p["dong"] for p in per), 1)},
        "dong_ket_qua_da_dien": sum(p["dong_da_dien"] for p in per),
        "ky_tu_da_dien": sum(p["ky_tu"] for p in per),
    }
    (folder / "tinh.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1), encoding="utf-8")
    return Province(folder, plan, returns, stats)


def ensure(cache_root: Path, seed: int = SEED, rebuild: bool = False, agencies: int = 150,
           tasks: int = 60) -> Province:
    """The province of ``agencies`` agencies and a plan of ``tasks`` tasks under
    ``cache_root/<key>``, built there when missing (or ``rebuild``)."""
    folder = cache_root / _key(seed, agencies, tasks)
    marker = folder / "tinh.json"
    if rebuild or not marker.exists():
        tmp = cache_root / f".{_key(seed, agencies, tasks)}.tmp"
        p = build(tmp, seed, agencies, tasks)
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
        return Province(folder, folder / "ke-hoach" / "ke-hoach.yaml", folder / "phieu-da-dien", p.stats)
    return Province(folder, folder / "ke-hoach" / "ke-hoach.yaml", folder / "phieu-da-dien",
                    json.loads(marker.read_text(encoding="utf-8")))
