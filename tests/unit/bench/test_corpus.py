"""The corpus run's sample and verdict, without a server."""

from __future__ import annotations

from bench.corpus import BROKEN, CorpusReport, Document, Outcome, broken_documents, sample


def corpus() -> list[Document]:
    sets = {"sroie": 9, "zugferd": 5, "einvoice": 3, "fresh-scanned": 2}
    documents = [
        Document(name, f"{name}/{i:03}.pdf", "invoice", content=b"%PDF")
        for name, count in sets.items()
        for i in range(count)
    ]
    return documents + broken_documents()


def test_the_sample_holds_the_broken_files_and_spreads_over_every_set() -> None:
    chosen = sample(corpus(), 8)
    assert [d.name for d in chosen] == [
        "sroie/000.pdf",
        "sroie/004.pdf",
        "zugferd/000.pdf",
        "zugferd/002.pdf",
        "einvoice/000.pdf",
        "fresh-scanned/000.pdf",
        "broken/corrupt.pdf",
        "broken/empty.pdf",
    ]
    assert sample(corpus(), 8) == chosen
    assert len(sample(corpus(), 100)) == len(corpus())


def finished(document: Document, status: str, error: dict[str, object]) -> Outcome:
    return Outcome(document, 1, 202, "e" * 40, status, dict(error))


def test_a_5xx_a_hung_job_or_a_broken_file_that_succeeded_fails_the_run() -> None:
    corrupt, empty = broken_documents()
    invalid: dict[str, object] = {
        "code": "INVALID_FILE",
        "message": "The file is empty.",
        "details": [],
    }
    good = [finished(corrupt, "ERROR", invalid), finished(empty, "ERROR", invalid)]
    assert CorpusReport(good, 2, 1.0, [], []).ok
    assert "HTTP 5xx seen: 0" in CorpusReport(good, 2, 1.0, [], []).render()
    assert not CorpusReport(good, 2, 1.0, ["GET get-extraction-data 500"], []).ok
    hung = [*good, finished(corrupt, "IN_PROGRESS", {})]
    assert not CorpusReport(hung, 2, 1.0, [], []).ok
    succeeded = [finished(corrupt, "SUCCESS", {}), good[1]]
    assert [o.document.set_name for o in CorpusReport(succeeded, 2, 1.0, [], []).broken_failed] == [
        BROKEN
    ]
    bare = [*good, finished(corrupt, "ERROR", {"code": "INVALID_FILE"})]
    assert not CorpusReport(bare, 2, 1.0, [], []).ok
