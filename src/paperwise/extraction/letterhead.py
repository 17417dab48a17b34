"""The issuer from the letterhead: a shop's or company's name printed first (often with a legal
form, a registration number after it), its address under it up to the phone or tax line, and
the legal name behind a brand printed as a logo."""

from __future__ import annotations

import re

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate
from paperwise.extraction.party_text import (
    LEGAL_FORM,
    POSTCODE_TOWN,
    SENDER_SEPARATORS,
    STOP_ADDRESS,
    TITLE,
    column_below,
    is_detail_line,
    is_name_like,
    letter_count,
    name_start,
    squeezed,
    text_candidate,
    top_lines,
)
from paperwise.reading.model import PageSource

_REGISTRATION = re.compile(
    r"(?i)\b(?:co|c[o0][mn]pany|roc|br|reg|registration|gst|sst|business)\b[^\n]{0,14}\b(?:no|id)\b|"
    r"\bc[o0][mn]pany\s*no\b|"
    r"\(\s*[a-z]{0,3}\d{4,}[-\s]*[a-z]?\s*\)|^\s*[a-z]{0,3}\d{4,}-[a-z]\s*$|"
    r"\breg(?:istration)?\b[\s.:]*\d"
)
_REGISTRATION_ALONE = re.compile(r"^\(?\s*[A-Za-z]{0,3}\d{4,}\s*-?\s*[A-Za-z]\s*\)?$")
_LEADING_REGISTRATION = re.compile(r"^\(\s*[A-Za-z]{0,4}\d{5,}[-\w]*\s*\)\s*")
_TRAILING_REGISTRATION = re.compile(r"\s*\(\s*[A-Za-z]{0,3}\d{4,}[-\w\s]*\)\s*$")
_PHONE = re.compile(
    r"(?i)(?:\b(?:t|f)\s*:|\b(?:h/?p|hp|tel|tél|fax|phone|telephone)\s*[:.]|"
    r"\+?\b0\d{1,2}(?:[- ]| - )\d{3,4}[- ]?\d{3,4}\b|gstid|gstreg|taxinvoice)"
)
_LONG_NUMBER = re.compile(r"\d{8,}")
# Text ending in a key ('TEL X :-') before a detail that stops an address is the detail's label.
_KEY_BEFORE = re.compile(r":\s*-?$")
_COUNTRY_AT_END = re.compile(
    r"(?i)\b(?:malaysia|singapore|indonesia|thailand|germany|deutschland|austria|österreich|"
    r"switzerland|schweiz|suisse|france|italy|italia|spain|españa|netherlands|nederland|belgium|"
    r"belgique|slovenia|slovenija|croatia|hrvatska|united kingdom|uk|usa|united states)\W*$"
)
_HOUSE_NUMBER = re.compile(r"(?i)^(?:no\.?\s?\d|lot\b|unit\b|\d{1,4}\b|\d+[-/])")
_STREET = re.compile(
    r"(?i)\b(?:jalan|jln|lorong|persiaran|lebuh|road|rd|street|st|avenue|ave|lane|drive|"
    r"boulevard|highway|straße|strasse|str|weg|gasse|platz|rue|avenue|chemin|via|viale|piazza|"
    r"calle|avenida|plaza|straat|laan|plein|cesta|ulica)\b"
)
# The operator printed before the address ('Licensee of McDonald's', 'Owned by: ...'), or the
# company's former name ('formerly known as' over the old name).
_OPERATOR = re.compile(
    r"(?i)^(?:licensee of|franchisee of|owned by|operated by|managed by|a member of|"
    r"a subsidiary of|a division of|formerly known as|previously known as|formerly|"
    r"trading as|dahulu dikenali sebagai)\b"
)
# The owner of a shop whose own name heads the receipt ('Owned By : ACME SDN BHD').
_OWNER = re.compile(r"(?i)^(?:owned|operated|managed) by\b")
# A short key with a code value ('Site : 2365', 'Store: 1132'): store details, not address.
_KEY_CODE = re.compile(
    r"(?i)^(?!(?:no|lot|unit|blk|block|level|lvl|floor)\b)[^\W\d_][^\W\d_ .#/]{1,19}\s*:\s*"
    r"[A-Z]{0,3}\d[\d-]*\s*$"
)
# Heights of two lines set in one size differ by less than this factor (descenders, accents).
_SAME_SIZE = 1.15
_CONTINUES = re.compile(r"(?i)(?:&|\band|-|,)\s*$")
# An item line of a receipt: a price printed at the right of its row ('18.58 B', '4,50 €'), or a
# quantity ('2 x 9.29', 'Jonge kaas 500g', 'Cola 1,5l').
_PRICE = re.compile(r"^(?:[€$£]|[A-Z]{3})?\s*-?\d{1,6}[.,]\d{2}(?:\s*(?:[€$£]|[A-Z]{1,3}|\*))?$")
_QUANTITY = re.compile(r"^\d+(?:[.,]\d+)?\s*[xX×*]\s*\d|\b\d+(?:[.,]\d+)?\s?(?:g|kg|ml|cl|l)$")


