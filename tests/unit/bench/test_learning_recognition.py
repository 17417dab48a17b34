from __future__ import annotations

import pytest
from bench.learning import Recognition


def test_recognition_counts_right_and_wrong_matches(capsys: pytest.CaptureFixture[str]) -> None:
    tally = Recognition()
    tally.add("a.pdf", "ACME GMBH", "ACME GMBH", taught=True)  # right
    tally.add("b.pdf", None, "ACME GMBH", taught=True)  # missed
    tally.add("c.pdf", "ACME GMBH", "ACME GmbH.", taught=False)  # wrong, same letters
    tally.add("d.pdf", None, "OTHER AG", taught=False)  # rightly none
    assert (tally.matches, tally.right, tally.taught, tally.untaught_matched) == (2, 1, 2, 1)
    assert tally.precision() == "0.500" and tally.recall() == "0.500"
    tally.report("demo")
    out, err = capsys.readouterr()
    assert "wrong matches 1 (1 of them" in out
    assert "c.pdf: recognised as 'ACME GMBH', truth 'ACME GmbH.' (never taught)" in err
