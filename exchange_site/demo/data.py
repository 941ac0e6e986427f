"""The demo content of the exchange, drawn from the documents in ``shared/seeds/``.

Ballerup's texts are in Danish (its strategy 2020–2023), Dresden's in German
(the city's report on the Dresden–Strasbourg exchange), Strasbourg's in
French; the follow-up meeting on sustainability was minuted in English, the
partnership's working language. A few human translations are included so the
demo shows several languages; everything else falls back to the source
language, as the site does for real pages. People named here are fictional.

Values are plain data (``{language: text}`` for translatable fields, Wagtail's
raw StreamField JSON for bodies); ``exchange_site.demo.content`` turns them into pages.
"""

from __future__ import annotations

import datetime


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def key_facts(*facts: tuple[str, str]) -> dict:
    return {
        "type": "key_facts",
        "value": [{"label": label, "value": value} for label, value in facts],
    }


def steps(*items: tuple[str, str]) -> dict:
    return {
        "type": "how_to_adopt",
        "value": [{"title": title, "description": html} for title, html in items],
    }


def resources(*links: tuple[str, str, str]) -> dict:
    return {
        "type": "resources",
        "value": [
            {"title": title, "url": url, "page": None, "document": None, "description": text}
            for title, url, text in links
        ],
    }


def contact(name: str, role: str, email: str, phone: str = "") -> dict:
    return {
        "type": "contact",
        "value": {"name": name, "role": role, "email": email, "phone": phone},
    }


def agenda(*items: tuple[str, str]) -> list[dict]:
    return [{"type": "item", "value": {"title": title, "notes": notes}} for title, notes in items]


def decisions(*texts: str) -> list[dict]:
    return [{"type": "decision", "value": text} for text in texts]


TOPICS = [
    {
        "slug": "art-lending",
        "name": {
            "en": "Art lending (artotheque)",
            "da": "Artotek",
            "de": "Artothek",
            "fr": "Artothèque",
        },
        "description": {"en": "Lending original art and prints like books."},
    },
    {
        "slug": "school-libraries",
        "name": {
            "en": "School libraries",
            "da": "Skolebiblioteker",
            "de": "Schulbibliotheken",
            "fr": "Bibliothèques scolaires",
        },
        "description": {
            "en": "Equipping and running libraries in schools with the public library."
        },
    },
    {
        "slug": "volunteers",
        "name": {
            "en": "Volunteers and reading mentors",
            "da": "Frivillige og læsementorer",
            "de": "Ehrenamt und Lesepaten",
            "fr": "Bénévoles et parrains de lecture",
        },
        "description": {"en": "Involving volunteers alongside library staff."},
    },
    {
        "slug": "sustainability",
        "name": {
            "en": "Sustainability",
            "da": "Bæredygtighed",
            "de": "Nachhaltigkeit",
            "fr": "Développement durable",
        },
        "description": {"en": "The UN SDGs in the library's buildings, operations and programmes."},
    },
    {
        "slug": "gaming",
        "name": {"en": "Gaming", "da": "Gaming", "de": "Gaming", "fr": "Jeu vidéo"},
        "description": {"en": "Video games and consoles as part of the library's offer."},
    },
    {
        "slug": "maker-culture",
        "name": {
            "en": "Maker culture and technology",
            "da": "Skaberkultur og teknologi",
            "de": "Makerkultur und Technik",
            "fr": "Culture maker et technologie",
        },
        "description": {"en": "Coding, robots and making things, from consumers to creators."},
    },
    {
        "slug": "reading-promotion",
        "name": {
            "en": "Reading promotion",
            "da": "Læsefremme",
            "de": "Leseförderung",
            "fr": "Promotion de la lecture",
        },
        "description": {"en": "Reading skills and the joy of reading at every level."},
    },
    {
        "slug": "open-library",
        "name": {
            "en": "Open library without staff",
            "da": "Selvbetjent bibliotek",
            "de": "Offene Bibliothek ohne Personal",
            "fr": "Bibliothèque ouverte sans personnel",
        },
        "description": {"en": "Opening hours when the library is used without staff on site."},
    },
]

SDGS = [
    (
        1,
        {
            "en": "No poverty",
            "da": "Afskaf fattigdom",
            "de": "Keine Armut",
            "fr": "Pas de pauvreté",
        },
    ),
    (2, {"en": "Zero hunger", "da": "Stop sult", "de": "Kein Hunger", "fr": "Faim « zéro »"}),
    (
        3,
        {
            "en": "Good health and well-being",
            "da": "Sundhed og trivsel",
            "de": "Gesundheit und Wohlergehen",
            "fr": "Bonne santé et bien-être",
        },
    ),
    (
        4,
        {
            "en": "Quality education",
            "da": "Kvalitetsuddannelse",
            "de": "Hochwertige Bildung",
            "fr": "Éducation de qualité",
        },
    ),
    (
        5,
        {
            "en": "Gender equality",
            "da": "Ligestilling mellem kønnene",
            "de": "Geschlechtergleichheit",
            "fr": "Égalité entre les sexes",
        },
    ),
    (
        6,
        {
            "en": "Clean water and sanitation",
            "da": "Rent vand og sanitet",
            "de": "Sauberes Wasser und Sanitäreinrichtungen",
            "fr": "Eau propre et assainissement",
        },
    ),
    (
        7,
        {
            "en": "Affordable and clean energy",
            "da": "Bæredygtig energi",
            "de": "Bezahlbare und saubere Energie",
            "fr": "Énergie propre et d'un coût abordable",
        },
    ),
    (
        8,
        {
            "en": "Decent work and economic growth",
            "da": "Anstændige jobs og økonomisk vækst",
            "de": "Menschenwürdige Arbeit und Wirtschaftswachstum",
            "fr": "Travail décent et croissance économique",
        },
    ),
    (
        9,
        {
            "en": "Industry, innovation and infrastructure",
            "da": "Industri, innovation og infrastruktur",
            "de": "Industrie, Innovation und Infrastruktur",
            "fr": "Industrie, innovation et infrastructure",
        },
    ),
    (
        10,
        {
            "en": "Reduced inequalities",
            "da": "Mindre ulighed",
            "de": "Weniger Ungleichheiten",
            "fr": "Inégalités réduites",
        },
    ),
    (
        11,
        {
            "en": "Sustainable cities and communities",
            "da": "Bæredygtige byer og lokalsamfund",
            "de": "Nachhaltige Städte und Gemeinden",
            "fr": "Villes et communautés durables",
        },
    ),
    (
        12,
        {
            "en": "Responsible consumption and production",
            "da": "Ansvarligt forbrug og produktion",
            "de": "Nachhaltige/r Konsum und Produktion",
            "fr": "Consommation et production responsables",
        },
    ),
    (
        13,
        {
            "en": "Climate action",
            "da": "Klimaindsats",
            "de": "Maßnahmen zum Klimaschutz",
            "fr": "Mesures relatives à la lutte contre les changements climatiques",
        },
    ),
    (
        14,
        {
            "en": "Life below water",
            "da": "Livet i havet",
            "de": "Leben unter Wasser",
            "fr": "Vie aquatique",
        },
    ),
    (
        15,
        {"en": "Life on land", "da": "Livet på land", "de": "Leben an Land", "fr": "Vie terrestre"},
    ),
    (
        16,
        {
            "en": "Peace, justice and strong institutions",
            "da": "Fred, retfærdighed og stærke institutioner",
            "de": "Frieden, Gerechtigkeit und starke Institutionen",
            "fr": "Paix, justice et institutions efficaces",
        },
    ),
    (
        17,
        {
            "en": "Partnerships for the goals",
            "da": "Partnerskaber for handling",
            "de": "Partnerschaften zur Erreichung der Ziele",
            "fr": "Partenariats pour la réalisation des objectifs",
        },
    ),
]

HOME = {
    "source": "en",
    "title": {
        "en": "Partner Library Exchange",
        "da": "Partnerbibliotekernes udveksling",
        "de": "Austausch der Partnerbibliotheken",
        "fr": "Échange des bibliothèques partenaires",
    },
    "introduction": {
        "en": "<p>Ballerup Bibliotekerne, the Städtische Bibliotheken Dresden and the "
        "Médiathèques de Strasbourg share what works in their libraries: art lending, "
        "school libraries, reading mentors, Sunday opening without staff, gaming, maker "
        "culture and the UN Sustainable Development Goals. This wiki keeps the practices, "
        "the minutes of every exchange and the guides for study visits, in Danish, German, "
        "French and English.</p>",
        "da": "<p>Ballerup Bibliotekerne, Städtische Bibliotheken Dresden og Médiathèques de "
        "Strasbourg deler det, der virker i deres biblioteker: artotek, skolebiblioteker, "
        "læsementorer, selvbetjent søndagsåbning, gaming, skaberkultur og FN's verdensmål. "
        "Her samler vi praksisserne, referaterne fra hver udveksling og guiderne til "
        "studiebesøg – på dansk, tysk, fransk og engelsk.</p>",
        "de": "<p>Ballerup Bibliotekerne, die Städtischen Bibliotheken Dresden und die "
        "Médiathèques de Strasbourg teilen, was sich in ihren Bibliotheken bewährt: "
        "Artothek, Schulbibliotheken, Lesepaten, Sonntagsöffnung ohne Personal, Gaming, "
        "Makerkultur und die UN-Nachhaltigkeitsziele. Dieses Wiki sammelt die Praxisbeispiele, "
        "die Protokolle aller Treffen und die Leitfäden für Fachbesuche – auf Dänisch, "
        "Deutsch, Französisch und Englisch.</p>",
        "fr": "<p>Ballerup Bibliotekerne, les Städtische Bibliotheken Dresden et les Médiathèques "
        "de Strasbourg partagent ce qui fonctionne dans leurs bibliothèques : artothèque, "
        "bibliothèques scolaires, parrains de lecture, ouverture dominicale sans personnel, "
        "jeu vidéo, culture maker et objectifs de développement durable de l'ONU. Ce wiki "
        "rassemble les pratiques, les comptes rendus de chaque échange et les guides des "
        "visites d'étude, en danois, allemand, français et anglais.</p>",
    },
}

INDEXES = {
    "libraries": {
        "title": {
            "en": "Partner libraries",
            "da": "Partnerbiblioteker",
            "de": "Partnerbibliotheken",
            "fr": "Bibliothèques partenaires",
        },
        "slug": {
            "en": "libraries",
            "da": "biblioteker",
            "de": "bibliotheken",
            "fr": "bibliotheques",
        },
        "introduction": {
            "en": "<p>Who takes part in the exchange, and whom to ask.</p>",
            "da": "<p>Hvem der deltager i udvekslingen, og hvem man kan spørge.</p>",
            "de": "<p>Wer am Austausch teilnimmt und wen man fragen kann.</p>",
            "fr": "<p>Qui participe à l'échange, et à qui s'adresser.</p>",
        },
    },
    "practices": {
        "title": {
            "en": "Practices",
            "da": "Praksisser",
            "de": "Praxisbeispiele",
            "fr": "Pratiques",
        },
        "slug": {"en": "practices", "da": "praksisser", "de": "praxisbeispiele", "fr": "pratiques"},
        "introduction": {
            "en": "What the partner libraries do, and how to adopt it.",
            "da": "Hvad partnerbibliotekerne gør, og hvordan man kan tage det op.",
            "de": "Was die Partnerbibliotheken tun und wie man es übernehmen kann.",
            "fr": "Ce que font les bibliothèques partenaires, et comment s'en inspirer.",
        },
    },
    "meetings": {
        "title": {"en": "Meetings", "da": "Møder", "de": "Treffen", "fr": "Réunions"},
        "slug": {"en": "meetings", "da": "moeder", "de": "treffen", "fr": "reunions"},
        "introduction": {
            "en": "Minutes of the online and on-site exchanges.",
            "da": "Referater fra online-møder og besøg.",
            "de": "Protokolle der Online-Treffen und der Besuche vor Ort.",
            "fr": "Comptes rendus des échanges en ligne et sur place.",
        },
    },
    "trips": {
        "title": {
            "en": "Exchange trips",
            "da": "Studieture",
            "de": "Fachbesuche",
            "fr": "Voyages d'étude",
        },
        "slug": {"en": "trips", "da": "studieture", "de": "fachbesuche", "fr": "voyages"},
        "introduction": {
            "en": "Everything a visiting delegation needs to prepare.",
            "da": "Alt hvad en besøgende delegation skal bruge til forberedelsen.",
            "de": "Alles, was eine Besuchergruppe zur Vorbereitung braucht.",
            "fr": "Tout ce qu'une délégation en visite doit préparer.",
        },
    },
}