def _without_registration(name: str) -> str:
    """A company name without the registration number printed after it ('ACME SDN BHD
    (123456-X)', 'ACME S/B 273500-U (GKJ)') or the title beside it ('Acme GmbH  RECHNUNG')."""
    name = _TRAILING_REGISTRATION.sub("", name)
    forms = list(LEGAL_FORM.finditer(name))
    rest = name[forms[-1].end() :] if forms else ""
    if any(c.isdigit() for c in rest) or TITLE.match(rest.strip()):
        name = name[: forms[-1].end()]  # or the document's title set on the name's row
    return name


def _joins(upper: TextLine, lower: TextLine) -> bool:
    """Two lines set as one name: adjacent rows, like heights, no gap between them."""
    height = max(upper.height, lower.height)
    return (
        not upper.text.rstrip().endswith(":")
        and lower.row == upper.row + 1
        and lower.y0 - upper.y1 < 0.8 * height
        and min(upper.height, lower.height) > 0.75 * height
        and not any(c.isdigit() for c in upper.text)
    )


def _same_case_style(upper: str, lower: str) -> bool:
    """Whether two lines are set alike: both in capitals or neither. A shop's name over the
    legal name of its owner ('Thornton Food Market' over 'CATERING LANG LIMITED') is set apart
    by its case; one name set on two lines ('POPULAR BOOK' over 'CO. (M) SDN BHD') is not."""

    def capitals(letters: list[str]) -> bool:
        return all(c.isupper() for c in letters)

    a, b = [c for c in upper if c.isalpha()], [c for c in lower if c.isalpha()]
    return len(a) < 3 or len(b) < 3 or capitals(a) == capitals(b)


def _same_size(upper: TextLine, lower: TextLine) -> bool:
    """Whether two lines of a text layer are set in about one size: a shop's name set larger
    than its owner's legal name under it ('Corner Shop Quinlan' over 'Byrne Consulting DAC') is
    apart from it. (OCR'd heights vary too much to tell.)"""
    return max(upper.height, lower.height) <= _SAME_SIZE * min(upper.height, lower.height)


def _form_after_name(text: str) -> bool:
    """Whether a legal form follows a name in the text, not only starts it."""
    return any(
        form.start() > 0 and text[: form.start()].strip() for form in LEGAL_FORM.finditer(text)
    )


