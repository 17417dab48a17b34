"""Receipts: the shop is the first prominent line(s), its address follows, the total is checked
against cash paid minus change."""

from paperwise.domain.document_types import RECEIPT
from paperwise.domain.result import ExtractionResult
from paperwise.extraction.header import HeaderExtractor
from paperwise.reading.model import Page, PageSource, ReadDocument, Word

from .conftest import index_of

RECEIPT_LINES = [
    (200, 100, "POPULAR BOOK"),
    (200, 122, "CO. (M) SDN BHD"),
    (200, 150, "(Co. No. 113825-W)"),
    (200, 175, "NO 8, JALAN 7/118B, DESA TUN RAZAK"),
    (200, 200, "56000 KUALA LUMPUR, MALAYSIA"),
    (200, 225, "Tel: 03-9201 6281"),
    (100, 260, "01/03/18 19:14 Slip No.: 0010104733"),
    (100, 300, "PEN"),
    (500, 300, "9.65"),
    (100, 340, "TOTAL"),
    (500, 340, "9.65"),
    (100, 365, "CASH"),
    (500, 365, "20.00"),
    (100, 390, "CHANGE"),
    (500, 390, "10.35"),
]


def _extract(placed, make_doc) -> ExtractionResult:
    doc = make_doc(placed, width=700, height=900, ocr=True)
    return ExtractionResult(HeaderExtractor(index_of(doc)).results(RECEIPT.fields))


def test_shop_name_on_two_lines_and_its_address(make_doc) -> None:
    result = _extract(RECEIPT_LINES, make_doc)
    assert result.best_value("supplier_name") == "POPULAR BOOK CO. (M) SDN BHD"
    assert (
        result.best_value("supplier_address")
        == "NO 8, JALAN 7/118B, DESA TUN RAZAK 56000 KUALA LUMPUR, MALAYSIA"
    )


def test_total_confirmed_by_cash_and_change(make_doc) -> None:
    result = _extract(RECEIPT_LINES, make_doc)
    total = result.field("total_amount")
    assert total is not None and total.best is not None
    assert total.best.value == "9.6500"
    assert total.best.confidence >= 0.85


def test_two_digit_year_date(make_doc) -> None:
    result = _extract(RECEIPT_LINES, make_doc)
    assert result.best_value("issue_date") == "2018-03-01"


def test_registration_number_is_not_part_of_the_name(make_doc) -> None:
    placed = [(200, 100, "TRI SHAAS SDN BHD (728515-M)"), (200, 130, "4-20, JALAN RIA 25/62")]
    assert _extract(placed, make_doc).best_value("supplier_name") == "TRI SHAAS SDN BHD"


def test_empty_page_gives_empty_fields(make_doc) -> None:
    result = _extract([], make_doc)
    assert [f.name for f in result.fields] == [f.name for f in RECEIPT.fields]
    assert all(f.values == [] for f in result.fields)


def test_name_in_parentheses_across_lines_and_ocr_repairs(make_doc) -> None:
    lines = [
        (100, 100, "AIK HUAT_HARDWARE"),
        (100, 122, "ENTERPRISE (SETIA"),
        (100, 144, "ALAM) SDN BH D"),
        (100, 170, "822737-X"),
        (100, 195, "NO. 17-G, JALAN SETIA INDAH."),
        (100, 220, "40170 SHAH ALAM"),
        (100, 245, "TEL: 012-6651783"),
    ]
    result = _extract(lines, make_doc)
    name = "AIK HUAT HARDWARE ENTERPRISE (SETIA ALAM) SDN BHD"
    assert result.best_value("supplier_name") == name
    # the full stop read between two parts of the address is a comma
    assert result.best_value("supplier_address") == "NO. 17-G, JALAN SETIA INDAH, 40170 SHAH ALAM"


def test_address_above_the_owner_line_is_the_shops(make_doc) -> None:
    lines = [
        (100, 100, "CORNER STATIONERY SHOP"),
        (100, 125, "NO. 31G, JALAN SETIA INDAH"),
        (100, 150, "40170 SETIA ALAM"),
        (100, 175, "Mobile : +6012-918 7937"),
        (100, 200, "Owned By :"),
        (100, 225, "CORNER SUPPLY SDN BHD (1135772-K)"),
        (100, 250, "CASH SALES COUNTER"),
    ]
    result = _extract(lines, make_doc)
    assert result.best_value("supplier_address") == "NO. 31G, JALAN SETIA INDAH 40170 SETIA ALAM"
    # the shop heading the receipt is the issuer, not the company printed as its owner
    assert result.best_value("supplier_name") == "CORNER STATIONERY SHOP"