LIBRARIES = [
    {
        "key": "ballerup",
        "source": "da",
        "title": {"da": "Ballerup Bibliotekerne", "en": "Ballerup Libraries"},
        "slug": {"da": "ballerup-bibliotekerne", "en": "ballerup-libraries"},
        "city": "Ballerup",
        "country": "DK",
        "main_language": "da",
        "website": "https://ballerupbib.dk",
        "street_address": "Hovedgaden 60",
        "postal_code": "2750",
        "getting_there": {
            "da": "S-tog linje C fra Københavns Hovedbanegård til Ballerup Station (cirka 20 "
            "minutter). Derfra er der fem minutters gang ad Banegårdspladsen og Hovedgaden. "
            "Fra Københavns Lufthavn: metro til Nørreport og S-tog linje C.",
            "en": "S-train line C from Copenhagen Central Station to Ballerup Station (about "
            "20 minutes), then a five-minute walk along Banegårdspladsen and Hovedgaden. "
            "From Copenhagen Airport: metro to Nørreport, then S-train line C.",
        },
        "profile": {
            "da": "<p>Ballerup Bibliotekerne er Ballerup Kommunes største kulturinstitution. "
            "Strategien <b>Bedre liv – mere liv</b> (2020–2023) har tre hovedspor: læsning, "
            "dannelse og kultur; læring, teknologiglæde og skaberkultur; den aktive borger, "
            "relationer og bæredygtige løsninger. Vi vil gøre verdensmål til hverdagsmål.</p>",
            "en": "<p>Ballerup Libraries are the largest cultural institution of the Municipality "
            "of Ballerup. Their strategy <b>Better life – more life</b> (2020–2023) follows "
            "three tracks: reading, education and culture; learning, joy of technology and "
            "maker culture; the active citizen, relationships and sustainable solutions. "
            "They want to turn the global goals into everyday goals.</p>",
        },
        "contacts": [
            (
                "Mette Holm",
                {"da": "Bibliotekschef", "en": "Head of libraries"},
                "mette.holm@example.dk",
                "+45 44 77 00 00",
            ),
            (
                "Jonas Krogh",
                {
                    "da": "Projektleder, verdensmål og bæredygtighed",
                    "en": "Project lead, SDGs and sustainability",
                },
                "jonas.krogh@example.dk",
                "",
            ),
        ],
    },
    {
        "key": "dresden",
        "source": "de",
        "title": {
            "de": "Städtische Bibliotheken Dresden",
            "fr": "Bibliothèques municipales de Dresde",
        },
        "slug": {"de": "staedtische-bibliotheken-dresden", "fr": "bibliotheques-de-dresde"},
        "city": "Dresden",
        "country": "DE",
        "main_language": "de",
        "website": "https://www.bibo-dresden.de",
        "street_address": "Schloßstraße 2",
        "postal_code": "01067",
        "getting_there": {
            "de": "Die Zentralbibliothek ist im Kulturpalast am Altmarkt. Vom Hauptbahnhof "
            "etwa 15 Minuten zu Fuß über die Prager Straße oder mit der Straßenbahn bis zur "
            "Haltestelle Altmarkt. Vom Flughafen mit der S-Bahn S2 bis Hauptbahnhof.",
            "fr": "La bibliothèque centrale se trouve dans le Kulturpalast, sur l'Altmarkt. "
            "Depuis la gare centrale, environ 15 minutes à pied par la Prager Straße, ou en "
            "tram jusqu'à l'arrêt Altmarkt. Depuis l'aéroport, S-Bahn S2 jusqu'à la gare "
            "centrale.",
        },
        "profile": {
            "de": "<p>Die Städtischen Bibliotheken Dresden betreiben die Zentralbibliothek im "
            "Kulturpalast, Stadtteilbibliotheken, Schulbibliotheken und eine Fahrbibliothek. "
            "Seit 2021 arbeiten sie mit dem Team der Straßburger Mediatheken zusammen; "
            "besonders gefragt sind die <i>Lesepaten</i>, die Schulbibliotheken und das "
            "Konzept Bibo 7/10.</p>",
            "fr": "<p>Les bibliothèques municipales de Dresde gèrent la bibliothèque centrale du "
            "Kulturpalast, des bibliothèques de quartier, des bibliothèques scolaires et un "
            "bibliobus. Depuis 2021, elles travaillent avec l'équipe des médiathèques de "
            "Strasbourg ; les <i>Lesepaten</i>, les bibliothèques scolaires et le concept "
            "Bibo 7/10 suscitent un intérêt particulier.</p>",
        },
        "contacts": [
            (
                "Katrin Weber",
                {
                    "de": "Leiterin Bibliotheksentwicklung",
                    "fr": "Responsable du développement des bibliothèques",
                },
                "k.weber@example.de",
                "+49 351 000 000",
            ),
            (
                "Thomas Richter",
                {
                    "de": "Koordinator Ehrenamt und Lesepaten",
                    "fr": "Coordinateur du bénévolat et des Lesepaten",
                },
                "t.richter@example.de",
                "",
            ),
        ],
    },
    {
        "key": "strasbourg",
        "source": "fr",
        "title": {"fr": "Médiathèques de Strasbourg", "de": "Mediatheken Straßburg"},
        "slug": {"fr": "mediatheques-de-strasbourg", "de": "mediatheken-strassburg"},
        "city": "Strasbourg",
        "country": "FR",
        "main_language": "fr",
        "website": "https://www.mediatheques.strasbourg.eu",
        "street_address": "1 presqu'île André Malraux",
        "postal_code": "67100",
        "getting_there": {
            "fr": "La médiathèque André Malraux est au bord du bassin d'Austerlitz. Depuis la "
            "gare de Strasbourg, environ 20 minutes en tram (arrêt Étoile Bourse) puis à pied. "
            "Depuis l'aéroport d'Entzheim, train jusqu'à la gare de Strasbourg.",
            "de": "Die Mediathek André Malraux liegt am Bassin d'Austerlitz. Vom Straßburger "
            "Bahnhof etwa 20 Minuten mit der Straßenbahn (Haltestelle Étoile Bourse) und zu "
            "Fuß. Vom Flughafen Entzheim mit dem Zug zum Straßburger Bahnhof.",
        },
        "profile": {
            "fr": "<p>Le réseau des médiathèques de Strasbourg réunit la médiathèque "
            "André Malraux, "
            "des médiathèques de quartier et une artothèque. Strasbourg a été désignée "
            "<b>Capitale mondiale du livre UNESCO 2024</b> ; le partenariat avec Dresde, "
            "ville jumelle depuis 1990, a nourri la candidature.</p>",
            "de": "<p>Das Netz der Straßburger Mediatheken umfasst die Mediathek André Malraux, "
            "Stadtteilmediatheken und eine Artothek. Straßburg war <b>UNESCO-Welthauptstadt "
            "des Buches 2024</b>; die Partnerschaft mit Dresden, Partnerstadt seit 1990, hat "
            "die Bewerbung mitgetragen.</p>",
        },
        "contacts": [
            (
                "Claire Muller",
                {
                    "fr": "Directrice adjointe des médiathèques",
                    "de": "Stellvertretende Leiterin der Mediatheken",
                },
                "claire.muller@example.fr",
                "+33 3 00 00 00 00",
            ),
            (
                "Julien Schmitt",
                {
                    "fr": "Responsable jeu vidéo et numérique",
                    "de": "Verantwortlicher für Gaming und Digitales",
                },
                "julien.schmitt@example.fr",
                "",
            ),
        ],
    },
]

