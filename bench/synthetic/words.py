"""Word lists for invented suppliers, buyers, addresses and products. Nothing here is real."""

from __future__ import annotations


def split_options(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """City/postcode pairs."""
    return tuple((city, code) for city, _, code in (p.partition("/") for p in text.split("|")))


NAME_ROOTS = split_options(
    "Alpen|Nord|Blue|Silver|Nova|Vertex|Terra|Sol|Luna|Atlas|Orion|Kappa|Delta|Pixel"
    "|Cedar|Maple|Quarz|Helio|Stern|Falk|Iris|Lumen|Brio|Vega|Sirius|Aurora|Kestrel"
    "|Granit|Oak|River|Zenit|Castor|Polar|Nimbus|Corvo|Tessa|Bravo|Omni|Prisma|Arco"
)
NAME_TAILS = split_options(
    "tech|soft|works|line|data|print|form|net|wave|mark|stone|field|gate|point|craft"
    "|lab|flow|hub|vision|plan"
)
BANKS = split_options(
    "Raiffeisen|Volksbank|Unicredit|Rabobank|Santander|Crédit Agricole|Intesa"
    "|Sparkasse|NLB|Barclays"
)
SURNAMES = {
    "en": split_options("Walker|Harris|Bennett|Clarke|Turner|Hughes|Foster|Reid"),
    "de": split_options("Müller|Schneider|Fischer|Weber|Becker|Hoffmann|Krüger|Wolf"),
    "fr": split_options("Martin|Bernard|Dubois|Lefèvre|Moreau|Laurent|Girard|Roux"),
    "it": split_options("Rossi|Bianchi|Romano|Colombo|Ricci|Marino|Greco|Conti"),
    "es": split_options("García|Martínez|López|Sánchez|Romero|Navarro|Torres|Ruiz"),
    "nl": split_options("de Vries|Jansen|Bakker|Visser|Smit|Meijer|Mulder|Dekker"),
    "sl": split_options("Novak|Horvat|Kovačič|Krajnc|Zupančič|Potočnik|Mlakar|Vidmar"),
}
SECTORS = {
    "en": split_options("Solutions|Consulting|Logistics|Engineering|Supplies|Systems|Media"),
    "de": split_options("Logistik|Technik|Handel|Beratung|Bau|Systeme|Elektro"),
    "fr": split_options("Conseil|Services|Logistique|Bâtiment|Distribution|Informatique"),
    "it": split_options("Servizi|Consulenza|Logistica|Costruzioni|Forniture|Impianti"),
    "es": split_options("Servicios|Consultoría|Logística|Construcciones|Suministros|Sistemas"),
    "nl": split_options("Installatie|Advies|Logistiek|Techniek|Groothandel|Bouw"),
    "sl": split_options("Storitve|Inženiring|Logistika|Gradnje|Trgovina|Svetovanje"),
}
LEGAL_FORMS = {
    "en": split_options("Ltd|Limited|LLC|Inc.|PLC"),
    "de": split_options("GmbH|AG|GmbH & Co. KG|e.K."),
    "fr": split_options("SARL|SAS|S.A."),
    "it": split_options("S.r.l.|S.p.A.|S.n.c."),
    "es": split_options("S.L.|S.A.|S.L.U."),
    "nl": split_options("B.V.|N.V.|V.O.F."),
    "sl": split_options("d.o.o.|d.d.|s.p."),
}
STREETS = {
    "en": split_options("High Street|Station Road|Church Lane|Mill Road|Park Avenue|King Street"),
    "de": split_options(
        "Hauptstraße|Bahnhofstraße|Gartenweg|Lindenallee|Industriestraße|Ringstraße"
    ),
    "fr": split_options(
        "rue de la Paix|avenue Victor Hugo|rue des Lilas|boulevard Voltaire|rue du Port"
    ),
    "it": split_options("Via Roma|Via Garibaldi|Corso Italia|Via Dante|Viale Europa|Via Verdi"),
    "es": split_options(
        "Calle Mayor|Avenida de la Constitución|Calle del Sol|Paseo del Prado|Calle Real"
    ),
    "nl": split_options("Kerkstraat|Dorpsstraat|Molenweg|Stationsplein|Havenstraat|Lindelaan"),
    "sl": split_options(
        "Slovenska cesta|Tržaška cesta|Celovška cesta|Prešernova ulica"
        "|Cankarjeva ulica|Industrijska cesta"
    ),
}
PRODUCTS = {
    "en": split_options(
        "Consulting services|Software licence|Office chair|Laser printer toner"
        "|Installation work|Maintenance contract|Network cable Cat6|Training session"
        "|Hosting (monthly)|Delivery charge|Steel bracket|Paper A4 80g"
        "|Project management|Design work|LED panel 60x60|Support hours"
    ),
    "de": split_options(
        "Beratungsleistung|Softwarelizenz|Bürostuhl|Tonerkartusche|Montagearbeiten"
        "|Wartungsvertrag|Netzwerkkabel Cat6|Schulung|Hosting (monatlich)"
        "|Versandkosten|Stahlwinkel|Kopierpapier A4|Projektleitung|Arbeitsstunden"
    ),
    "fr": split_options(
        "Prestation de conseil|Licence logiciel|Chaise de bureau|Cartouche de toner"
        "|Travaux d'installation|Contrat de maintenance|Câble réseau Cat6|Formation"
        "|Hébergement mensuel|Frais de livraison|Équerre acier|Ramette papier A4"
    ),
    "it": split_options(
        "Consulenza tecnica|Licenza software|Sedia da ufficio|Cartuccia toner"
        "|Lavori di installazione|Contratto di manutenzione|Cavo di rete Cat6"
        "|Corso di formazione|Hosting mensile|Spese di spedizione|Staffa in acciaio"
    ),
    "es": split_options(
        "Servicios de consultoría|Licencia de software|Silla de oficina"
        "|Cartucho de tóner|Trabajos de instalación|Contrato de mantenimiento"
        "|Cable de red Cat6|Curso de formación|Alojamiento mensual|Gastos de envío"
    ),
    "nl": split_options(
        "Advieswerkzaamheden|Softwarelicentie|Bureaustoel|Tonercartridge"
        "|Installatiewerk|Onderhoudscontract|Netwerkkabel Cat6|Training"
        "|Hosting (maandelijks)|Verzendkosten|Stalen hoekbeugel|Kopieerpapier A4"
    ),
    "sl": split_options(
        "Svetovalne storitve|Licenca za programsko opremo|Pisarniški stol"
        "|Kartuša s tonerjem|Montažna dela|Pogodba o vzdrževanju|Mrežni kabel Cat6"
        "|Izobraževanje|Gostovanje (mesečno)|Stroški dostave|Jeklen nosilec"
    ),
}
DETAILS = {
    "en": split_options(
        "as agreed in the offer|period {period}|incl. setup and testing|project {code}"
    ),
    "de": split_options(
        "gemäß Angebot|Zeitraum {period}|inkl. Einrichtung und Test|Projekt {code}"
    ),
    "fr": split_options(
        "selon devis|période {period}|installation et essais compris|projet {code}"
    ),
    "it": split_options(
        "come da preventivo|periodo {period}|incl. installazione e collaudo|progetto {code}"
    ),
    "es": split_options(
        "según presupuesto|periodo {period}|incl. instalación y pruebas|proyecto {code}"
    ),
    "nl": split_options(
        "volgens offerte|periode {period}|incl. installatie en test|project {code}"
    ),
    "sl": split_options("po ponudbi|obdobje {period}|vključno z namestitvijo|projekt {code}"),
}
CITIES = {
    "en": _pairs("London/EC1A 1BB|Leeds/LS1 4AP|Bristol/BS1 5TR|Manchester/M1 2AB|Oxford/OX1 3QD"),
    "us": _pairs("Springfield, IL/62701|Austin, TX/78701|Denver, CO/80202|Portland, OR/97201"),
    "de": _pairs(
        "Berlin/10115|München/80331|Hamburg/20095|Köln/50667|Leipzig/04109|Stuttgart/70173"
    ),
    "ch": _pairs("Zürich/8001|Bern/3011|Basel/4051|Luzern/6003"),
    "fr": _pairs("Paris/75002|Lyon/69002|Marseille/13001|Nantes/44000|Lille/59000"),
    "it": _pairs("Milano/20121|Roma/00184|Torino/10121|Bologna/40121|Napoli/80133"),
    "es": _pairs("Madrid/28013|Barcelona/08002|Valencia/46001|Sevilla/41001|Bilbao/48001"),
    "nl": _pairs(
        "Amsterdam/1012 AB|Rotterdam/3011 AD|Utrecht/3511 LX|Eindhoven/5611 AA|Groningen/9711 LM"
    ),
    "sl": _pairs("Ljubljana/1000|Maribor/2000|Celje/3000|Kranj/4000|Koper/6000"),
}
