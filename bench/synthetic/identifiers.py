"""Invented but well-formed identifiers: IBANs with valid check digits, VAT ids, ISO 11649
creditor references, invoice and order numbers."""

from __future__ import annotations

import random
import string

# BBAN layout per country: (kind, length) with kind "n" digits, "a" capital letters.
_BBAN: dict[str, tuple[tuple[str, int], ...]] = {
    "DE": (("n", 18),),
    "AT": (("n", 16),),
    "CH": (("n", 17),),
    "FR": (("n", 23),),
    "IT": (("a", 1), ("n", 22)),
    "ES": (("n", 20),),
    "NL": (("a", 4), ("n", 10)),
    "SI": (("n", 15),),
    "GB": (("a", 4), ("n", 14)),
    "IE": (("a", 4), ("n", 14)),
}


def _chars(rng: random.Random, kind: str, length: int) -> str:
    pool = string.digits if kind == "n" else string.ascii_uppercase
    return "".join(rng.choice(pool) for _ in range(length))


def _mod97(text: str) -> int:
    digits = "".join(str(int(c, 36)) for c in text)
    return int(digits) % 97


def iban(rng: random.Random, country: str) -> str:
    """A random IBAN of ``country`` in its compact electronic form, with correct check digits."""
    bban = "".join(_chars(rng, kind, length) for kind, length in _BBAN[country])
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def iban_is_valid(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    return len(compact) > 4 and _mod97(compact[4:] + compact[:4]) == 1


def group4(value: str) -> str:
    """The paper form of an IBAN or reference: groups of four characters."""
    return " ".join(value[i : i + 4] for i in range(0, len(value), 4))


def rf_reference(rng: random.Random) -> str:
    """An ISO 11649 creditor reference (RF + check digits + up to 21 characters), compact."""
    body = _chars(rng, "n", rng.randint(8, 14))
    check = 98 - _mod97(body + "RF00")
    return f"RF{check:02d}{body}"


# VAT id forms per country: "#" a digit, "@" a capital letter.
_VAT_FORMS = {
    "GB": "GB#########",
    "IE": "IE#######@",
    "DE": "DE#########",
    "AT": "ATU########",
    "CH": "CHE-###.###.###",
    "FR": "FR###########",
    "IT": "IT###########",
    "ES": "ES@########",
    "NL": "NL#########B01",
    "SI": "SI########",
}


def fill(rng: random.Random, template: str) -> str:
    """The template with each "#" replaced by a random digit and each "@" by a capital letter."""
    pools = {"#": string.digits, "@": string.ascii_uppercase}
    return "".join(rng.choice(pools[c]) if c in pools else c for c in template)


def vat_id(rng: random.Random, country: str) -> str:
    """A VAT id in the country's printed form."""
    return fill(rng, _VAT_FORMS[country])


def bic(rng: random.Random, country: str) -> str:
    return _chars(rng, "a", 4) + country + _chars(rng, "a", 2)


def invoice_number(rng: random.Random, year: int) -> str:
    seq = rng.randint(1, 99999)
    forms = (
        f"INV-{seq:05d}",
        f"RE-{year}-{seq % 10000:04d}",
        f"F{year}/{seq % 1000:04d}",
        f"{year}-{seq:05d}",
        f"FA-{seq:06d}",
        f"{year % 100:02d}/{seq % 10000:04d}",
        f"{seq + 100000}",
        f"R{year % 100:02d}{seq:05d}",
    )
    return rng.choice(forms)


def order_number(rng: random.Random, year: int) -> str:
    forms = (
        f"PO-{rng.randint(10000, 99999)}",
        f"45{rng.randint(10000000, 99999999)}",
        f"BE-{year}-{rng.randint(1, 999):03d}",
        f"ORD{rng.randint(100000, 999999)}",
    )
    return rng.choice(forms)
