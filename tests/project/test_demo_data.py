"""Demo data that convinces and a start that shows its progress (issue #19)."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_data_prints_a_line_per_stage_and_looks_like_norrbotten(norrbotten):
    from accounts.models import User
    from courses.models import Course
    from municipalities.models import Contact, Municipality
    from reports.models import ExpectedHires
    from reports.services import expected_per_year

    out = io.StringIO()
    call_command("demo_data", stdout=out)
    lines = out.getvalue().splitlines()
    stages = [line for line in lines if line.startswith("Demodata ") and "/" in line.split(":")[0]]
    assert len(stages) == 7 and all(re.search(r"\(\d+,\d s\)$", line) for line in stages), lines
    assert lines[-1].startswith("Demodata klar på") and len(lines) == 8  # nothing else in between
    assert "Task " not in out.getvalue()

    # Each course has knowledge goals of its own.
    goals = {c.slug: tuple(c.knowledge_goals.values_list("text", flat=True)) for c in Course.objects.all()}
    assert len(goals) == 10 and all(goals.values()) and len(set(goals.values())) == 10
    leadership = " ".join(goals["leda-i-socialtjansten"])
    assert "LVU" not in leadership and "barnkonventionen" not in leadership
    # Names a person could have: no numbers, no "Demo", "Chef", "Utbildare" or "Deltagare" as a name.
    odd = [
        str(u)
        for u in User.objects.all()
        if re.search(r"\d|\b(Demo|Chef|Utbildare|Deltagare|Nr)\b", f"{u.first_name} {u.last_name}")
    ]
    assert odd == []
    # Telephone numbers in each municipality's own area code.
    lulea, overtornea = Municipality.objects.get(name="Luleå"), Municipality.objects.get(name="Övertorneå")
    assert all(c.phone.startswith("0920-") for c in Contact.objects.filter(municipality=lulea))
    # Expected hires per month for next year, in proportion to population, with a hiring season.
    from django.utils import timezone

    next_year = timezone.localdate().year + 1
    forecast = expected_per_year(next_year)
    assert forecast[lulea.pk] > 10 * forecast[overtornea.pk] / 2 and forecast[overtornea.pk] >= 1
    lulea_months = dict(
        ExpectedHires.objects.filter(municipality=lulea, month__year=next_year).values_list(
            "month__month", "hires"
        )
    )
    assert len(lulea_months) == 12 and lulea_months[8] > lulea_months[7]
    # The planning view has a realistic picture for next year: part 1 and part 2, and at least one gap.
    from courses.models import Journey
    from reports.planning import course_plans

    plans = course_plans(next_year, Journey.objects.get(slug="barn-och-unga"))
    assert {plan.part for plan in plans} == {1, 2}
    assert any(plan.shortfalls for plan in plans if plan.part == 1)
    # Run twice: nothing new.
    users = User.objects.count()
    call_command("demo_data", stdout=io.StringIO())
    assert User.objects.count() == users