PRACTICES = [
    {
        "key": "artothek",
        "library": "dresden",
        "source": "de",
        "title": {
            "de": "Artothek: Kunst zum Ausleihen",
            "fr": "L'Artothek : l'art à emprunter",
            "en": "Artothek: art to borrow",
        },
        "slug": {"de": "artothek", "fr": "artotheque-dresde", "en": "artothek"},
        "maturity": "established",
        "topics": ["art-lending"],
        "sdgs": [4, 11],
        "summary": {
            "de": "Originalgrafiken, Fotografien und Gemälde Dresdner Künstlerinnen und Künstler "
            "werden wie Bücher für drei Monate ausgeliehen. Die Artothek bringt Kunst in "
            "Wohnungen, Büros und Schulen.",
            "fr": "Gravures originales, photographies et tableaux d'artistes de Dresde "
            "s'empruntent comme des livres, pour trois mois. L'Artothek fait entrer l'art "
            "dans les logements, les bureaux et les écoles.",
            "en": "Original prints, photographs and paintings by Dresden artists are lent like "
            "books, for three months. The Artothek brings art into homes, offices and "
            "schools.",
        },
        "body": {
            "de": [
                paragraph(
                    "<p>Die Artothek in der Zentralbibliothek verleiht über 1.500 "
                    "Kunstwerke. Ausleihen kann jede Person mit gültigem "
                    "Bibliotheksausweis; die Werke sind versichert und werden in "
                    "Schutzhüllen ausgegeben.</p>"
                ),
                key_facts(
                    ("Bestand", "über 1.500 Werke"),
                    ("Leihfrist", "3 Monate"),
                    ("Gebühr", "2 € pro Werk"),
                ),
                heading("So fangen Sie an"),
                steps(
                    (
                        "Bestand aufbauen",
                        "<p>Ankäufe bei regionalen Künstlerinnen und "
                        "Künstlern, ergänzt durch <b>Schenkungen</b>.</p>",
                    ),
                    (
                        "Versicherung klären",
                        "<p>Eine Ausstellungsversicherung deckt den "
                        "Transport und die Ausleihe ab.</p>",
                    ),
                    (
                        "Sichtbar präsentieren",
                        "<p>Wechselnde Hängung im Foyer; alle Werke "
                        "im Online-Katalog mit Foto.</p>",
                    ),
                ),
                quote(
                    "Viele entleihen zum ersten Mal ein Original – und kommen wieder.",
                    "Team der Artothek",
                ),
            ],
        },
        "related": ["gaming"],
    },
    {
        "key": "gaming",
        "library": "strasbourg",
        "source": "fr",
        "title": {
            "fr": "Jouer à la PlayStation en médiathèque",
            "de": "PlayStation in der Mediathek",
        },
        "slug": {"fr": "jeu-video-en-mediatheque", "de": "playstation-in-der-mediathek"},
        "maturity": "established",
        "topics": ["gaming"],
        "sdgs": [4, 10],
        "summary": {
            "fr": "Des consoles en libre accès et des tournois réguliers attirent des adolescents "
            "qui ne venaient plus à la médiathèque. Le jeu vidéo y est traité comme un "
            "média culturel à part entière.",
            "de": "Frei zugängliche Konsolen und regelmäßige Turniere holen Jugendliche zurück, "
            "die nicht mehr in die Mediathek kamen. Videospiele gelten dort als "
            "vollwertiges Kulturmedium.",
        },
        "body": {
            "fr": [
                paragraph(
                    "<p>Chaque médiathèque de quartier dispose d'un espace jeu avec deux "
                    "consoles et une sélection de jeux renouvelée chaque trimestre. Les "
                    "créneaux se réservent sur place, pour une heure.</p>"
                ),
                paragraph(
                    "<p>Lors de la visite de février 2023, les collègues de Dresde ont "
                    "posé la question : <i>faut-il pouvoir jouer à la PlayStation dans une "
                    "bibliothèque ?</i> Notre réponse : oui, si l'on accompagne les "
                    "joueurs.</p>"
                ),
                key_facts(
                    ("Consoles", "PlayStation 5, Nintendo Switch"),
                    ("Public", "11–18 ans"),
                    ("Tournois", "un par mois"),
                ),
                steps(
                    (
                        "Choisir les jeux",
                        "<p>Classification PEGI affichée, jeux coopératifs privilégiés.</p>",
                    ),
                    (
                        "Former l'équipe",
                        "<p>Deux médiateurs par site, formés à l'animation de tournois.</p>",
                    ),
                ),
                contact(
                    "Julien Schmitt",
                    "Responsable jeu vidéo et numérique",
                    "julien.schmitt@example.fr",
                ),
            ],
        },
        "related": ["artothek", "skaberkultur"],
    },
    {
        "key": "schulbibliotheken",
        "library": "dresden",
        "source": "de",
        "title": {"de": "Schulbibliotheken in Dresden", "en": "School libraries in Dresden"},
        "slug": {"de": "schulbibliotheken", "en": "school-libraries"},
        "maturity": "established",
        "topics": ["school-libraries", "reading-promotion"],
        "sdgs": [4],
        "summary": {
            "de": "Die Städtischen Bibliotheken statten Schulbibliotheken aus und betreuen sie "
            "fachlich: Bestand, Katalog, Schulungen für Lehrkräfte und Ehrenamtliche.",
            "en": "The municipal libraries equip school libraries and give them professional "
            "support: stock, catalogue, training for teachers and volunteers.",
        },
        "body": {
            "de": [
                paragraph(
                    "<p>In Dresden werden Schulbibliotheken gemeinsam von Schule und "
                    "Städtischen Bibliotheken getragen. Die Bibliotheken liefern "
                    "Medienkisten, katalogisieren den Bestand im gemeinsamen System und "
                    "schulen das Personal vor Ort.</p>"
                ),
                paragraph(
                    "<p>Die Straßburger Kolleginnen und Kollegen besuchten im Juni 2022 "
                    "zwei Schulbibliotheken und fragten vor allem nach der "
                    "<b>Betreuung</b>: Wer öffnet, wer wählt aus, wer zahlt?</p>"
                ),
                key_facts(
                    ("Schulbibliotheken", "über 40"), ("Betreuung", "Fachstelle Schulbibliotheken")
                ),
            ],
            "en": [
                paragraph(
                    "<p>In Dresden, school libraries are run jointly by the school and the "
                    "municipal libraries. The libraries deliver boxes of media, catalogue "
                    "the stock in the shared system and train the people on site.</p>"
                ),
                paragraph(
                    "<p>The colleagues from Strasbourg visited two school libraries in "
                    "June 2022 and asked above all about <b>support</b>: who opens, who "
                    "selects, who pays?</p>"
                ),
                key_facts(("School libraries", "over 40"), ("Support", "School library unit")),
            ],
        },
        "related": ["lesepaten"],
    },
    {
        "key": "lesepaten",
        "library": "dresden",
        "source": "de",
        "title": {
            "de": "Lesepaten: Ehrenamtliche lesen vor",
            "fr": "Les Lesepaten : des bénévoles qui lisent",
        },
        "slug": {"de": "lesepaten", "fr": "lesepaten"},
        "maturity": "established",
        "topics": ["volunteers", "reading-promotion"],
        "sdgs": [4, 10, 17],
        "summary": {
            "de": "Ehrenamtliche Lesepaten lesen in Bibliotheken, Kitas und Schulen vor. Die "
            "Bibliothek gewinnt, schult und begleitet sie und bindet sie in die reguläre "
            "Bibliotheksarbeit ein.",
            "fr": "Des bénévoles, les Lesepaten, lisent à voix haute dans les bibliothèques, les "
            "crèches et les écoles. La bibliothèque les recrute, les forme et les "
            "accompagne dans son travail quotidien.",
        },
        "body": {
            "de": [
                paragraph(
                    "<p>Wie bindet man das Ehrenamt gut in die reguläre Bibliotheksarbeit "
                    "ein? In Dresden haben Lesepaten eine feste Ansprechperson, ein "
                    "Einführungsseminar und regelmäßige Treffen zum Austausch.</p>"
                ),
                steps(
                    (
                        "Gewinnen",
                        "<p>Aufrufe in der Bibliothek und in der Presse; ein "
                        "Kennenlerngespräch mit jeder Person.</p>",
                    ),
                    ("Schulen", "<p>Einführungsseminar zum <b>dialogischen Vorlesen</b>.</p>"),
                    (
                        "Begleiten",
                        "<p>Quartalstreffen und eine Dankeschön-Veranstaltung im Jahr.</p>",
                    ),
                ),
                contact(
                    "Thomas Richter", "Koordinator Ehrenamt und Lesepaten", "t.richter@example.de"
                ),
            ],
        },
        "related": ["schulbibliotheken", "unesco-2024"],
    },
    {
        "key": "bibo-7-10",
        "library": "dresden",
        "source": "de",
        "title": {
            "de": "Bibo 7/10: Sonntags geöffnet ohne Personal",
            "en": "Bibo 7/10: open on Sundays without staff",
            "fr": "Bibo 7/10 : ouvert le dimanche sans personnel",
        },
        "slug": {"de": "bibo-7-10", "en": "bibo-7-10", "fr": "bibo-7-10"},
        "maturity": "pilot",
        "topics": ["open-library"],
        "sdgs": [10, 11],
        "summary": {
            "de": "Mit Bibo 7/10 sind Stadtteilbibliotheken auch an Sonntagvormittagen nutzbar – "
            "ohne reguläres Bibliothekspersonal: Zutritt mit dem Bibliotheksausweis, "
            "Selbstverbuchung und Videoüberwachung des Eingangs.",
            "en": "With Bibo 7/10, branch libraries can be used on Sunday mornings too – without "
            "regular library staff: access with the library card, self-service loans and a "
            "monitored entrance.",
            "fr": "Avec Bibo 7/10, les bibliothèques de quartier sont aussi utilisables le "
            "dimanche matin, sans personnel : accès avec la carte de bibliothèque, prêt en "
            "libre-service et entrée sous surveillance vidéo.",
        },
        "body": {
            "de": [
                paragraph(
                    "<p>Bibo 7/10 steht für Öffnung an <b>7 Tagen</b> bis <b>10 Uhr "
                    "abends</b>. Im Pilotbetrieb öffnen ausgewählte Stadtteilbibliotheken "
                    "sonntags von 10 bis 14 Uhr ohne Personal.</p>"
                ),
                paragraph(
                    "<p>Im Juni 2022 konnten die Straßburger Gäste an einem "
                    "Sonntagvormittag selbst testen, wie eine Stadtteilbibliothek ohne "
                    "reguläres Personal nutzbar ist.</p>"
                ),
                key_facts(
                    ("Öffnung ohne Personal", "Sonntag 10–14 Uhr"),
                    ("Zutritt", "ab 18 Jahren mit Bibliotheksausweis"),
                    ("Status", "Pilot in mehreren Stadtteilbibliotheken"),
                ),
                steps(
                    (
                        "Technik",
                        "<p>Zutrittskontrolle am Eingang, Selbstverbuchung, Alarmanlage.</p>",
                    ),
                    (
                        "Rechtliches",
                        "<p>Hausordnung und Datenschutz für die Videoaufzeichnung klären.</p>",
                    ),
                    ("Kommunikation", "<p>Nachbarschaft und Stadtrat früh einbinden.</p>"),
                ),
            ],
            "en": [
                paragraph(
                    "<p>Bibo 7/10 stands for opening <b>7 days</b> a week until <b>10 in "
                    "the evening</b>. In the pilot, selected branch libraries open on "
                    "Sundays from 10:00 to 14:00 without staff.</p>"
                ),
                paragraph(
                    "<p>In June 2022 the guests from Strasbourg tried out for themselves, "
                    "on a Sunday morning, how a branch library can be used without regular "
                    "staff.</p>"
                ),
                key_facts(
                    ("Open without staff", "Sunday 10:00–14:00"),
                    ("Access", "from 18, with a library card"),
                    ("Status", "pilot in several branch libraries"),
                ),
                steps(
                    (
                        "Technology",
                        "<p>Access control at the entrance, self-service loans, alarm system.</p>",
                    ),
                    (
                        "Legal",
                        "<p>Settle the house rules and data protection for the video "
                        "recording.</p>",
                    ),
                    (
                        "Communication",
                        "<p>Involve the neighbourhood and the city council early.</p>",
                    ),
                ),
            ],
        },
        "related": ["lesepaten"],
    },
    {
        "key": "verdensmaal",
        "library": "ballerup",
        "source": "da",
        "title": {"da": "Verdensmål til hverdagsmål", "en": "Global goals into everyday goals"},
        "slug": {"da": "verdensmaal-til-hverdagsmaal", "en": "global-goals-everyday-goals"},
        "maturity": "pilot",
        "topics": ["sustainability"],
        "sdgs": [3, 7, 11, 12, 13, 17],
        "summary": {
            "da": "Vi vil gøre verdensmål håndgribelige i borgernes hverdag, og bæredygtighed "
            "tænkes ind i husenes udvikling og daglige drift samt i vores formidlingstilbud "
            "til borgerne.",
            "en": "We want to make the global goals tangible in citizens' everyday lives, and "
            "sustainability is built into the development and daily running of our "
            "buildings and into what we offer citizens.",
        },
        "body": {
            "da": [
                paragraph(
                    "<p>Vi skal gøre Verdensmål til hverdagsmål og understøtte en "
                    "bæredygtig udvikling gennem formidling og aktive indsatser, herunder "
                    "nedbryde siloer på tværs af sektorer.</p>"
                ),
                heading("Sådan arbejder vi"),
                paragraph(
                    "<ul><li>Bytte-reoler for tøj, frø og værktøj</li><li>Energitjek "
                    "af bygningerne sammen med kommunen</li><li>Debatmøder om klima og "
                    "lokalsamfund</li></ul>"
                ),
                key_facts(
                    ("Strategi", "Bedre liv – mere liv 2020–2023"),
                    ("Verdensmål", "3, 7, 11, 12, 13, 17"),
                ),
                contact(
                    "Jonas Krogh",
                    "Projektleder, verdensmål og bæredygtighed",
                    "jonas.krogh@example.dk",
                ),
            ],
        },
        "related": ["skaberkultur"],
    },
    {
        "key": "skaberkultur",
        "library": "ballerup",
        "source": "da",
        "title": {"da": "Skaberkultur og teknologiglæde"},
        "slug": {"da": "skaberkultur-og-teknologiglaede"},
        "maturity": "established",
        "topics": ["maker-culture"],
        "sdgs": [4, 9],
        "summary": {
            "da": "Vi opfordrer til litterær og teknologisk kreativitet med tilbud, der hjælper "
            "borgerne fra at være forbrugere til at blive medskabere – fra kodning og "
            "robotter til 3D-print.",
        },
        "body": {
            "da": [
                paragraph(
                    "<p>Vi vil ruste Ballerup-borgerne til fremtidens nye teknologier, og "
                    "derfor fokuserer vi på <b>digital dannelse</b> og præsenterer "
                    "borgerne for eksempelvis robotteknologi og kodning.</p>"
                ),
                paragraph(
                    "<p>Skoleklasser kommer til kodeværksteder, og om eftermiddagen er "
                    "makerspace åbent for alle.</p>"
                ),
                steps(
                    ("Udstyr", "<p>Start småt: micro:bit, LEGO-robotter og en 3D-printer.</p>"),
                    ("Samarbejde", "<p>Aftal forløb med folkeskolen om teknologiforståelse.</p>"),
                ),
            ],
        },
        "related": ["gaming", "verdensmaal"],
    },
    {
        "key": "laeselyst",
        "library": "ballerup",
        "source": "da",
        "title": {"da": "Læselyst på alle niveauer", "en": "Joy of reading at every level"},
        "slug": {"da": "laeselyst", "en": "joy-of-reading"},
        "maturity": "established",
        "topics": ["reading-promotion"],
        "sdgs": [4, 10],
        "summary": {
            "da": "Vi understøtter læsefærdigheder og læselyst på alle niveauer og sætter "
            "litteraturen i spil som middel til at skabe nye fællesskaber i lokalmiljøerne.",
            "en": "We support reading skills and the joy of reading at every level and use "
            "literature to create new communities in the neighbourhoods.",
        },
        "body": {
            "da": [
                paragraph(
                    "<p>Læsning er en af forudsætningerne for deltagelse i "
                    "vidensamfundet. Derfor formidler og kvalificerer vi de materialer og "
                    "tilbud, der bedst understøtter læsning – også med digitale "
                    "medier.</p>"
                ),
                paragraph(
                    "<ul><li>Læseklubber for børn, unge og voksne</li><li>Interaktiv "
                    "læsning med lyd og billeder</li><li>Særlige tilbud til dag- og "
                    "uddannelsesinstitutioner</li></ul>"
                ),
            ],
        },
        "related": ["lesepaten"],
    },
    {
        "key": "unesco-2024",
        "library": "strasbourg",
        "source": "fr",
        "title": {
            "fr": "Strasbourg, Capitale mondiale du livre UNESCO 2024",
            "de": "Straßburg, UNESCO-Welthauptstadt des Buches 2024",
        },
        "slug": {"fr": "capitale-mondiale-du-livre-2024", "de": "welthauptstadt-des-buches-2024"},
        "maturity": "idea",
        "topics": ["reading-promotion", "volunteers"],
        "sdgs": [4, 17],
        "summary": {
            "fr": "Dresde et Strasbourg ont préparé ensemble l'année de la Capitale mondiale du "
            "livre : parrains de lecture, clubs de lecture jumelés et partenariats "
            "scolaires.",
            "de": "Dresden und Straßburg haben das Jahr der Welthauptstadt des Buches gemeinsam "
            "vorbereitet: Lesepaten, Partnerschaften von Literaturclubs und "
            "Schulpartnerschaften.",
        },
        "body": {
            "fr": [
                paragraph(
                    "<p>Lors de la visite de février 2023, les premières idées concrètes "
                    "sont nées : associer les <i>Lesepaten</i> bénévoles de Dresde, faire "
                    "coopérer les clubs de lecture des deux villes et s'appuyer sur les "
                    "partenariats scolaires.</p>"
                ),
                resources(
                    (
                        "Strasbourg Capitale mondiale du livre",
                        "https://www.strasbourg.eu",
                        "Le programme de l'année 2024.",
                    )
                ),
            ],
        },
        "related": ["lesepaten", "laeselyst"],
    },
]

