"""Invented suppliers and buyers of each country: names with legal forms, addresses, VAT ids,
IBANs and payment references with valid check digits, and what they sell."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

_SURNAMES = {
    "GB": "Hughes Patel Thornton Whitfield Carver Ashdown Pemberton Okafor Lang Marsh",
    "IE": "Byrne Kavanagh O'Connell Doyle Gallagher Murphy Quinlan Brennan",
    "US": "Anderson Ramirez Whitman Kowalski Hayes Becker Nguyen Sullivan",
    "DE": "Brandt Hoffmann Wagner Krüger Vogt Lehmann Scholz Bäumer Seidel Kessler",
    "AT": "Huber Gruber Pichler Moser Steiner Hofer Leitner Wimmer",
    "CH": "Meier Brunner Keller Baumann Frei Gerber Widmer Zürcher",
    "FR": "Moreau Lefèvre Girard Fontaine Chevalier Mercier Blanchard Rousseau",
    "IT": "Bianchi Ferrari Colombo Ricci Marino Greco Conti Galli",
    "ES": "García Fernández López Martín Navarro Romero Ortega Castillo",
    "NL": "de Vries Bakker Visser Smit Meijer de Boer Mulder Bos",
    "SI": "Novak Horvat Kovačič Krajnc Zupančič Potočnik Mlakar Kos",
}
_FIRST = {
    "en": "James Olivia Daniel Sarah Michael Emma Thomas Grace",
    "de": "Anna Jonas Lukas Miriam Stefan Katrin Felix Sabine",
    "fr": "Camille Julien Claire Mathieu Sophie Antoine",
    "it": "Giulia Marco Francesca Luca Chiara Matteo",
    "es": "Lucía Javier Marta Pablo Elena Sergio",
    "nl": "Sanne Daan Lotte Bram Femke Joris",
    "sl": "Maja Luka Nina Matej Špela Rok",
}
_TRADES = {
    "en": "Consulting|Electrical Services|Print & Design|Logistics|Office Supplies|Software"
    "|Building Services|Catering",
    "de": "Elektrotechnik|Haustechnik|Druckerei|Softwareentwicklung|Bürobedarf|Metallbau"
    "|Spedition|Steuerberatung|Malerbetrieb|Gebäudereinigung",
    "fr": "Électricité|Imprimerie|Conseil|Transports|Fournitures de bureau|Menuiserie",
    "it": "Impianti Elettrici|Tipografia|Consulenza|Trasporti|Forniture Ufficio|Edilizia",
    "es": "Instalaciones Eléctricas|Imprenta|Consultoría|Transportes|Suministros|Reformas",
    "nl": "Installatietechniek|Drukkerij|Advies|Transport|Kantoorartikelen|Bouw",
    "sl": "Elektroinštalacije|Tiskarna|Svetovanje|Transport|Pisarniški material|Gradnje",
}
_FORMS = {
    "GB": ("Ltd", "Limited", "LLP"),
    "IE": ("Ltd", "Limited", "DAC"),
    "US": ("Inc.", "LLC", "Corp."),
    "DE": ("GmbH", "GmbH & Co. KG", "AG", "e.K.", "UG (haftungsbeschränkt)", "KG"),
    "AT": ("GmbH", "OG", "KG", "e.U."),
    "CH": ("AG", "GmbH", "SA", "Sàrl"),
    "FR": ("SARL", "SAS", "EURL", "SA"),
    "IT": ("S.r.l.", "S.p.A.", "S.n.c.", "S.r.l.s."),
    "ES": ("S.L.", "S.A.", "S.L.U."),
    "NL": ("B.V.", "V.O.F.", "N.V."),
    "SI": ("d.o.o.", "d.d.", "s.p."),
}
_STREETS = {
    "GB": ("{n} High Street", "{n} Station Road", "Unit {n}, Riverside Park", "{n} Mill Lane"),
    "IE": ("{n} Dame Street", "{n} Main Street", "Unit {n}, Ballymount Business Park"),
    "US": ("{n}00 Market Street", "{n} Oak Avenue, Suite 2{n}0", "{n}5 Commerce Drive"),
    "DE": ("Lindenstraße {n}", "Industriestr. {n}", "Am Markt {n}", "Bahnhofstraße {n}a"),
    "AT": ("Hauptplatz {n}", "Wiener Straße {n}", "Gewerbepark {n}"),
    "CH": ("Bahnhofstrasse {n}", "Industriestrasse {n}", "Rue du Lac {n}"),
    "FR": ("{n} rue Victor Hugo", "{n} avenue de la République", "{n} bis rue des Lilas"),
    "IT": ("Via Roma {n}", "Via Giuseppe Garibaldi {n}", "Viale Europa {n}/B"),
    "ES": ("Calle Mayor {n}", "Avda. de la Constitución {n}", "C/ Alcalá {n}, 2º"),
    "NL": ("Keizersgracht {n}", "Stationsweg {n}", "Industrieweg {n}-B"),
    "SI": ("Slovenska cesta {n}", "Tržaška cesta {n}", "Dunajska cesta {n}"),
}
_CITIES = {
    "GB": ("Bristol BS1 4DJ", "Leeds LS1 5AB", "Manchester M1 2HF", "Norwich NR2 1QP"),
    "IE": ("Dublin 2, D02 X285", "Cork T12 K8AF", "Galway H91 E2K3"),
    "US": ("Austin, TX 78701", "Portland, OR 97205", "Columbus, OH 43215"),
    "DE": ("80331 München", "50667 Köln", "04109 Leipzig", "70173 Stuttgart", "28195 Bremen"),
    "AT": ("8010 Graz", "1070 Wien", "4020 Linz", "5020 Salzburg"),
    "CH": ("8001 Zürich", "3011 Bern", "1003 Lausanne", "4051 Basel"),
    "FR": ("69002 Lyon", "31000 Toulouse", "44000 Nantes", "75011 Paris"),
    "IT": ("20121 Milano (MI)", "40121 Bologna (BO)", "10123 Torino (TO)"),
    "ES": ("28013 Madrid", "08010 Barcelona", "46002 Valencia"),
    "NL": ("1015 CX Amsterdam", "3511 AB Utrecht", "2595 AA Den Haag"),
    "SI": ("1000 Ljubljana", "2000 Maribor", "4000 Kranj", "6000 Koper"),
}
_IBAN_SHAPE = {  # country -> BBAN pattern: 9 digit, A letter
    "GB": "AAAA99999999999999",
    "IE": "AAAA99999999999999",
    "DE": "999999999999999999",
    "AT": "9999999999999999",
    "CH": "99999999999999999",
    "FR": "99999999999999999999999",
    "IT": "A9999999999999999999999",
    "ES": "99999999999999999999",
    "NL": "AAAA9999999999",
    "SI": "999999999999999",
}


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    city: str
    country: str
    vat_id: str | None  # as printed
    iban: str | None  # as printed, in groups of four
    person: bool = False  # a freelancer or a private buyer


def surname(rng: random.Random, country: str) -> str:
    names = _SURNAMES[country].split(" ")
    joined = [n for n in names if n not in ("de",)]
    if country == "NL" and rng.random() < 0.4:
        return "de " + rng.choice(("Vries", "Boer", "Jong", "Graaf"))
    return rng.choice(joined)


def person_name(rng: random.Random, country: str, lang: str) -> str:
    return f"{rng.choice(_FIRST[lang].split())} {surname(rng, country)}"


def company_name(rng: random.Random, country: str, lang: str) -> str:
    trade = rng.choice(_TRADES[lang].split("|"))
    form = rng.choice(_FORMS[country])
    name = surname(rng, country)
    shapes = [
        f"{name} {trade} {form}",
        f"{trade} {name} {form}",
        f"{name} & {surname(rng, country)} {form}",
    ]
    if lang == "fr":
        shapes.append(f"{trade} {name} {form}")
    return rng.choice(shapes)


def address(rng: random.Random, country: str) -> tuple[str, str]:
    street = rng.choice(_STREETS[country]).format(n=rng.randint(1, 98))
    return street, rng.choice(_CITIES[country])


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def vat_id(rng: random.Random, country: str) -> str | None:
    """A VAT id as printed (some with spaces); None for the US."""
    d = _digits
    if country == "US":
        return None
    shapes = {
        "GB": f"GB {d(rng, 3)} {d(rng, 4)} {d(rng, 2)}",
        "IE": f"IE{d(rng, 7)}{rng.choice('ABCDEFGHW')}",
        "DE": f"DE{rng.randint(1, 9)}{d(rng, 8)}",
        "AT": f"ATU{d(rng, 8)}",
        "CH": f"CHE-{d(rng, 3)}.{d(rng, 3)}.{d(rng, 3)} MWST",
        "FR": f"FR{d(rng, 2)} {d(rng, 9)}",
        "IT": f"IT{d(rng, 11)}",
        "ES": f"ES{rng.choice('ABG')}{d(rng, 8)}",
        "NL": f"NL{d(rng, 9)}B0{rng.randint(1, 9)}",
        "SI": f"SI{rng.randint(1, 9)}{d(rng, 7)}",
    }
    return shapes[country]


def _mod97(text: str) -> int:
    digits = "".join(str(int(c, 36)) for c in text)
    return int(digits) % 97


def iban(rng: random.Random, country: str) -> str | None:
    shape = _IBAN_SHAPE.get(country)
    if shape is None:
        return None
    bban = "".join(
        rng.choice(string.ascii_uppercase) if c == "A" else rng.choice(string.digits) for c in shape
    )
    check = 98 - _mod97(bban + country + "00")
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def iban_is_valid(value: str) -> bool:
    raw = value.replace(" ", "")
    return _mod97(raw[4:] + raw[:4]) == 1


def creditor_reference(rng: random.Random) -> str:
    """An ISO 11649 RF reference, printed in groups of four."""
    body = _digits(rng, rng.randint(8, 14))
    check = 98 - _mod97(body + "RF00")
    raw = f"RF{check:02d}{body}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_reference(rng: random.Random) -> str:
    """A Swiss QR reference: 26 digits and a mod-10 recursive check digit, printed 2+5x5."""
    body = _digits(rng, 26)
    table = (0, 9, 4, 6, 8, 2, 7, 1, 3, 5)
    carry = 0
    for ch in body:
        carry = table[(carry + int(ch)) % 10]
    raw = body + str((10 - carry) % 10)
    return raw[:2] + " " + " ".join(raw[i : i + 5] for i in range(2, 27, 5))


def si_reference(rng: random.Random) -> str:
    return f"SI00 {rng.randint(10, 99)}-{_digits(rng, 4)}-{_digits(rng, 3)}"


def make_company(rng: random.Random, country: str, lang: str, *, bank: bool = True) -> Party:
    street, city = address(rng, country)
    return Party(
        company_name(rng, country, lang),
        street,
        city,
        country,
        vat_id(rng, country),
        iban(rng, country) if bank else None,
    )


def make_person(rng: random.Random, country: str, lang: str, *, bank: bool = True) -> Party:
    street, city = address(rng, country)
    return Party(
        person_name(rng, country, lang),
        street,
        city,
        country,
        vat_id(rng, country),
        iban(rng, country) if bank else None,
        person=True,
    )
