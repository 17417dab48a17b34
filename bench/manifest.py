"""Writing a generated labelled set: its files and manifest.jsonl, one label record per line
(the format of ../shared/data's sets), shared by both generators."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol


class GeneratedDoc(Protocol):
    @property
    def file(self) -> str: ...  # the path inside the set's folder, as in manifest.jsonl

    @property
    def data(self) -> bytes: ...

    @property
    def label(self) -> dict[str, object]: ...  # one manifest.jsonl record


def write_set(docs: Sequence[GeneratedDoc], folder: Path) -> Path:
    """Write the files and their manifest.jsonl under ``folder``; returns the manifest's path."""
    lines = []
    for doc in docs:
        path = folder / doc.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(doc.data)
        lines.append(json.dumps(doc.label, ensure_ascii=False))
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest
