"""The project's YAML, written for a person to read and edit: block style, keys in the order of
the sample plans, Unicode as it is (NFC), texts of several lines as block scalars (``|``), a
value quoted only where YAML would read it as something else (``"2026"``, ``"yes"``, ``": "``)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import yaml


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # lists indented under their key
        return super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str):
    value = unicodedata.normalize("NFC", value)
    if "\n" in value:
        text = "\n".join(line.rstrip() for line in value.split("\n")).strip("\n") + "\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


def _date(dumper: yaml.SafeDumper, value: dt.date):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(str, _str)
_Dumper.add_representer(dt.date, _date)


def dump(data: dict, comment: str | None = None) -> str:
    """``data`` as YAML text; ``comment``: first lines, each after "# "."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=10_000, indent=2)
    head = "".join(f"# {line}\n" if line else "#\n" for line in (comment or "").splitlines())
    return head + text
