"""Property: whatever a YAML file holds, loading it raises nothing but the project's own errors
(``vanban.errors``): arbitrary text, arbitrary bytes, and the sample plan with random values put
at random places (as data and as typed text)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.errors import VanbanError
from vanban.load import load_model, load_plan, doc_danh_muc
from vanban.model.ky_bao_cao import ThongTinKy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEXT = (ROOT / "data" / "ke-hoach" / "quang-tri-snnmt.yaml").read_text(encoding="utf-8")
SAMPLE = yaml.load(SAMPLE_TEXT, Loader=yaml.BaseLoader)  # every scalar as text, as typed
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
LOADERS = (load_plan, doc_danh_muc, lambda p: load_model(p, ThongTinKy))

TRAPS = ["010", "1:20", "1_000", "0x1A", "0o17", "0b11", ".inf", "-.inf", ".nan", "1e400", "9" * 5000, "yes", "no",
         "on", "off", "~", "null", "=", "<<", "!!int 010", "!!binary aGk=", "!!set {a}", "&a [*a]", "*missing",
         "[" * 2000, "- - - - -", "{a: b, c}", "[Sở A, Sở B]", "'unclosed", '"\\x00"', "Quảng\u202eTrị\u200b",
         "\u2028", "\ufeff", "@x", "`x", "%x", "|", ">", "2026-02-30", "-1", "0", "x" * 300_000]


def scalars():
    return (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50)
            | st.sampled_from(TRAPS))


VALUES = st.recursive(scalars(), lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c,
                                                                                     max_size=4), max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = list(_paths(SAMPLE))


def _replace(node, path, value):
    if not path:
        return value
    if isinstance(node, dict):
        return {k: (_replace(v, path[1:], value) if k == path[0] else v) for k, v in node.items()}
    return [(_replace(v, path[1:], value) if i == path[0] else v) for i, v in enumerate(node)]


def _load_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "ke-hoach.yaml"
        path.write_bytes(data)
        for load in LOADERS:
            try:
                load(path)
            except VanbanError:
                pass


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text):
    _load_all(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data):
    _load_all(data)


@SETTINGS
@given(st.sampled_from(PATHS), VALUES, st.booleans())
def test_sample_with_a_random_value(path, value, flow):
    data = _replace(SAMPLE, path, value)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    except yaml.YAMLError:
        return
    _load_all(text.encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.integers(min_value=0, max_value=SAMPLE_TEXT.count("\n")), st.sampled_from(TRAPS) | st.text(max_size=40))
def test_sample_with_random_text_typed_on_a_line(line, typed):
    rows = SAMPLE_TEXT.split("\n")
    row = rows[line]
    rows[line] = (row.split(": ", 1)[0] + ": " + typed) if ": " in row else row + typed
    _load_all("\n".join(rows).encode("utf-8", "surrogatepass"))