def heading_lines(index: DocumentIndex) -> list[TextCandidate]:
    """Receipt-style: the shop's name is the first line(s) printed, often with a legal form.
    A title, a logo placeholder, an attention line or a labelled detail is not a name."""
    top = [
        t
        for t in top_lines(index)
        if is_name_like(t.text)
        and not TITLE.match(t.text[name_start(t.text) :])
        and not is_detail_line(t.text)
    ]
    # An OCR'd logo above the name reads as words: join fewer lines on scans.
    scanned = bool(index.doc.pages) and index.doc.pages[0].source is PageSource.OCR
    max_rest = 1 if scanned else 2
    out: list[TextCandidate] = []
    for i, line in enumerate(top[:6]):
        head = SENDER_SEPARATORS.split(line.text[name_start(line.text) :], maxsplit=1)[0]
        registration = _REGISTRATION.search(head)
        if not LEGAL_FORM.search(head) or (registration and registration.start() <= 1):
            continue
        if not _form_after_name(head) and not (i and _joins(top[i - 1], line)):
            continue  # 'Spa rood 27,24 A': a word, unless it ends a name begun on the line above
        if _owner_of_the_shop(top, i):
            continue  # 'Owned by: ACME SDN BHD' under a shop's name: the shop is the issuer
        name = _without_registration(head)
        first = line
        previous = top[i - 1] if i else None
        # 'POPULAR BOOK' over 'CO. (M) SDN BHD': the legal form's line holds little else
        rest = LEGAL_FORM.sub(" ", name).split()
        if (
            previous is not None
            and _joins(previous, line)
            and not LEGAL_FORM.search(previous.text)
            and _same_case_style(previous.text, name)
            and (scanned or _same_size(previous, line))
            and (len(rest) <= max_rest or _CONTINUES.search(previous.text))
        ):
            name = f"{previous.text} {name}"
            first = previous
            out.append(text_candidate(line, 0, len(head), 0.6 - 0.03 * i))
        following = top[i + 1] if i + 1 < len(top) else None
        if name.count("(") > name.count(")") and following and _joins(line, following):
            name = f"{name} {following.text}"  # 'ACME (SETIA' over 'ALAM) SDN BHD'
        out.append(TextCandidate(" ".join(name.split()), first, 0, len(first.text), 0.8 - 0.03 * i))
    out.extend(_over_registration(index, top[:6]))
    if top:
        first = top[0]
        start = name_start(first.text)
        name = SENDER_SEPARATORS.split(first.text[start:], maxsplit=1)[0]
        nxt = top[1] if len(top) > 1 else None
        if nxt is not None and _CONTINUES.search(name) and _joins(first, nxt):
            name = f"{name} {nxt.text}"
        name = _without_registration(name)
        out.append(TextCandidate(" ".join(name.split()), first, start, len(first.text), 0.45))
    return out


def _over_registration(index: DocumentIndex, top: list[TextLine]) -> list[TextCandidate]:
    """A company without a legal form in its name ('SYARIKAT PERNIAGAAN GIN KEE') is the line
    its registration number is printed under, alone on its row ('(81109-A)'): a logo read as
    words above it is not."""
    for i, line in enumerate(top):
        below = index.lines[line.index + 1] if line.index + 1 < len(index.lines) else None
        if (
            below is None
            or below.row != line.row + 1
            or not _alone_on_row(index, line)
            or not _alone_on_row(index, below)
            or not _REGISTRATION_ALONE.match(below.text.strip())
            or any(c.isdigit() for c in line.text)
            or letter_count(line.text) < 4
        ):
            continue
        name = " ".join(line.text.split())
        return [TextCandidate(name, line, 0, len(line.text), 0.7 - 0.03 * i)]
    return []


def _alone_on_row(index: DocumentIndex, line: TextLine) -> bool:
    neighbours = index.lines[max(0, line.index - 1) : line.index + 2]
    return all(t is line or t.row != line.row for t in neighbours)


def _owner_of_the_shop(top: list[TextLine], i: int) -> bool:
    """Whether the legal name on ``top[i]`` is printed as the owner of a shop named above it:
    after an 'Owned by' key on its own line or on the line before."""
    if i == 0:
        return False
    return bool(_OWNER.match(top[i].text) or _OWNER.match(top[i - 1].text))


def _stop_at(text: str) -> int | None:
    """Where a phone, tax, document or contact detail starts in a line of an address, else None.
    A letter-spaced line ('G S T I D : 0 0 0 3') is read without its spaces; one with a long
    number in it is such a detail even when its key was misread ('G S I I D : 0 0 0 3 4 9 ...')."""
    found = [m.start() for m in (STOP_ADDRESS.search(text), _PHONE.search(text)) if m]
    if found:
        return min(found)
    if sum(len(token) == 1 for token in text.split()) >= 4:
        squeezed = text.replace(" ", "")
        if STOP_ADDRESS.search(squeezed) or _PHONE.search(squeezed):
            return 0
        if _LONG_NUMBER.search(squeezed):
            return 0  # a letter-spaced number: a tax or phone number whose key was misread
    return None


