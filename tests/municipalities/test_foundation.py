"""The 14 Norrbotten municipalities are in the database from the first migration."""

import pytest

from municipalities.models import Municipality, PopulationFigure

pytestmark = pytest.mark.django_db


def test_the_fourteen_municipalities_with_population_and_date_are_loaded():
    assert Municipality.objects.count() == 14
    lulea = Municipality.objects.get(code="2580")
    assert lulea.name == "Luleå" and lulea.region.name == "Norrbottens Kommuner"
    figure = lulea.current_population
    assert (figure.population, figure.date.isoformat()) == (80321, "2025-12-31")
    assert PopulationFigure.objects.filter(date="2025-12-31").count() == 14
    assert sum(p.population for p in PopulationFigure.objects.all()) == 248943


def test_loading_again_changes_nothing():
    from municipalities.loading import load_norrbotten_now

    load_norrbotten_now()
    assert Municipality.objects.count() == 14 and PopulationFigure.objects.count() == 14
