"""Receipts: the shop is the first prominent line(s), its address follows, the total is checked
against cash paid minus change."""

from decimal import Decimal

from paperwise.domain.document_types import RECEIPT
from paperwise.domain.result import ExtractionResult
from paperwise.extraction.candidates import amounts_in
from paperwise.extraction.header import HeaderExtractor
from paperwise.reading.model import Page, PageSource, ReadDocument, Word

from .conftest import index_of, segments_of

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


def _total(lines, make_doc) -> str | None:
    return _extract([(100, 100, "CORNER SHOP SDN BHD"), *lines], make_doc).best_value(
        "total_amount"
    )


def test_total_with_the_tax_named_then_included_is_the_total(make_doc) -> None:
    lines = [
        (100, 300, "SUBTOTAL"),
        (500, 300, "13.78"),
        (100, 330, "TOTAL (GST INCL)"),
        (500, 330, "13.78"),
        (100, 360, "CASH"),
        (500, 360, "20.00"),
        (100, 390, "ROUNDING ADJUSTMENTS"),
        (500, 390, "0.02"),
        (100, 420, "CHANGE DUE"),
        (500, 420, "6.20"),
    ]
    assert _total(lines, make_doc) == "13.7800"


def test_without_a_total_label_the_cash_handed_over_is_no_total_guess(make_doc) -> None:
    # the total's label misread: the largest amount is the guess, but not the cash or change
    lines = [
        (100, 300, "100 PLUS 500ML"),
        (500, 300, "2.28"),
        (100, 330, "IUIAL (GSI INCL)"),
        (500, 330, "2.28"),
        (100, 360, "CASH"),
        (500, 360, "50.00"),
        (100, 390, "CHANGE"),
        (500, 390, "47.70"),
    ]
    assert _total(lines, make_doc) == "2.2800"


def test_without_a_total_label_the_amount_paid_picks_among_the_largest(make_doc) -> None:
    # the three largest values, not the three largest prints of one value
    lines = [
        (100, 240, "PRINGLES"),
        (500, 240, "4.80"),
        (100, 270, "SUBIUIAL"),
        (500, 270, "4.80"),
        (100, 300, "DISCUUNIABLE"),
        (500, 300, "4.80"),
        (100, 330, "SUBIUIAL"),
        (500, 330, "4.51"),
        (100, 360, "IUIAL (bSI IMLL)"),
        (500, 360, "4.50"),
        (100, 390, "CASH"),
        (500, 390, "4.50"),
    ]
    assert _total(lines, make_doc) == "4.5000"


def test_total_after_the_rounding_adjustment_is_the_final_one(make_doc) -> None:
    # the items sum to the total before rounding; the rounded total printed after it wins
    lines = [
        (100, 300, "CREAM"),
        (500, 300, "55.90"),
        (100, 330, "LOTION"),
        (500, 330, "44.72"),
        (100, 360, "Total Sales Incl. GST"),
        (500, 360, "100.62"),
        (100, 390, "Rounding Adjustment"),
        (500, 390, "-0.02"),
        (100, 420, "Total After Rounding"),
        (500, 420, "100.60"),
    ]
    doc = make_doc([(100, 100, "CORNER SHOP SDN BHD"), *lines], width=700, height=900, ocr=True)
    header = HeaderExtractor(index_of(doc), Decimal("100.62")).results(RECEIPT.fields)
    assert ExtractionResult(header).best_value("total_amount") == "100.6000"


def test_the_rounded_total_wins_over_net_plus_tax_that_add_up_before_rounding(make_doc) -> None:
    # net + tax = the total before rounding; the total after the printed adjustment is the one
    # paid, and net + tax still confirm it (a few cents apart, explained by the adjustment)
    lines = [
        (100, 300, "Total (Excluding GST):"),
        (500, 300, "62.00"),
        (100, 330, "GST Payable:"),
        (500, 330, "3.72"),
        (100, 360, "Total (Inclusive of GST):"),
        (500, 360, "65.72"),
        (100, 390, "Rounding Adj"),
        (500, 390, "-0.02"),
        (100, 420, "TOTAL:"),
        (500, 420, "65.70"),
    ]
    assert _total(lines, make_doc) == "65.7000"


def test_rounded_total_under_an_ignored_label_with_cents_without_zero(make_doc) -> None:
    lines = [
        (100, 300, "Total Sales (Inclusive GST) RM 22.91"),
        (100, 330, "Rounding Adjustment RM -.01"),
        (100, 360, "Rounding RM 22.90"),
    ]
    assert _total(lines, make_doc) == "22.9000"


def test_rounding_without_the_sum_printed_again_keeps_the_total(make_doc) -> None:
    lines = [
        (100, 300, "TOTAL"),
        (500, 300, "22.91"),
        (100, 330, "Rounding"),
        (500, 330, "0.01"),
        (100, 360, "Service"),
        (500, 360, "22.95"),
    ]
    assert _total(lines, make_doc) == "22.9100"


def test_cash_read_without_its_label_is_found_above_the_change(make_doc) -> None:
    # 'Due' is not a total's label and 'Pay' is misread: the change and the amount over it give
    # the amount paid, and the total it confirms
    lines = [
        (100, 300, "SCONE"),
        (500, 300, "7.50"),
        (100, 330, "Due"),
        (500, 330, "7.50"),
        (100, 360, "Fay"),
        (500, 360, "20.00"),
        (100, 390, "Change"),
        (500, 390, "12.50"),
    ]
    assert _total(lines, make_doc) == "7.5000"


