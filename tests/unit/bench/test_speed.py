"""The floor the speed bench measures against reads the same text the page carries."""

from __future__ import annotations

from bench.speed import Timings, bare_text_read
from bench.synthetic import generate


def test_bare_text_read_boxes_every_character() -> None:
    doc = generate(seed=1, n=1)[0]
    assert bare_text_read(doc.data) > len(doc.invoice.number) + len(doc.invoice.supplier.name)


def test_full_path_time_falls_back_to_the_read_alone() -> None:
    assert Timings(read=[1.0, 2.0], extract=[0.5, 0.5]).full() == [1.5, 2.5]
    assert Timings(read=[1.0], error="NotImplementedError").full() == [1.0]
