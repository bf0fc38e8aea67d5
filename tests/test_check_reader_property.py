"""Property: whatever is done to a valid document.xml -- any value in the numeric and enumerated
attributes the checker reads, any Unicode text, elements removed or duplicated -- the checker
answers with findings or with its own located read error (DocxReadError), nothing else: no
OverflowError, ValueError, ZeroDivisionError, RecursionError or MemoryError, and never the
fallback message for an error the reader did not expect."""

from __future__ import annotations

import copy
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from vanban import api
from vanban.check import DocxReadError, Finding, kiem_tra
from vanban.check.model import HALF_POINTS, TWIPS, TWIPS_POS, number
from vanban.safety import XML_ILLEGAL
from tests.check_fixtures import replace_part
from tests.conftest import PLANS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# element -> attributes given random values
TARGETS = {
    "sz": ["val"], "ind": ["left", "right", "firstLine", "hanging", "firstLineChars", "hangingChars", "start"],
    "spacing": ["before", "after", "line", "lineRule", "beforeLines", "afterLines", "beforeAutospacing"],
    "pgMar": ["top", "bottom", "left", "right", "header"], "pgSz": ["w", "h", "orient"],
    "pgNumType": ["start", "fmt"], "tblW": ["w", "type"], "gridCol": ["w"], "tcW": ["w", "type"],
    "gridSpan": ["val"], "vMerge": ["val"], "jc": ["val"], "b": ["val"], "u": ["val"], "vertAlign": ["val"],
    "pStyle": ["val"], "color": ["val"], "tblInd": ["w", "type"],
}
# where an element is added when the document has none: (owner, properties element)
PARENT = {"ind": ("p", "pPr"), "spacing": ("p", "pPr"), "jc": ("p", "pPr"), "pStyle": ("p", "pPr"),
          "sz": ("r", "rPr"), "b": ("r", "rPr"), "u": ("r", "rPr"), "vertAlign": ("r", "rPr"), "color": ("r", "rPr"),
          "tcW": ("tc", "tcPr"), "gridSpan": ("tc", "tcPr"), "vMerge": ("tc", "tcPr"),
          "tblW": ("tbl", "tblPr"), "tblInd": ("tbl", "tblPr"), "pgNumType": ("sectPr", None)}
HOSTILE = ["1e400", "Infinity", "-Infinity", "NaN", "-0", "9" * 5000, "1e-400", "", " 12 ", "12pt", "-12pt",
           "0", "-1", "2147483648", "1.5", ".5", "0x10", "١٢", "²", "dxa", "pct", "50%", "auto", "nil", "restart",
           "continue", "exact", "atLeast", "both", "center", "true", "false"]


def xml_safe(text: str) -> str:
    return XML_ILLEGAL.sub("", text)


values = st.one_of(st.sampled_from(HOSTILE), st.integers(-10**40, 10**40).map(str),
                   st.floats(allow_nan=True, allow_infinity=True).map(repr), st.text(max_size=12).map(xml_safe))
attribute = st.tuples(st.just("attr"), st.sampled_from(sorted(TARGETS)), st.integers(0, 10**6), st.integers(0, 20),
                      values)
mutation = st.one_of(
    attribute, attribute,  # twice as likely as the others
    st.tuples(st.just("remove"), st.sampled_from(sorted(TARGETS) + ["tbl", "tr", "tc", "p", "r", "t", "sectPr",
                                                                      "tblGrid", "pPr", "rPr", "tcPr", "body"]),
              st.integers(0, 10**6)),
    st.tuples(st.just("dup"), st.sampled_from(["tc", "tr", "gridCol", "p", "r", "tbl", "sectPr", "gridSpan"]),
              st.integers(0, 10**6)),
    st.tuples(st.just("text"), st.integers(0, 10**6), st.text(max_size=40).map(xml_safe)),
)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    out = tmp_path_factory.mktemp("prop")
    api.tao_ke_hoach(PLANS / "quang-tri-snnmt.yaml", out)
    path = out / "quang-tri-snnmt.docx"
    with zipfile.ZipFile(path) as z:
        return path, z.read("word/document.xml")


def _element(root, tag: str, k: int):
    """The k-th (modulo) element ``tag`` of the document, added to an owner when there is none."""
    els = list(root.iter(f"{W}{tag}"))
    if els:
        return els[k % len(els)]
    if tag not in PARENT:
        return None
    owner_tag, props_tag = PARENT[tag]
    owners = list(root.iter(f"{W}{owner_tag}"))
    if not owners:
        return None
    owner = owners[k % len(owners)]
    props = owner if props_tag is None else owner.find(f"{W}{props_tag}")
    if props is None:
        props = etree.Element(f"{W}{props_tag}")
        owner.insert(0, props)
    return etree.SubElement(props, f"{W}{tag}")


def _mutate(root, m) -> None:
    kind = m[0]
    if kind == "attr":
        _, tag, k, a, value = m
        el = _element(root, tag, k)
        if el is not None:
            attrs = TARGETS[tag]
            el.set(f"{W}{attrs[a % len(attrs)]}", value)
    elif kind in ("remove", "dup"):
        _, tag, k = m
        els = list(root.iter(f"{W}{tag}"))
        if els:
            el = els[k % len(els)]
            if kind == "remove":
                el.getparent().remove(el)
            else:
                el.addnext(copy.deepcopy(el))
    else:
        _, k, text = m
        ts = list(root.iter(f"{W}t"))
        if ts:
            ts[k % len(ts)].text = text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(mutations=st.lists(mutation, min_size=1, max_size=6))
def test_only_findings_or_a_located_read_error(source, mutations):
    good, document = source
    root = etree.fromstring(document)
    for m in mutations:
        _mutate(root, m)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with tempfile.TemporaryDirectory() as d:
        path = replace_part(good, Path(d) / "dot-bien.docx", "word/document.xml", data)
        try:
            findings = kiem_tra(path)
        except DocxReadError as e:
            message = str(e)
            assert message.startswith(f"{path}: ") and "chi tiết kỹ thuật" not in message, message
        else:
            assert all(isinstance(f, Finding) and f.rule and f.place for f in findings)


@given(st.text(max_size=50))
def test_number_parser_answers_a_number_in_range_or_none(text):
    for kind in (TWIPS, TWIPS_POS, HALF_POINTS):
        v = number(text, kind)
        assert v is None or kind.lo <= v <= kind.hi


def test_number_parser_reads_what_word_reads():
    assert [number(v, TWIPS) for v in ("567", " 567 ", "-0", "+12", "1cm", "12pt", "0.5in", "-2mm")] == \
        pytest.approx([567, 567, 0, 12, 566.93, 240, 720, -113.39], abs=0.01)
    assert [number(v, HALF_POINTS) for v in ("28", "14pt", "3277", "-1", "1e3", "NaN", "١٢", "²", "")] == \
        [28, 28, None, None, None, None, None, None, None]
    assert number("-1", TWIPS_POS) is None and number("31681", TWIPS) is None and number("9" * 5000, TWIPS) is None
