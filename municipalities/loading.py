"""Loading the Norrbotten municipalities shipped with the project (SCB population 2025-12-31)."""

import csv
import datetime
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "norrbotten_municipalities.csv"

# The municipalities' own web domains, used to place self-registered staff.
NORRBOTTEN_DOMAINS = {
    "2505": "arvidsjaur.se",
    "2506": "arjeplog.se",
    "2510": "jokkmokk.se",
    "2513": "overkalix.se",
    "2514": "kalix.se",
    "2518": "overtornea.se",
    "2521": "pajala.se",
    "2523": "gallivare.se",
    "2560": "alvsbyn.se",
    "2580": "lulea.se",
    "2581": "pitea.se",
    "2582": "boden.se",
    "2583": "haparanda.se",
    "2584": "kiruna.se",
}


def load_norrbotten(region_model, municipality_model, domain_model, population_model):
    """Create or update Norrbottens Kommuner and its 14 municipalities; safe to run again.

    Takes the model classes so that a data migration can pass its historical models.
    """
    region, _ = region_model.objects.get_or_create(
        slug="norrbotten", defaults={"name": "Norrbottens Kommuner", "county": "Norrbottens län"}
    )
    with DATA_FILE.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            municipality, _ = municipality_model.objects.update_or_create(
                code=row["kommunkod"],
                defaults={"name": row["namn"], "region": region, "joined_on": datetime.date(2021, 1, 1)},
            )
            population_model.objects.update_or_create(
                municipality=municipality,
                date=datetime.date.fromisoformat(row["folkmangd_datum"]),
                defaults={"population": int(row["folkmangd"])},
            )
            domain = NORRBOTTEN_DOMAINS.get(row["kommunkod"])
            if domain:
                domain_model.objects.get_or_create(domain=domain, defaults={"municipality": municipality})
    return region


def load_norrbotten_now():
    from .models import EmailDomain, Municipality, PopulationFigure, Region

    return load_norrbotten(Region, Municipality, EmailDomain, PopulationFigure)
