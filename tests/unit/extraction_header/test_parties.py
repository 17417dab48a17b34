"""Supplier, supplier address and buyer from party blocks read by column: a meta box or the
addressee beside the letterhead is not part of it, the issuer may sit on the addressee's row, its
address may be printed beside its name or only in the footer."""

from collections.abc import Sequence

from paperwise.extraction.identifiers import TextCandidate
from paperwise.extraction.parties import Parties, find_parties, repaired
from paperwise.extraction.party_text import LEGAL_FORM, POSTCODE_TOWN

from .conftest import MakeDoc, Placed, index_of


def _parties(placed: Sequence[Placed], make_doc: MakeDoc) -> Parties:
    return find_parties(index_of(make_doc(placed)))


def _best(cands: list[TextCandidate]) -> str | None:
    return cands[0].value if cands else None


def test_address_is_read_in_the_names_column_not_the_meta_box_beside_it(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Moreau Conseil SAS"),
        (700, 100, "Facture N°: 2025-5127"),
        (100, 130, "51 avenue de la République"),
        (700, 130, "Code client: 55153"),
        (100, 160, "69002 Lyon"),
        (700, 160, "Date de facturation: 23/07/2025"),
        (100, 400, "Client:"),
        (100, 425, "Girard & Fontaine EURL"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Moreau Conseil SAS"
    assert _best(parties.supplier_address) == "51 avenue de la République 69002 Lyon"
    assert _best(parties.buyer) == "Girard & Fontaine EURL"


def test_issuer_on_the_row_of_the_buyers_block_is_kept(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Meier Bürobedarf GmbH"),
        (700, 100, "Rechnungsadresse:"),
        (700, 125, "Widmer Gebäudereinigung AG"),
        (100, 140, "Industriestrasse 77"),
        (700, 150, "Bahnhofstrasse 13"),
        (100, 165, "3011 Bern"),
        (700, 175, "3011 Bern"),
        (100, 300, "Gutschrift"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Meier Bürobedarf GmbH"
    assert _best(parties.supplier_address) == "Industriestrasse 77 3011 Bern"
    assert _best(parties.buyer) == "Widmer Gebäudereinigung AG"


def test_street_and_town_line_is_no_envelope_sender_line(make_doc: MakeDoc) -> None:
    placed = [
        (430, 100, "Huber & Wimmer e.U."),
        (480, 135, "Wiener Straße 3 | 5020 Salzburg"),
        (100, 235, "Anna Steiner"),
        (100, 260, "Wiener Straße 72"),
        (100, 285, "1070 Wien"),
        (100, 400, "Rechnung"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Huber & Wimmer e.U."
    assert _best(parties.supplier_address) == "Wiener Straße 3 5020 Salzburg"
    assert _best(parties.buyer) == "Anna Steiner"


def test_payment_slip_roles_give_payee_and_payer(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Rechnung"),
        (30, 1200, "Konto / Zahlbar an"),
        (30, 1222, "CH13 4588 2121 8136 4098 0"),
        (30, 1244, "Meier & Widmer SA"),
        (30, 1266, "Industriestrasse 95"),
        (30, 1288, "4051 Basel"),
        (30, 1320, "Referenz"),
        (30, 1370, "Zahlbar durch"),
        (30, 1392, "Frei Spedition AG"),
        (30, 1414, "Rue du Lac 71"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Meier & Widmer SA"
    assert _best(parties.supplier_address) == "Industriestrasse 95 4051 Basel"
    assert _best(parties.buyer) == "Frei Spedition AG"


def test_meta_label_on_the_buyer_headings_row_is_not_the_name(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Joris Visser"),
        (100, 280, "Factuuradres:"),
        (790, 280, "Factuur nr."),
        (100, 305, "de Graaf & de Boer N.V."),
        (790, 305, "2023-0042"),
        (100, 330, "Stationsweg 8"),
    ]
    assert _best(_parties(placed, make_doc).buyer) == "de Graaf & de Boer N.V."


def test_addressee_opposite_the_letterhead_is_the_buyer_not_the_issuer(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Baumann & Frei AG"),
        (700, 100, "Meier Steuerberatung SA"),
        (100, 130, "Rue du Lac 84"),
        (700, 130, "Industriestrasse 12"),
        (100, 160, "8001 Zürich"),
        (700, 160, "3011 Bern"),
        (100, 290, "Rechnung"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Baumann & Frei AG"
    assert [c.value for c in parties.supplier] == ["Baumann & Frei AG"]
    assert _best(parties.supplier_address) == "Rue du Lac 84 8001 Zürich"
    assert _best(parties.buyer) == "Meier Steuerberatung SA"


def test_address_only_in_the_footer_under_the_name_printed_again(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Transportes Castillo S.L."),
        (700, 100, "Número de factura"),
        (700, 125, "No cliente"),
        (100, 280, "Reformas Ortega S.A."),
        (100, 305, "Avda. de la Constitución 95"),
        (100, 330, "08010 Barcelona"),
        (100, 1630, "Transportes Castillo S.L."),
        (100, 1650, "Avda. de la Constitución 17"),
        (100, 1670, "28013 Madrid"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier_address) == "Avda. de la Constitución 17 28013 Madrid"
    assert _best(parties.buyer) == "Reformas Ortega S.A."


def test_address_printed_beside_the_name(make_doc: MakeDoc) -> None:
    placed = [
        (100, 95, "Antoine Frei"),
        (960, 100, "Bahnhofstrasse 16"),
        (990, 125, "1003 Lausanne"),
        (100, 145, "Graphiste indépendant"),
        (930, 150, "antoine@example.org"),
        (100, 280, "Destinataire:"),
        (100, 305, "Baumann Imprimerie SA"),
        (100, 330, "Bahnhofstrasse 65"),
        (100, 355, "4051 Basel"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier_address) == "Bahnhofstrasse 16 1003 Lausanne"
    assert _best(parties.buyer) == "Baumann Imprimerie SA"


def test_shop_name_over_its_legal_name_is_not_taken_for_the_buyer(make_doc: MakeDoc) -> None:
    placed = [
        (145, 47, "The Ramirez Café"),
        (136, 75, "BECKER & BECKER CORP."),
        (156, 96, "600 Market Street"),
        (151, 116, "Portland, OR 97205"),
        (33, 177, "Table 24"),
    ]
    parties = find_parties(index_of(make_doc(placed, width=473, height=657)))
    assert _best(parties.supplier) == "BECKER & BECKER CORP."
    assert parties.buyer == []


def test_legal_forms_and_postcodes_of_the_covered_countries() -> None:
    for name, form in [
        ("Huber Software UG (haftungsbeschränkt)", "UG (haftungsbeschränkt)"),
        ("Ferrari & Galli S.r.l.s.", "S.r.l.s."),
        ("Électricité Frei Sàrl", "Sàrl"),
        ("Kavanagh & Brennan DAC", "DAC"),
        ("Hofer & Gruber OG", "OG"),
        ("Meier & Widmer SA", "SA"),
    ]:
        found = LEGAL_FORM.search(name)
        assert found is not None and found.group() == form
    assert POSTCODE_TOWN.search("Galway H91 E2K3")
    for not_a_name in ["Samsung Galaxy", "Öffnungszeiten Mo-Sa", "Hauptstraße 5, 2. OG"]:
        assert not LEGAL_FORM.search(not_a_name)


def test_text_far_right_of_the_buyer_heading_is_another_column(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Transports Gerber GmbH"),
        (100, 230, "Client:"),
        (750, 230, "Date de livraison"),
        (1040, 230, "03/06/2021"),
        (100, 255, "Imprimerie Gerber AG"),
        (100, 280, "Rue du Lac 7"),
    ]
    assert _best(_parties(placed, make_doc).buyer) == "Imprimerie Gerber AG"


def test_name_beside_the_buyer_heading_is_read(make_doc: MakeDoc) -> None:
    placed = [(100, 100, "Transports Gerber GmbH"), (100, 230, "Bill to: Acme Trading Ltd")]
    assert _best(_parties(placed, make_doc).buyer) == "Acme Trading Ltd"


def test_ocr_repairs_apply_to_the_buyer_name_too() -> None:
    def cands(value: str) -> list[TextCandidate]:
        return [TextCandidate(value, None, 0, 0, 0.8)]

    parties = Parties(
        cands("Novak d.o.0."), cands("Slovenska cesta 1"), cands("Kovač d.o.0."), frozenset()
    )
    fixed = repaired(parties, drop_accents=False)
    assert [c.value for c in fixed.buyer] == ["Kovač d.o.o."]
    assert [c.value for c in fixed.supplier] == ["Novak d.o.o."]


def test_logo_placeholder_before_the_name_is_not_part_of_it(make_doc: MakeDoc) -> None:
    placed = [
        (100, 90, "LOGO LE FOURNISSEUR"),
        (700, 90, "FACTURE N° : F20220023"),
        (100, 150, "LE FOURNISSEUR"),
        (100, 175, "35 rue d'ici"),
        (100, 200, "75018 PARIS"),
        (700, 150, "CLIENT :"),
        (700, 175, "LE CLIENT"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "LE FOURNISSEUR"
    assert _best(parties.buyer) == "LE CLIENT"


def test_title_and_logo_placeholder_above_the_company_are_not_its_name(make_doc: MakeDoc) -> None:
    placed = [
        (500, 60, "PAYMENT RECEIPT"),
        (100, 120, "[Company Logo]"),
        (100, 200, "Bluewater Marine Services"),
        (100, 225, "12 Harbor View Blvd"),
        (100, 250, "Tampa, FL 33602"),
        (700, 200, "Received From:"),
        (700, 225, "Riverside Community College"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Bluewater Marine Services"
    assert _best(parties.buyer) == "Riverside Community College"


def test_attention_line_names_a_person_not_the_party(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "ATTN: Maria Lopez"),
        (100, 125, "Acme Logistics Corp."),
        (100, 150, "500 Freight Lane"),
        (100, 175, "Memphis, TN 38118"),
        (700, 100, "INVOICE"),
        (700, 125, "Invoice No.: 4711"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.buyer) == "Acme Logistics Corp."
    assert all(not c.value.startswith("ATTN") for c in parties.supplier)


def test_attention_line_under_the_company_leaves_the_company_the_buyer(make_doc: MakeDoc) -> None:
    placed = [
        (100, 60, "Harbor & Pine LLC"),
        (100, 85, "88 Wharf Street"),
        (100, 200, "Bill To:"),
        (100, 225, "Keystone Builders Inc."),
        (100, 250, "Attention Sarah Klein"),
        (100, 275, "915 Penn Avenue"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Harbor & Pine LLC"
    assert _best(parties.buyer) == "Keystone Builders Inc."


def test_sold_by_is_the_supplier_and_a_vat_number_line_no_name(make_doc: MakeDoc) -> None:
    placed = [
        (300, 50, "Tax Invoice"),
        (100, 100, "VAT Number: GB 284 5519 62"),
        (100, 130, "Sold By : Amazing Gadgets Ltd"),
        (100, 155, "Unit 4, Riverside Park"),
        (800, 130, "Billed To:"),
        (800, 155, "Jane Whitaker"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Amazing Gadgets Ltd"
    assert all("VAT" not in c.value for c in parties.supplier)
    assert _best(parties.buyer) == "Jane Whitaker"


def test_client_address_heading_names_the_buyer(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Menuiserie Dupont SARL"),
        (100, 125, "12 rue des Lilas"),
        (700, 100, "Adresse du Client"),
        (700, 125, "Hôtel du Parc SA"),
        (700, 150, "3 boulevard Carnot"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.buyer) == "Hôtel du Parc SA"


def test_issuer_named_only_in_the_footer_is_the_supplier(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "FACTURE"),
        (100, 180, "Facture n° F2025-612"),
        (700, 180, "Destinataire :"),
        (700, 205, "Cabinet Rousseau Avocats"),
        (700, 230, "17 rue Saint-Honoré"),
        (700, 255, "75001 Paris"),
        (
            190,
            1650,
            "Boulangerie Martin EURL – 48 avenue Jean Jaurès, 31000 Toulouse – SIRET 164 663 431",
        ),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Boulangerie Martin EURL"
    assert _best(parties.buyer) == "Cabinet Rousseau Avocats"


def test_footer_issuer_does_not_outrank_the_name_printed_on_top(make_doc: MakeDoc) -> None:
    placed = [
        (100, 90, "LE FOURNISSEUR"),
        (100, 115, "35 rue d'ici"),
        (100, 140, "75018 PARIS"),
        (700, 90, "CLIENT :"),
        (700, 115, "LE CLIENT"),
        (300, 1650, "FOURNISSEUR F SARL au capital de 50 000 EUR - RCS MAVILLE 123 456 782"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "LE FOURNISSEUR"


def test_a_block_set_flush_right_is_read_under_its_heading(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Sold By :"),
        (100, 125, "Tern & Gull Outdoor GmbH"),
        (100, 150, "Hafenstraße 12"),
        (960, 100, "Billing Address :"),
        (1030, 125, "Sofia Russo"),
        (990, 150, "7 Station Road"),
        (960, 175, "Bristol BS1 4DJ"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Tern & Gull Outdoor GmbH"
    assert _best(parties.buyer) == "Sofia Russo"


def test_no_letterhead_the_block_on_top_is_the_addressee_and_the_footer_the_issuer(
    make_doc: MakeDoc,
) -> None:
    placed = [
        (120, 300, "Stadtwerke Neuburg GmbH"),
        (760, 300, "Rechnungsnummer: RE-2025-118"),
        (120, 325, "Bahnhofstraße 21"),
        (760, 325, "Rechnungsdatum: 03.04.2025"),
        (120, 350, "86633 Neuburg"),
        (120, 500, "Rechnung RE-2025-118"),
        (120, 1600, "Kraus IT-Service e.K."),
        (500, 1600, "USt-IdNr.: DE 305 118 642"),
        (120, 1620, "Lindenallee 2a"),
        (120, 1640, "50667 Köln"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Kraus IT-Service e.K."
    assert _best(parties.buyer) == "Stadtwerke Neuburg GmbH"


def test_a_letterhead_named_again_in_the_footer_stays_the_supplier(make_doc: MakeDoc) -> None:
    placed = [
        (120, 300, "Kraus IT-Service e.K."),
        (120, 325, "Lindenallee 2a"),
        (120, 350, "50667 Köln"),
        (120, 1600, "Kraus IT-Service e.K."),
        (500, 1600, "USt-IdNr.: DE 305 118 642"),
        (120, 1620, "Lindenallee 2a"),
        (120, 1640, "50667 Köln"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Kraus IT-Service e.K."
    assert parties.buyer == []


def test_a_role_label_on_the_first_line_is_not_part_of_the_name(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "Sold By : Amazing Gadgets Ltd"),
        (100, 125, "VAT Number: GB 284 5519 62"),
        (800, 100, "Bill To: Jane Whitaker"),
    ]
    parties = _parties(placed, make_doc)
    assert [c.value for c in parties.supplier] == ["Amazing Gadgets Ltd"]
    assert _best(parties.buyer) == "Jane Whitaker"


def test_a_credit_note_or_quotation_title_is_no_supplier(make_doc: MakeDoc) -> None:
    for title in ("CREDIT NOTE", "Quotation", "Gutschrift"):
        placed = [
            (100, 60, title),
            (100, 120, "Brightline Supply"),
            (100, 145, "1450 Commerce Drive"),
        ]
        parties = _parties(placed, make_doc)
        assert _best(parties.supplier) == "Brightline Supply"


def test_a_labelled_detail_heading_a_sender_line_is_no_name(make_doc: MakeDoc) -> None:
    placed = [
        (100, 100, "VAT Number: GB 284 5519 62 | 22 Castle Street | Chester CH1 2DS"),
        (100, 200, "Hollow Oak Crafts"),
    ]
    parties = _parties(placed, make_doc)
    assert all("VAT" not in c.value for c in parties.supplier)


def test_an_attention_line_over_an_address_is_no_addressee(make_doc: MakeDoc) -> None:
    placed = [
        (100, 60, "Hollow Oak Crafts Ltd"),
        (100, 200, "Attn Sarah Klein"),
        (100, 225, "Maple Street Dental"),
        (100, 250, "29 Maple Street"),
        (100, 275, "Burlington, VT 05401"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.buyer) == "Maple Street Dental"


def test_a_role_label_run_into_the_name_without_a_colon(make_doc: MakeDoc) -> None:
    placed = [
        (100, 80, "Acme Supplies Inc."),
        (100, 275, "Bill To Globex Corporation"),
        (600, 275, "Ship To Globex Corporation"),
        (100, 300, "500 Oak Avenue"),
        (100, 325, "Chicago, IL 60601"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.supplier) == "Acme Supplies Inc."
    assert _best(parties.buyer) == "Globex Corporation"


def test_customer_name_heading_names_the_buyer(make_doc: MakeDoc) -> None:
    placed = [
        (100, 60, "Lieferant GmbH"),
        (100, 360, "Kundenname / Firma"),
        (100, 400, "Musterkunde GmbH & Co"),
        (100, 425, "Hauptstraße 1"),
    ]
    parties = _parties(placed, make_doc)
    assert _best(parties.buyer) == "Musterkunde GmbH & Co"


def test_a_placeholder_naming_whose_logo_it_is_is_no_name(make_doc: MakeDoc) -> None:
    for placeholder in ("LOGO Vendeur", "Your Company Logo", "Logo du fournisseur"):
        placed = [
            (100, 60, placeholder),
            (100, 120, "Atelier Lemoine"),
            (100, 145, "5 place Bellecour"),
        ]
        parties = _parties(placed, make_doc)
        assert _best(parties.supplier) == "Atelier Lemoine", placeholder