def test_owner_key_on_the_name_line(make_doc) -> None:
    lines = [
        (100, 100, "CORNER STATIONERY SHOP"),
        (100, 125, "NO. 31G, JALAN SETIA INDAH"),
        (100, 150, "40170 SETIA ALAM"),
        (100, 175, "Owned by : CORNER SUPPLY SDN BHD"),
    ]
    assert _extract(lines, make_doc).best_value("supplier_name") == "CORNER STATIONERY SHOP"


def test_legal_name_under_a_brand_is_the_issuer(make_doc) -> None:
    lines = [
        (100, 100, "SUSHI PLACE"),
        (100, 125, "EDEN IMPRESSION SDN BHD"),
        (100, 150, "(894996-D)"),
        (100, 175, "LOT 20, JALAN DUTAMAS, 50480 KL"),
    ]
    assert _extract(lines, make_doc).best_value("supplier_name") == "EDEN IMPRESSION SDN BHD"


def test_operator_line_and_store_code_are_not_address(make_doc) -> None:
    lines = [
        (100, 100, "GERBANG RESTAURANTS SDN BHD"),
        (100, 125, "Licensee of Burger Place"),
        (100, 150, "Level 6, Bangunan TH"),
        (100, 175, "47400 Petaling Jaya"),
        (100, 200, "Site : 2365"),
    ]
    result = _extract(lines, make_doc)
    assert result.best_value("supplier_address") == "Level 6, Bangunan TH 47400 Petaling Jaya"


def _digital(placed, make_doc) -> ExtractionResult:
    doc = make_doc(placed, width=700, height=900)
    return ExtractionResult(HeaderExtractor(index_of(doc)).results(RECEIPT.fields))


def test_shop_name_set_apart_by_case_is_not_joined_to_the_legal_name(make_doc) -> None:
    shop = [
        (120, 50, "Thornton Food Market"),
        (130, 75, "CATERING LANG LIMITED"),
        (160, 100, "10 Mill Lane"),
        (160, 125, "Leeds LS1 5AB"),
    ]
    assert _digital(shop, make_doc).best_value("supplier_name") == "CATERING LANG LIMITED"
    one_name = [
        (150, 150, "MVM Musterhafter"),
        (150, 175, "Versicherungsverein Musterstadt a.G."),
        (150, 220, "Musterstr. 11"),
    ]
    assert (
        _digital(one_name, make_doc).best_value("supplier_name")
        == "MVM Musterhafter Versicherungsverein Musterstadt a.G."
    )


def test_receipt_address_stops_at_the_first_item(make_doc) -> None:
    priced = [
        (150, 50, "VERSMARKT MULDER B.V."),
        (160, 75, "Marktstraat 12"),
        (160, 100, "3511 AB Utrecht"),
        (40, 130, "Jonge kaas"),
        (400, 130, "4.50"),
    ]
    assert (
        _digital(priced, make_doc).best_value("supplier_address")
        == "Marktstraat 12 3511 AB Utrecht"
    )
    weighed = [*priced[:3], (150, 130, "Jonge kaas 500g")]
    assert (
        _digital(weighed, make_doc).best_value("supplier_address")
        == "Marktstraat 12 3511 AB Utrecht"
    )


def test_shop_name_set_larger_is_not_joined_to_the_legal_name() -> None:
    def line(y: float, height: float, text: str, number: int) -> list[Word]:
        words, x = [], 120.0
        for token in text.split():
            words.append(Word(token, x, y, x + 0.6 * height * len(token), y + height, line=number))
            x += 0.6 * height * (len(token) + 1)
        return words

    words = [
        *line(47, 20.0, "Corner Shop Quinlan", 0),
        *line(75, 15.9, "Byrne Consulting DAC", 1),
        *line(96, 15.8, "67 Dame Street", 2),
    ]
    page = Page(index=0, width=700, height=900, words=words, source=PageSource.TEXT_LAYER)
    doc = ReadDocument(pages=[page], media_type="application/pdf")
    result = ExtractionResult(HeaderExtractor(index_of(doc)).results(RECEIPT.fields))
    assert result.best_value("supplier_name") == "Byrne Consulting DAC"


def test_a_legal_form_that_starts_an_item_line_is_no_company(make_doc) -> None:
    receipt = [
        (150, 50, "VERSMARKT BOER"),
        (160, 75, "Stationsweg 65"),
        (160, 100, "2595 AA Den Haag"),
        (40, 140, "Spa rood 27,24 A"),
        (40, 170, "Eieren 10 st 1,84 A"),
    ]
    assert _extract(receipt, make_doc).best_value("supplier_name") == "VERSMARKT BOER"