FEATURED_PRACTICES = ["bibo-7-10", "artothek", "verdensmaal"]

MEETINGS = [
    {
        "key": "online-2022-01",
        "source": "de",
        "title": {
            "de": "Digitaler Erfahrungsaustausch der Bibliotheken",
            "fr": "Échange d'expériences en ligne des bibliothèques",
        },
        "slug": {"de": "digitaler-erfahrungsaustausch-2022", "fr": "echange-en-ligne-2022"},
        "date": datetime.date(2022, 1, 14),
        "format": "online",
        "host": "dresden",
        "libraries": ["dresden", "strasbourg"],
        "summary": {
            "de": "Beide Einrichtungen stellten ihre Konzepte und Organisationsstrukturen vor. "
            "Auf besonderes Interesse stießen die Einbindung von Ehrenamtlichen, z. B. im "
            "Rahmen von Lesepatenschaften, sowie die Schulbibliotheken in der Stadt.",
            "fr": "Les deux établissements ont présenté leurs concepts et leur organisation. "
            "L'implication des bénévoles, par exemple les parrainages de lecture, et les "
            "bibliothèques scolaires de la ville ont suscité un intérêt particulier.",
        },
        "agenda": {
            "de": agenda(
                (
                    "Vorstellung der Bibliothekssysteme",
                    "<p>Organisation, Standorte, Zielgruppen.</p>",
                ),
                (
                    "Ehrenamt und Lesepaten",
                    "<p>Wie Dresden Ehrenamtliche gewinnt und begleitet.</p>",
                ),
                ("Schulbibliotheken", "<p>Ausstattung und Betreuung.</p>"),
                ("UNESCO-Welthauptstadt des Buches", "<p>Straßburgs Bewerbung.</p>"),
            ),
        },
        "decisions": {
            "de": decisions(
                "<p>Im Frühjahr folgen weitere digitale Treffen zu Ehrenamt und "
                "Schulbibliotheken.</p>",
                "<p>Dresden lädt die Straßburger Kolleginnen und Kollegen für <b>Sommer 2022</b> "
                "nach Dresden ein.</p>",
            ),
        },
        "participants": [
            ("Katrin Weber", {"de": "Leiterin Bibliotheksentwicklung"}, "dresden"),
            ("Thomas Richter", {"de": "Koordinator Ehrenamt"}, "dresden"),
            ("Claire Muller", {"de": "Stellvertretende Leiterin"}, "strasbourg"),
        ],
        "action_items": [
            (
                {"de": "Termine für die Frühjahrstreffen vorschlagen"},
                "Katrin Weber",
                datetime.date(2022, 2, 15),
                "done",
            ),
            (
                {"de": "Einladung nach Dresden für Juni 2022 versenden"},
                "Katrin Weber",
                datetime.date(2022, 3, 31),
                "done",
            ),
        ],
        "next_meeting": (datetime.date(2022, 6, 13), {"de": "Besuch in Dresden"}),
        "practices": ["lesepaten", "schulbibliotheken", "unesco-2024"],
    },
    {
        "key": "dresden-2022-06",
        "source": "de",
        "title": {
            "de": "Kollegen aus Straßburg zu Gast in Dresden",
            "fr": "Les collègues de Strasbourg en visite à Dresde",
            "en": "Strasbourg colleagues visit Dresden",
        },
        "slug": {
            "de": "strassburg-zu-gast-in-dresden-2022",
            "fr": "visite-a-dresde-2022",
            "en": "strasbourg-visits-dresden-2022",
        },
        "date": datetime.date(2022, 6, 13),
        "end_date": datetime.date(2022, 6, 16),
        "format": "on_site",
        "host": "dresden",
        "libraries": ["dresden", "strasbourg"],
        "summary": {
            "de": "Fünf Straßburger Kolleginnen und Kollegen lernten das Kinderliteraturfestival "
            "„Kinder.Bücher!“ kennen, besuchten Schulbibliotheken und testeten, wie eine "
            "Stadtteilbibliothek am Sonntagvormittag ohne reguläres Personal nutzbar ist.",
            "en": "Five colleagues from Strasbourg got to know the children's literature festival "
            "“Kinder.Bücher!”, visited school libraries and tried out how a branch library "
            "can be used on a Sunday morning without regular staff.",
        },
        "agenda": {
            "de": agenda(
                (
                    "Kinderliteraturfestival „Kinder.Bücher!“",
                    "<p>Erste Ausgabe des lesestarken Festivals.</p>",
                ),
                ("Besuch von Schulbibliotheken", ""),
                ("Bibo 7/10 am Sonntag", "<p>Selbsttest in einer Stadtteilbibliothek.</p>"),
                (
                    "Kooperationsmöglichkeiten",
                    "<p>Unterstützung für Straßburgs Bewerbung als "
                    "UNESCO-Welthauptstadt des Buches.</p>",
                ),
            ),
        },
        "decisions": {
            "de": decisions(
                "<p>Beide Seiten setzen den Austausch fort und profitieren von der Expertise "
                "der Partner.</p>",
                "<p>Straßburg lädt zum Gegenbesuch ein; ein nächster Online-Termin ist "
                "vereinbart.</p>",
            ),
        },
        "participants": [
            ("Katrin Weber", {"de": "Gastgeberin"}, "dresden"),
            ("Claire Muller", {"de": "Delegationsleitung"}, "strasbourg"),
            ("Julien Schmitt", {"de": "Gaming und Digitales"}, "strasbourg"),
        ],
        "action_items": [
            (
                {"de": "Unterlagen zu Bibo 7/10 (Technik, Hausordnung) nach Straßburg schicken"},
                "Thomas Richter",
                datetime.date(2022, 9, 30),
                "done",
            ),
            (
                {"de": "Termin für den Gegenbesuch in Straßburg abstimmen"},
                "Claire Muller",
                datetime.date(2022, 11, 30),
                "done",
            ),
        ],
        "next_meeting": (datetime.date(2023, 2, 6), {"de": "Gegenbesuch in Straßburg"}),
        "practices": ["bibo-7-10", "schulbibliotheken", "lesepaten"],
    },
    {
        "key": "strasbourg-2023-02",
        "source": "fr",
        "title": {
            "fr": "Les bibliothèques de Dresde en visite à Strasbourg",
            "de": "Städtische Bibliotheken Dresden zu Gast in Straßburg",
        },
        "slug": {
            "fr": "dresde-en-visite-a-strasbourg-2023",
            "de": "dresden-zu-gast-in-strassburg-2023",
        },
        "date": datetime.date(2023, 2, 6),
        "end_date": datetime.date(2023, 2, 8),
        "format": "on_site",
        "host": "strasbourg",
        "libraries": ["dresden", "strasbourg"],
        "summary": {
            "fr": "Comment toucher de nouveaux publics ? Faut-il pouvoir jouer à la PlayStation "
            "en bibliothèque ? Comment fonctionne l'artothèque ? Ces questions et bien "
            "d'autres ont été discutées avec les collègues de Dresde début février.",
            "de": "Wie erreichen wir neue Zielgruppen? Sollte man in einer Bibliothek "
            "Playstation spielen können? Wie funktioniert die Artothek? Diese und viele "
            "weitere Fragen diskutierten die Dresdner Kolleginnen und Kollegen Anfang "
            "Februar in Straßburg.",
        },
        "agenda": {
            "fr": agenda(
                ("Toucher de nouveaux publics", ""),
                (
                    "Jeu vidéo en médiathèque",
                    "<p>Visite de l'espace jeu d'une médiathèque de quartier.</p>",
                ),
                ("Artothèque", "<p>Comparaison avec l'Artothek de Dresde.</p>"),
                ("Capitale mondiale du livre UNESCO 2024", "<p>Idées de coopération.</p>"),
            ),
        },
        "decisions": {
            "fr": decisions(
                "<p>Associer les <i>Lesepaten</i> de Dresde à l'année de la Capitale mondiale "
                "du livre.</p>",
                "<p>Mettre en relation les clubs de lecture des deux villes et s'appuyer sur "
                "les partenariats scolaires.</p>",
                "<p>Le prochain échange en ligne portera sur le développement durable en "
                "bibliothèque.</p>",
            ),
        },
        "participants": [
            ("Claire Muller", {"fr": "Hôtesse"}, "strasbourg"),
            ("Julien Schmitt", {"fr": "Jeu vidéo et numérique"}, "strasbourg"),
            ("Katrin Weber", {"fr": "Cheffe de délégation"}, "dresden"),
            ("Thomas Richter", {"fr": "Bénévolat et Lesepaten"}, "dresden"),
        ],
        "action_items": [
            (
                {"fr": "Proposer un jumelage de clubs de lecture pour 2024"},
                "Claire Muller",
                datetime.date(2023, 6, 30),
                "done",
            ),
            (
                {"fr": "Inviter Ballerup à l'échange sur le développement durable"},
                "Katrin Weber",
                datetime.date(2023, 4, 15),
                "done",
            ),
        ],
        "next_meeting": (
            datetime.date(2023, 5, 11),
            {"fr": "En ligne : le développement durable en bibliothèque"},
        ),
        "practices": ["gaming", "artothek", "unesco-2024"],
    },
    {
        "key": "sustainability-2023-05",
        "source": "en",
        "title": {
            "en": "Online follow-up: sustainability in libraries",
            "da": "Online-opfølgning: bæredygtighed i bibliotekerne",
        },
        "slug": {"en": "sustainability-in-libraries-2023", "da": "baeredygtighed-2023"},
        "date": datetime.date(2023, 5, 11),
        "format": "online",
        "host": "ballerup",
        "libraries": ["ballerup", "dresden", "strasbourg"],
        "summary": {
            "en": "Ballerup joined the exchange and presented how it turns the global goals into "
            "everyday goals; Dresden and Strasbourg compared energy use, weeding and "
            "second-hand schemes. The partners agreed to plan a study visit to Ballerup.",
            "da": "Ballerup kom med i udvekslingen og fortalte, hvordan vi gør verdensmål til "
            "hverdagsmål; Dresden og Strasbourg sammenlignede energiforbrug, kassation og "
            "genbrugsordninger. Partnerne aftalte at planlægge et studiebesøg i Ballerup.",
        },
        "agenda": {
            "en": agenda(
                (
                    "Welcome to Ballerup",
                    "<p>Strategy <i>Bedre liv – mere liv</i> and its three tracks.</p>",
                ),
                ("SDGs in daily operations", "<p>Energy checks, swap shelves, events.</p>"),
                ("Sustainability in Dresden and Strasbourg", ""),
            ),
        },
        "decisions": {
            "en": decisions(
                "<p>Each library keeps a short list of sustainability measures on this wiki.</p>",
                "<p>A study visit to Ballerup is planned for <b>spring 2027</b>.</p>",
            ),
        },
        "participants": [
            ("Jonas Krogh", {"en": "Presenter", "da": "Oplægsholder"}, "ballerup"),
            ("Katrin Weber", {"en": "Dresden"}, "dresden"),
            ("Claire Muller", {"en": "Strasbourg"}, "strasbourg"),
        ],
        "action_items": [
            (
                {"en": "Describe the swap shelves as a practice on the wiki"},
                "Jonas Krogh",
                datetime.date(2023, 9, 1),
                "done",
            ),
            (
                {"en": "Share the energy figures of the Kulturpalast"},
                "Katrin Weber",
                datetime.date(2023, 12, 31),
                "in_progress",
            ),
            (
                {"en": "Draft the programme of the study visit to Ballerup"},
                "Mette Holm",
                datetime.date(2027, 1, 31),
                "open",
            ),
        ],
        "next_meeting": (None, {"en": "Study visit to Ballerup, spring 2027"}),
        "practices": ["verdensmaal", "skaberkultur"],
    },
]