def _receipt_address(index: DocumentIndex, name: TextCandidate) -> str | None:
    """The lines under a shop's name up to its phone, tax, date or document line; registration
    numbers and a date printed between the name and the address are passed over."""
    if name.line is None:
        return None
    after = column_below(index, name.line)  # not the meta box or addressee beside it
    parts: list[str] = []
    named = False  # the line before was an operator's key alone: this one is its name
    for line in after[:10]:
        text = " ".join(line.text.split())
        if name.value.endswith(text) or (not parts and LEGAL_FORM.search(text)):
            continue  # the rest of a name set on two lines
        if not parts and named:
            named = False
            continue
        bracketed = text.startswith("(") and text.endswith(")")
        noise = (
            _REGISTRATION.search(text)
            or bracketed
            or index.dates[line.index]
            or letter_count(text) < 3
        )
        operator = _OPERATOR.match(text)
        if not parts and (noise or operator):
            named = operator is not None and letter_count(text[operator.end() :]) < 3
            continue
        if not parts:
            text = _LEADING_REGISTRATION.sub("", text)
        if parts and _looks_like_item(index, line):
            break
        stop = 0 if _KEY_CODE.match(text) else _stop_at(text)
        if noise or stop is not None:
            if stop:
                registration = _REGISTRATION.search(text)
                cut = min(stop, registration.start()) if registration else stop
                kept = text[:cut].strip(" ,|")
                if letter_count(kept) >= 3 and not _KEY_BEFORE.search(kept):
                    parts.append(kept)
            break
        parts.append(text)
        if len(parts) == 5 or _COUNTRY_AT_END.search(text):
            break
    # a branch or shop name between the company and its address: the address starts with a number
    if (
        len(parts) > 1
        and not any(c.isdigit() for c in parts[0])
        and not _STREET.search(parts[0])
        and _HOUSE_NUMBER.match(parts[1])
    ):
        parts = parts[1:]
    return " ".join(parts) if parts else None


def _looks_like_item(index: DocumentIndex, line: TextLine) -> bool:
    """Whether a line under a shop's address is the first item bought: a quantity in it, or a
    price alone at the right of its row."""
    if _QUANTITY.search(line.text.strip()):
        return True
    return any(
        t.page == line.page
        and t.row == line.row
        and t.x0 > line.x1
        and _PRICE.match(t.text.strip())
        for t in index.lines[line.index + 1 : line.index + 4]
    )


def legal_name_of_brand(index: DocumentIndex, brand: str) -> list[TextCandidate]:
    """A letterhead may print only a brand ('ARCO' as a logo) and the legal name in the footer
    or a sender line ('Arco Bâtiment SARL'): the name with a legal form that starts with it."""
    key = squeezed(brand)
    if len(key) < 3:
        return []
    for line in index.lines:
        head = SENDER_SEPARATORS.split(line.text, maxsplit=1)[0]
        if LEGAL_FORM.search(head) and squeezed(head).startswith(key) and squeezed(head) != key:
            name = _without_registration(head)
            return [TextCandidate(" ".join(name.split()), line, 0, len(head), 0.7)]
    return []


def receipt_addresses(index: DocumentIndex, supplier: list[TextCandidate]) -> list[TextCandidate]:
    """The address under the first supplier candidate; when that has no postcode (an owner's
    name printed below the shop's address), the first one with a postcode under another."""
    first = _receipt_address(index, supplier[0])
    if first is None or not POSTCODE_TOWN.search(first):
        for cand in supplier[1:]:
            other = _receipt_address(index, cand)
            if other is not None and POSTCODE_TOWN.search(other):
                return [TextCandidate(other, None, 0, 0, supplier[0].evidence * 0.8)]
    return [TextCandidate(first, None, 0, 0, supplier[0].evidence * 0.8)] if first else []
