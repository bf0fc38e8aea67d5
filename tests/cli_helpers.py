"""Running ``vanban`` as users do: a real process (``python -m vanban``), its output read back."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from tests.conftest import ROOT


def vanban(*args: str, cwd=ROOT, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanban", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=timeout)


def vanban_json(*args: str, cwd=ROOT) -> tuple[int, object]:
    """Exit status and the JSON document of ``vanban ARGS --json``; nothing else may be printed."""
    run = vanban(*args, "--json", cwd=cwd)
    assert run.stderr == "", run.stderr
    doc = json.loads(run.stdout)  # one document, nothing around it
    if isinstance(doc, dict):
        assert doc["ma_thoat"] == run.returncode
    return run.returncode, doc


def vanban_on_terminal(*args: str, cwd=ROOT, timeout: float = 600) -> tuple[int, str, str]:
    """Exit status, stdout (a pipe) and what reached stderr, a terminal (a pseudo-terminal)."""
    master, slave = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "vanban", *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                          stderr=slave) as proc:
        os.close(slave)
        seen = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed: the process ended
                break
            if not chunk:
                break
            seen.append(chunk)
        out = proc.stdout.read()
        proc.wait(timeout=timeout)
    os.close(master)
    return proc.returncode, out.decode("utf-8"), b"".join(seen).decode("utf-8", "replace")


def argparse_messages() -> list[str]:
    """Every string argparse of the running Python looks up through gettext, read from its source."""
    import argparse
    import ast
    import inspect

    found = []
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            found += [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    return sorted(set(found))


def english_words() -> set[str]:
    """The words (4 letters or more, placeholders left out) of argparse's messages."""
    import re

    words: set[str] = set()
    for msg in argparse_messages():
        text = re.sub(r"%\(\w+\)[sr]|%[sr]", " ", msg)
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)}
    return words


def english_in(text: str) -> set[str]:
    """argparse's English words in ``text`` (options such as --help and paths left out)."""
    import re

    text = re.sub(r"(?<!\w)-{1,2}[\w-]+|/[^\s]+", " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & english_words()