def test_opening_hours_are_no_sender_line_and_no_postcode(make_doc) -> None:
    # 'SUN - THU:1000 HRS - 2200 HRS' split at its dashes looked like 'name - street - postcode'
    lines = [
        (100, 100, "ACME CO. (M) BHD. (126926-H)"),
        (100, 125, "3 FLOOR, ACME MALL"),
        (100, 150, "CHERAS, 55100 KUALA LUMPUR"),
        (100, 175, "GST ID : 002017394688"),
        (100, 200, "SHOPPING HOURS"),
        (100, 225, "SUN - THU:1000 HRS - 2200 HRS"),
    ]
    result = _extract(lines, make_doc)
    assert result.best_value("supplier_name") == "ACME CO. (M) BHD."
    assert result.best_value("supplier_address") == "3 FLOOR, ACME MALL CHERAS, 55100 KUALA LUMPUR"


def test_former_name_between_the_company_and_its_address_is_not_address(make_doc) -> None:
    lines = [
        (100, 100, "Corner Restaurants Sdn Bhd"),
        (100, 125, "(65351-M)"),
        (100, 150, "formerly known as"),
        (100, 175, "Old Corner Restaurants Sdn Bnd"),  # its legal form misread
        (100, 200, "Licensee of Burger Co"),
        (100, 225, "Level 6, Bangunan TH, Uptown3"),
        (100, 250, "No.3, Jalan SS21/39, 47400 Petaling Jaya"),
        (100, 275, "Selangor"),
        (100, 300, "(GST ID No: 000504664064)"),
    ]
    result = _extract(lines, make_doc)
    address = "Level 6, Bangunan TH, Uptown3 No.3, Jalan SS21/39, 47400 Petaling Jaya Selangor"
    assert result.best_value("supplier_address") == address


def test_phone_with_spaced_dash_and_its_key_end_the_address(make_doc) -> None:
    lines = [
        (100, 100, "CORNER CAKES S/B 273500-U (KJ1)"),
        (100, 125, "NO. 20-A1, JALAN SS6/3, KELANA JAYA,"),
        (100, 150, "47301 PETALING JAYA"),
        (100, 175, "SELANGOR D.E."),
        (100, 200, "TEI X :- 03 - 78800732 TEL:0122144371"),  # 'TEL' misread before the first
    ]
    address = "NO. 20-A1, JALAN SS6/3, KELANA JAYA, 47301 PETALING JAYA SELANGOR D.E."
    assert _extract(lines, make_doc).best_value("supplier_address") == address


def test_name_without_legal_form_over_its_registration_number(make_doc) -> None:
    # a logo read as letters heads the receipt; the company is the line over its number
    lines = [
        (100, 60, ".Juqmu.sisi"),
        (100, 100, "SYARIKAT PERNIAGAAN CORNER"),
        (200, 125, "(81109-A)"),
        (150, 150, "NO 290, JALAN AIR PANAS,"),
        (150, 175, "53200, KUALA LUMPUR."),
        (150, 200, "TEL:03-40210276"),
    ]
    result = _extract(lines, make_doc)
    assert result.best_value("supplier_name") == "SYARIKAT PERNIAGAAN CORNER"
    assert result.best_value("supplier_address") == "NO 290, JALAN AIR PANAS, 53200, KUALA LUMPUR."


def test_letter_spaced_number_with_a_misread_key_ends_the_address(make_doc) -> None:
    lines = [
        (100, 100, "CORNER COSMETICS SDN BHD"),
        (100, 125, "UNIT L1-044B, VIVACITY MEGAMALL,"),
        (100, 150, "93350 KUCHING, SARAWAK."),
        (100, 175, "G S I I D : 0 0 0 3 4 9 3 5 6 0 3 2"),  # 'GST ID' misread
        (100, 200, "Tay Invoice"),
    ]
    address = "UNIT L1-044B, VIVACITY MEGAMALL, 93350 KUCHING, SARAWAK."
    assert _extract(lines, make_doc).best_value("supplier_address") == address


def test_amount_paid_that_net_and_tax_sum_to_is_the_total(make_doc) -> None:
    # 'TOTAL CASH' names the payment; the amount paid is the subtotal plus tax, rounded
    lines = [
        (100, 300, "SUB-TOTAL (EX)"),
        (500, 300, "26.00"),
        (100, 330, "TOTAL TAX"),
        (500, 330, "1.56"),
        (100, 360, "ROUNDING"),
        (500, 360, "-0.01"),
        (100, 390, "TOTAL CASH"),
        (500, 390, "27.55"),
        (100, 420, "CHANGE"),
        (500, 420, "0.00"),
        (100, 480, "GST SUMMARY"),
        (100, 510, "TOTAL : 26.00"),
        (500, 510, "1.56"),
    ]
    assert _total(lines, make_doc) == "27.5500"


def test_amount_glued_to_a_misread_currency_code(make_doc) -> None:
    def values(text: str) -> list[str]:
        line = segments_of(make_doc([(100, 100, text)]))[0]
        return [str(a.value) for a in amounts_in(line)]

    assert values("Parking Fee FM2.83") == ["2.83"]  # 'RM' misread
    assert values("Total M3.00") == ["3.00"]
    assert values("RM9.00") == ["9.00"]
    assert values("ABC3.00 SS04018600 A1.5") == []  # a code, a number without cents


def test_total_glued_to_a_misread_currency_code(make_doc) -> None:
    lines = [
        (100, 300, "Parking Fee"),
        (400, 300, "FM2.83"),
        (100, 330, "Total"),
        (400, 330, "FM3.00"),
    ]
    assert _total(lines, make_doc) == "3.0000"
