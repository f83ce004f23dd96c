"""Demo data for municipalities: contacts, agreements in mixed states (with a small signed PDF)
and a 2026 cost split. Safe to run again; creates nothing twice."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from .loading import load_norrbotten_now
from .models import Agreement, Contact, CostSplit, Municipality

# kommunkod: (socialchef, IFO-chef, regional kontaktperson)
CONTACT_NAMES = {
    "2505": ("Ingrid Sandström", "Per Holmgren", "Lena Marklund"),
    "2506": ("Birgitta Lind", "Olof Sjöberg", "Anna Rönnbäck"),
    "2510": ("Margareta Kuoljok", "Nils Spik", "Elin Labba"),
    "2513": ("Gunilla Stenberg", "Tomas Nyström", "Frida Lehto"),
    "2514": ("Helena Bergström", "Jonas Öhman", "Malin Kostet"),
    "2518": ("Kristina Vaara", "Mats Kallio", "Sofia Niemi"),
    "2521": ("Eva Keinänen", "Pekka Alatalo", "Hanna Kangas"),
    "2523": ("Susanne Forsberg", "Anders Hedlund", "Maja Sarri"),
    "2560": ("Annika Strand", "Henrik Lundqvist", "Emma Burman"),
    "2580": ("Catarina Wikström", "Magnus Eriksson", "Josefin Nordin"),
    "2581": ("Ulrika Granström", "Stefan Öberg", "Linnea Boström"),
    "2582": ("Marie Lindmark", "Patrik Sundqvist", "Ida Rosendahl"),
    "2583": ("Åsa Karlsson", "Mikael Juntti", "Tove Rautio"),
    "2584": ("Lisa Pittsa", "Erik Niia", "Sanna Kitok"),
}

# The regional agreement's state per municipality; everything not listed is signed.
SENT = {"2580", "2514", "2523"}  # Luleå waits for its signature (the demo journey signs it)
DRAFT = {"2506"}
EXPIRING_SOON = {"2584"}  # signed, but its period ends within 90 days
TERMINATED = {"2518"}


def demo_pdf(title):
    """A small, valid one-page PDF with `title` on it (ASCII only), built by hand."""
    text = title.encode("ascii", "replace").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _regional_agreement(municipality, today):
    code = municipality.code
    agreement, created = Agreement.objects.get_or_create(
        municipality=municipality, kind=Agreement.Kind.REGIONAL
    )
    if not created:
        return agreement
    if code in DRAFT:
        agreement.notes = "Utkast under beredning hos socialchefen."
    elif code in SENT:
        agreement.status, agreement.sent_on = Agreement.Status.SENT, today - datetime.timedelta(days=40)
    elif code in TERMINATED:
        agreement.status = Agreement.Status.TERMINATED
        agreement.sent_on, agreement.signed_on = datetime.date(2021, 3, 1), datetime.date(2021, 4, 12)
        agreement.signatory = CONTACT_NAMES[code][0]
        agreement.notes = "Uppsagd av kommunen; ny överenskommelse diskuteras."
    else:
        agreement.status = Agreement.Status.SIGNED
        agreement.sent_on, agreement.signed_on = datetime.date(2021, 3, 1), datetime.date(2021, 4, 15)
        agreement.signatory = CONTACT_NAMES[code][0]
        if code in EXPIRING_SOON:
            agreement.ends_on = today + datetime.timedelta(days=45)
        agreement.document.save(
            f"{code}.pdf", ContentFile(demo_pdf(f"Overenskommelse Yrkesresan - kommun {code}")), save=False
        )
    agreement.save()
    return agreement


# Each municipality's telephone area code (riktnummer), by kommunkod.
AREA_CODES = {
    "2505": "0960",  # Arvidsjaur
    "2506": "0961",  # Arjeplog
    "2510": "0971",  # Jokkmokk
    "2513": "0926",  # Överkalix
    "2514": "0923",  # Kalix
    "2518": "0927",  # Övertorneå
    "2521": "0978",  # Pajala
    "2523": "0970",  # Gällivare
    "2560": "0929",  # Älvsbyn
    "2580": "0920",  # Luleå
    "2581": "0911",  # Piteå
    "2582": "0921",  # Boden
    "2583": "0922",  # Haparanda
    "2584": "0980",  # Kiruna
}


def demo_phone(code, number):
    """A switchboard-like number in the municipality's own area code: "0920-45 30 01"."""
    return f"{AREA_CODES.get(code, '010')}-{int(code[2:]) % 90 + 10} 30 {number + 1:02d}"


def load(stdout):
    region = load_norrbotten_now()
    today = datetime.date.today()
    for municipality in Municipality.objects.filter(region=region):
        names = CONTACT_NAMES.get(municipality.code)
        if names and not municipality.contacts.exists():
            domain = municipality.email_domains.values_list("domain", flat=True).first() or "example.se"
            for role, name in zip(Contact.Role.values, names, strict=False):
                first, last = name.lower().split(" ", 1)
                Contact.objects.create(
                    municipality=municipality,
                    role=role,
                    name=name,
                    email=f"{first}.{last}@{domain}".translate(str.maketrans("åäöü", "aaou")),
                    phone=demo_phone(municipality.code, Contact.Role.values.index(role)),
                )
        _regional_agreement(municipality, today)
        Agreement.objects.get_or_create(
            municipality=municipality,
            kind=Agreement.Kind.SKR,
            defaults={
                "status": Agreement.Status.SIGNED,
                "sent_on": datetime.date(2020, 11, 2),
                "signed_on": datetime.date(2020, 12, 10),
                "signatory": "Kommunstyrelsens ordförande",
            },
        )
    CostSplit.objects.get_or_create(
        region=region,
        year=2026,
        defaults={
            "regional_budget": Decimal("1250000.00"),
            "base_per_municipality": Decimal("25000.00"),
            "national_fee_per_inhabitant": Decimal("2.28"),
        },
    )
    stdout.write(
        f"Kommuner: {Municipality.objects.count()} med kontakter, överenskommelser och "
        f"kostnadsfördelning 2026."
    )
