"""The repository README's Python code: every ```python block runs, in order, in one
namespace (as a reader would paste them), with tracebacks pointing at README lines."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO

README = REPO / "README.md"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[ \t]*(?P<info>[^\n`]*)$")


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(first line number, code)`` of every fenced block whose info string is ``python``
    (or ``py``, ``python3``)."""
    blocks: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m["indent"], m["fence"]
        lang = m["info"].strip().split(" ")[0].lower() if m["info"].strip() else ""
        start = i + 1
        j = start
        while j < len(lines):
            close = FENCE.match(lines[j])
            if close and close["fence"].startswith(fence) and not close["info"].strip():
                break
            j += 1
        if lang in ("python", "py", "python3"):
            body = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[start:j]]
            blocks.append((start + 1, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


def test_block_extraction() -> None:
    text = "x\n```python\na = 1\n```\n```sh\nno\n```\n  ```py\n  b = a\n  ```\n"
    assert python_blocks(text) == [(3, "a = 1\n"), (9, "b = a\n")]


def test_readme_python_blocks_run() -> None:
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    assert blocks, f"{README} has no ```python block (the Python quick start must be tested)"
    namespace: dict[str, object] = {"__name__": "__readme__"}
    for line, code in blocks:
        # Padding puts the code on its README line numbers in tracebacks.
        compiled = compile("\n" * (line - 1) + code, str(README), "exec")
        exec(compiled, namespace)
