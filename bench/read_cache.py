"""Cache of read documents for benchmarks and development: OCR once, iterate on extraction fast.

Only documents that needed OCR are cached (a text-layer read costs milliseconds, so it is always
read afresh and a change to text-layer reading shows at once). The key is the file's bytes and
OCR_READER_VERSION; bump that version when OCR reading changes."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from paperwise.reading.model import Page, PageSource, ReadDocument, ReadLimits, Word

CACHE_DIR = Path(__file__).parent / "out" / "read-cache"


def _reader_version() -> str:
    from paperwise.reading import reader

    return str(getattr(reader, "OCR_READER_VERSION", "0"))


def cached_read(path: Path, *, refresh: bool = False) -> ReadDocument:
    """The ReadDocument of ``path``, from the cache when this version of the reader saw it."""
    return cached_read_timed(path, refresh=refresh)[0]


def cached_read_timed(path: Path, *, refresh: bool = False) -> tuple[ReadDocument, float | None]:
    """``cached_read`` plus the seconds the real read took, or None when it came from the cache."""
    from paperwise.reading.reader import read_document

    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()[:24] + "-" + _reader_version()
    cached = CACHE_DIR / f"{key}.json"
    if cached.exists() and not refresh:
        return _from_json(json.loads(cached.read_text())), None
    started = time.perf_counter()
    doc = read_document(data, ReadLimits())
    elapsed = time.perf_counter() - started
    if all(p.source is not PageSource.OCR for p in doc.pages):
        return doc, elapsed
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")  # others may read the same file meanwhile
    partial.write_text(json.dumps(_to_json(doc)))
    partial.replace(cached)
    return doc, elapsed


def _to_json(doc: ReadDocument) -> dict[str, object]:
    return {
        "media_type": doc.media_type,
        "embedded_xml": doc.embedded_xml.decode("utf-8", "replace") if doc.embedded_xml else None,
        "pages": [asdict(p) for p in doc.pages],
    }


def _from_json(raw: dict[str, Any]) -> ReadDocument:
    pages = [
        Page(
            index=p["index"],
            width=p["width"],
            height=p["height"],
            words=[Word(**w) for w in p["words"]],
            source=PageSource(p["source"]),
            rotation=p.get("rotation", 0.0),
        )
        for p in raw["pages"]
    ]
    xml = raw.get("embedded_xml")
    return ReadDocument(
        pages=pages,
        media_type=str(raw["media_type"]),
        embedded_xml=xml.encode() if isinstance(xml, str) else None,
    )
