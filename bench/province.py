"""A synthetic province, built deterministically: 150 agencies, a plan of 60 tasks in 6 groups,
every agency assigned 5–20 tasks (as lead or support)."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = ("tăng cường quản lý chất thải rắn sinh hoạt phân loại tại nguồn thu gom vận chuyển xử lý "
         "nước thải đô thị khu công nghiệp quan trắc môi trường không khí đa dạng sinh học tuyên truyền "
         "phổ biến pháp luật kiểm tra giám sát chuyển đổi số cơ sở dữ liệu biến đổi khí hậu").split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize()


def build(folder: Path, seed: int = 2026, agencies: int = 150, groups: int = 6, tasks: int = 60) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"Sở Chuyên ngành số {i:02d}" for i in range(1, 21)]
    names += [f"UBND xã Mẫu {i:03d}" for i in range(1, agencies - 20 + 1)]
    registry = {"ten": "Tỉnh mẫu", "co_quan": [
        {"ten": n, "viet_tat": f"CQ{i:03d}", "loai": "so" if n.startswith("Sở") else "xa"}
        for i, n in enumerate(names, 1)]}
    (folder / "co-quan.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    # Assign 5–20 tasks to every agency, then read the assignment back per task.
    per_task: list[list[str]] = [[] for _ in range(tasks)]
    for n in names:
        for t in rng.sample(range(tasks), rng.randint(5, 20)):
            per_task[t].append(n)
    nhom = []
    for g in range(groups):
        items = []
        for k in range(tasks // groups):
            t = g * (tasks // groups) + k
            agencies_t = per_task[t] or [names[t % len(names)]]
            items.append({
                "id": f"T{t + 1:02d}",
                "noi_dung": _sentence(rng, rng.randint(15, 40)),
                "chu_tri": agencies_t[:1],
                "phoi_hop": agencies_t[1:],
                "tien_do": rng.choice(["2026", "2026 - 2030", "2026 - 2030 và các năm tiếp theo", "Quý II/2026"]),
                "san_pham": _sentence(rng, 4),
                "ghi_chu": "",
            })
        nhom.append({"ten": f"Nhóm nhiệm vụ về {_sentence(rng, 6).lower()}", "nhiem_vu": items})
    plan = {
        "co_quan_ban_hanh": {"ten": "Ủy ban nhân dân tỉnh Mẫu", "viet_tat": "UBND"},
        "so": 12, "ngay": "2026-03-05", "dia_danh": "Mẫu",
        "trich_yeu": "Triển khai thực hiện nhiệm vụ bảo vệ môi trường giai đoạn 2026 - 2030",
        "nguoi_ky": {"quyen_han": "KT.", "cap_truong": "Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": "Nguyễn Văn A"},
        "noi_nhan": {"gui": ["Bộ Nông nghiệp và Môi trường", "Các sở, ban, ngành"], "luu": {"don_vi": "KT"}},
        "danh_muc_co_quan": "co-quan.yaml",
        "mo_dau": _sentence(rng, 60) + ".",
        "noi_dung": "\n".join(["I. MỤC ĐÍCH, YÊU CẦU"] + [f"- {_sentence(rng, 30)}." for _ in range(10)]
                              + ["II. NHIỆM VỤ", "Chi tiết tại Phụ lục kèm theo Kế hoạch này."]),
        "phu_luc": [{"ten": "Danh mục nhiệm vụ", "cot": ["tt", "noi_dung", "chu_tri", "phoi_hop", "tien_do",
                                                         "san_pham", "ghi_chu"], "nhom": nhom}],
    }
    path = folder / "ke-hoach.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