TRIP = {
    "key": "ballerup-2027",
    "source": "da",
    "title": {
        "da": "Studiebesøg i Ballerup, april 2027",
        "en": "Study visit to Ballerup, April 2027",
    },
    "slug": {"da": "studiebesoeg-ballerup-2027", "en": "study-visit-ballerup-2027"},
    "host": "ballerup",
    "start_date": datetime.date(2027, 4, 26),
    "end_date": datetime.date(2027, 4, 28),
    "meeting_point": {
        "da": "Mandag 26. april kl. 13.45 ved hovedindgangen til Ballerup Bibliotek",
        "en": "Monday 26 April at 13:45 at the main entrance of Ballerup Bibliotek",
    },
    "introduction": {
        "da": "Tre dage i Ballerup med verdensmål, skaberkultur og læselyst. Programmet er "
        "lavet til kollegerne fra Dresden og Strasbourg.",
        "en": "Three days in Ballerup with the global goals, maker culture and the joy of "
        "reading. The programme is made for the colleagues from Dresden and Strasbourg.",
    },
    "programme": {
        "da": [
            {
                "type": "day",
                "value": {
                    "date": "2027-04-26",
                    "title": "Ankomst og velkomst",
                    "sessions": [
                        {
                            "start_time": "14:00",
                            "end_time": "15:30",
                            "title": "Rundvisning på Ballerup Bibliotek",
                            "location": "Ballerup Bibliotek",
                            "description": "",
                        },
                        {
                            "start_time": "16:00",
                            "end_time": "17:00",
                            "title": "Strategien Bedre liv – mere liv",
                            "location": "Mødelokale 1",
                            "description": "<p>Oplæg ved bibliotekschefen.</p>",
                        },
                    ],
                },
            },
            {
                "type": "day",
                "value": {
                    "date": "2027-04-27",
                    "title": "Verdensmål og skaberkultur",
                    "sessions": [
                        {
                            "start_time": "09:30",
                            "end_time": "11:30",
                            "title": "Verdensmål til hverdagsmål",
                            "location": "Ballerup Bibliotek",
                            "description": "<p>Bytte-reoler og energitjek.</p>",
                        },
                        {
                            "start_time": "13:00",
                            "end_time": "15:00",
                            "title": "Kodeværksted med en skoleklasse",
                            "location": "Makerspace",
                            "description": "",
                        },
                    ],
                },
            },
            {
                "type": "day",
                "value": {
                    "date": "2027-04-28",
                    "title": "Læselyst og afrejse",
                    "sessions": [
                        {
                            "start_time": "09:30",
                            "end_time": "11:00",
                            "title": "Læseklub for unge",
                            "location": "Skovlunde Bibliotek",
                            "description": "",
                        },
                        {
                            "start_time": "11:30",
                            "end_time": "12:30",
                            "title": "Opsamling og næste skridt",
                            "location": "Ballerup Bibliotek",
                            "description": "",
                        },
                    ],
                },
            },
        ],
    },
    "practical_information": {
        "da": [
            paragraph(
                "<p>Ballerup ligger 20 minutter fra Københavns Hovedbanegård med S-tog "
                "(linje C). Fra Københavns Lufthavn tager turen cirka 45 minutter.</p>"
            ),
            paragraph(
                "<p>Vi har reserveret værelser på et hotel ved Ballerup Station. "
                "Frokost er inkluderet alle dage.</p>"
            ),
        ],
        "en": [
            paragraph(
                "<p>Ballerup is 20 minutes from Copenhagen Central Station by S-train "
                "(line C). From Copenhagen Airport the journey takes about 45 "
                "minutes.</p>"
            ),
            paragraph(
                "<p>Rooms are reserved at a hotel next to Ballerup station. Lunch is "
                "included every day.</p>"
            ),
        ],
    },
    "checklist": {
        "da": [
            {"type": "item", "value": text}
            for text in (
                "Book rejse inden 1. marts 2027",
                "Send kostpræferencer til værten",
                "Medbring en kort præsentation af jeres bibliotek",
                "Rejsesygesikring (blåt EU-sygesikringskort)",
            )
        ],
        "en": [
            {"type": "item", "value": text}
            for text in (
                "Book travel before 1 March 2027",
                "Send dietary requirements to the host",
                "Bring a short presentation of your library",
                "Travel health insurance (European Health Insurance Card)",
            )
        ],
    },
    "practices": ["verdensmaal", "skaberkultur", "laeselyst"],
}

ATTACHMENT = {
    "meeting": "strasbourg-2023-02",
    "title": "Programme de la visite, février 2023",
    "filename": "programme-visite-strasbourg-2023.txt",
    "text": "Programme de la visite des Städtische Bibliotheken Dresden à Strasbourg\n"
    "6 février : médiathèque André Malraux, artothèque\n"
    "7 février : espace jeu vidéo d'une médiathèque de quartier ; nouveaux publics\n"
    "8 février : Capitale mondiale du livre UNESCO 2024, idées de coopération\n",
}

MACHINE_DRAFTS = [("verdensmaal", ["de"]), ("bibo-7-10", ["da"])]
"""Pages the loader drafts with the offline pseudo provider, so the review queue has work."""
