"""What the invented suppliers sell, per language: goods, hourly services, utility charges and
shop articles."""

from __future__ import annotations

GOODS = {
    "en": "Printer paper A4 80gsm (box)|LED panel 600x600 36W|Ethernet cable Cat6 5m|Office chair "
    "ergonomic|Toner cartridge black|Safety gloves size 9|Copper pipe 15mm|Wall plugs 8mm (100)"
    "|Business cards 500 pcs|USB-C docking station",
    "de": "Kopierpapier A4 80g/m²|LED-Panel 62x62 40W|Patchkabel Cat6 3m|Bürostuhl ergonomisch"
    "|Tonerkartusche schwarz|Schutzhandschuhe Gr. 9|Kupferrohr 15 mm|Dübel 8 mm (100 Stk)"
    "|Visitenkarten 500 Stk|Installationsrohr M20|Fliesenkleber 25 kg|Kabelbinder 200 mm",
    "fr": "Ramette papier A4 80 g|Dalle LED 600x600 36W|Câble réseau Cat6 3 m|Fauteuil de bureau"
    "|Cartouche toner noir|Gants de protection T9|Tube cuivre 14 mm|Chevilles 8 mm (boîte)"
    "|Cartes de visite 500 ex.|Gaine ICTA 20 mm",
    "it": "Carta A4 80 g risma|Pannello LED 60x60 40W|Cavo di rete Cat6 3 m|Sedia ufficio"
    "|Toner nero|Guanti da lavoro tg. 9|Tubo rame 14 mm|Tasselli 8 mm (conf.)"
    "|Biglietti da visita 500 pz|Corrugato 20 mm",
    "es": "Papel A4 80 g paquete|Panel LED 60x60 40W|Cable de red Cat6 3 m|Silla de oficina"
    "|Tóner negro|Guantes de trabajo T9|Tubo de cobre 15 mm|Tacos 8 mm (caja)"
    "|Tarjetas de visita 500 uds|Tubo corrugado 20 mm",
    "nl": "Printpapier A4 80 gr|LED-paneel 60x60 36W|Netwerkkabel Cat6 3 m|Bureaustoel"
    "|Tonercartridge zwart|Werkhandschoenen mt 9|Koperen buis 15 mm|Pluggen 8 mm (100 st)"
    "|Visitekaartjes 500 st|Installatiebuis 19 mm",
    "sl": "Papir A4 80 g|LED panel 60x60 40W|Mrežni kabel Cat6 3 m|Pisarniški stol"
    "|Toner črn|Zaščitne rokavice vel. 9|Bakrena cev 15 mm|Vložki 8 mm (100 kos)"
    "|Vizitke 500 kos|Instalacijska cev 20 mm",
}
SERVICES = {
    "en": "Consulting|Software development|Project management|Design work|Site visit"
    "|On-site support|Photography|Copywriting|Installation labour",
    "de": "Beratung|Softwareentwicklung|Projektleitung|Gestaltung Layout|Montagearbeiten"
    "|Arbeitszeit Geselle|Arbeitszeit Meister|Fotografie|Lektorat|Anfahrt",
    "fr": "Conseil|Développement logiciel|Gestion de projet|Conception graphique"
    "|Main d'œuvre|Déplacement|Photographie|Rédaction",
    "it": "Consulenza|Sviluppo software|Gestione progetto|Progettazione grafica"
    "|Manodopera|Trasferta|Servizio fotografico",
    "es": "Consultoría|Desarrollo de software|Gestión de proyecto|Diseño gráfico"
    "|Mano de obra|Desplazamiento|Fotografía",
    "nl": "Advies|Softwareontwikkeling|Projectleiding|Grafisch ontwerp|Arbeidsloon"
    "|Voorrijkosten|Fotografie",
    "sl": "Svetovanje|Razvoj programske opreme|Vodenje projekta|Grafično oblikovanje"
    "|Delo monterja|Prevozni stroški|Fotografiranje",
}
UTILITY = {
    "en": "Standing charge|Day rate units|Night rate units|Climate change levy|Meter rental"
    "|Network charge|Renewables surcharge",
    "de": "Grundpreis|Arbeitspreis HT|Arbeitspreis NT|Messstellenbetrieb|Netzentgelt"
    "|Konzessionsabgabe|Stromsteuer|Offshore-Netzumlage",
    "fr": "Abonnement|Consommation heures pleines|Consommation heures creuses"
    "|Acheminement|Contribution tarifaire|Taxe sur la consommation",
    "it": "Quota fissa|Quota energia F1|Quota energia F2|Trasporto e gestione contatore"
    "|Oneri di sistema|Accise",
    "es": "Término fijo|Término de energía punta|Término de energía valle|Alquiler contador"
    "|Peajes de acceso|Impuesto eléctrico",
    "nl": "Vastrecht|Levering normaal|Levering dal|Netbeheerkosten|Energiebelasting|Meterhuur",
    "sl": "Omrežnina VT|Omrežnina MT|Energija VT|Energija MT|Prispevek OVE|Trošarina"
    "|Obračunska moč",
}
UTILITY_UNIT = {
    "en": "kWh",
    "de": "kWh",
    "fr": "kWh",
    "it": "kWh",
    "es": "kWh",
    "nl": "kWh",
    "sl": "kWh",
}
SHOP = {
    "en": "Semi-skimmed milk 2L|Sourdough loaf|Bananas loose|Free range eggs 6|Cheddar 400g"
    "|Orange juice 1L|Coffee beans 500g|Tomatoes vine|Chicken breast|Sparkling water",
    "de": "Vollmilch 3,5%|Bio Bananen|Roggenbrot 750g|Butter 250g|Gouda jung|Eier Freiland 10er"
    "|Apfelschorle 1,5l|Kaffee Crema 1kg|Tomaten Rispen|Joghurt Natur|Pfand|Brezel",
    "fr": "Lait demi-écrémé 1L|Baguette tradition|Bananes|Oeufs plein air x6|Comté 250g"
    "|Jus d'orange 1L|Café moulu 250g|Tomates grappe|Yaourt nature x4|Eau gazeuse",
    "it": "Latte intero 1L|Pane casereccio|Banane|Uova fresche x6|Parmigiano 200g"
    "|Succo arancia 1L|Caffè macinato 250g|Pomodori ciliegino|Yogurt bianco|Acqua frizzante",
    "es": "Leche entera 1L|Pan de barra|Plátanos|Huevos L docena|Queso manchego"
    "|Zumo naranja 1L|Café molido 250g|Tomates pera|Yogur natural|Agua mineral",
    "nl": "Halfvolle melk 1L|Volkorenbrood|Bananen|Eieren 10 st|Jonge kaas 500g"
    "|Sinaasappelsap 1L|Koffiebonen 500g|Trostomaten|Yoghurt naturel|Spa rood",
    "sl": "Mleko 3,5% 1L|Kruh polbeli|Banane|Jajca 10 kos|Sir Edamec|Sok pomaranča 1L"
    "|Kava mleta 250g|Paradižnik|Jogurt navadni|Mineralna voda",
}
CAFE = {
    "en": "Flat white|Americano|Croissant|Club sandwich|Soup of the day|Sparkling water",
    "de": "Cappuccino|Espresso|Apfelstrudel|Wiener Schnitzel|Weißbier 0,5l|Mineralwasser",
    "fr": "Café crème|Expresso|Croque-monsieur|Plat du jour|Verre de vin rouge|Eau minérale",
    "it": "Cappuccino|Caffè|Cornetto|Panino|Pizza margherita|Acqua naturale",
    "es": "Café con leche|Cortado|Tostada|Menú del día|Caña|Agua sin gas",
    "nl": "Koffie verkeerd|Espresso|Appeltaart|Tosti|Biertje|Spa blauw",
    "sl": "Kava z mlekom|Espresso|Rogljiček|Dnevna malica|Pivo 0,5l|Voda",
}


def choices(table: dict[str, str], lang: str) -> list[str]:
    return table[lang].split("|")
