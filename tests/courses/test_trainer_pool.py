"""The trainer pool (courses.pool): a manager proposes one of their staff, the project leader decides,
accepted trainers get a profile; hours per trainer, year and municipality; trainers shared between
regions, and other regions' unshared trainers answer 404."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from core import outbox
from core.errors import DomainError
from courses import pool, selectors
from courses.models import CourseOccasion, TrainerProfile, TrainerProposal
from municipalities.models import Municipality, Region
from tests.courses_helpers import TODAY, build_catalogue, make_occasion

pytestmark = pytest.mark.django_db
S = TrainerProposal.Status


@pytest.fixture
def catalogue(norrbotten):
    return build_catalogue()


@pytest.fixture
def other_region(make_person):
    """Västerbotten, with a project leader and a municipality of its own."""
    region = Region.objects.create(name="Region Västerbotten", slug="vasterbotten")
    umea = Municipality.objects.create(code="2480", name="Umeå", region=region)
    leader = make_person(municipality=umea, is_project_leader=True, email="pl@umea.se")
    return {"region": region, "umea": umea, "leader": leader}


def _propose(demo_people, catalogue, person="socsek.lulea@demo.se"):
    return pool.proposal_create(
        person=demo_people[person],
        proposed_by=demo_people["chef.lulea@demo.se"],
        courses=[catalogue["course"]],
        areas="Barnsamtal",
        motivation="Lång erfarenhet.",
    )


def test_a_manager_proposes_their_staff_and_the_project_leader_accepts(demo_people, catalogue):
    proposal = _propose(demo_people, catalogue)
    assert proposal.status == S.PROPOSED and proposal.municipality.name == "Luleå"
    pl, person = demo_people["projektledare@demo.se"], demo_people["socsek.lulea@demo.se"]
    pool.proposal_decide(proposal=proposal, status=S.ON_HOLD, by=pl, note="Nästa termin.")
    pool.proposal_decide(proposal=proposal, status=S.ACCEPTED, by=pl, trained_on=datetime.date(2026, 9, 1))
    profile = TrainerProfile.objects.get(person=person)
    assert profile.is_active and profile.trained_on == datetime.date(2026, 9, 1)
    assert list(profile.courses.all()) == [catalogue["course"]]
    person.refresh_from_db()
    assert person.is_course_leader
    history = [(e.from_status, e.to_status, e.actor) for e in proposal.events.all()]
    assert history == [
        ("", S.PROPOSED, demo_people["chef.lulea@demo.se"]),
        (S.PROPOSED, S.ON_HOLD, pl),
        (S.ON_HOLD, S.ACCEPTED, pl),
    ]


def test_the_proposer_and_the_person_are_told_once_per_decision(demo_people, catalogue):
    proposal = _propose(demo_people, catalogue)
    outbox.deliver_due()
    assert [m.to for m in mail.outbox] == [["projektledare@demo.se"]]  # the region's project leader
    mail.outbox.clear()
    pool.proposal_decide(proposal=proposal, status=S.ACCEPTED, by=demo_people["projektledare@demo.se"])
    assert outbox.deliver_due() == 2
    assert outbox.deliver_due() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["chef.lulea@demo.se", "socsek.lulea@demo.se"]
    to_person = next(m for m in mail.outbox if m.to == ["socsek.lulea@demo.se"])
    assert "Antagen" in to_person.subject and "Välkommen" in to_person.body
    # Deciding the same again is refused and sends nothing.
    with pytest.raises(DomainError):
        pool.proposal_decide(proposal=proposal, status=S.ACCEPTED, by=demo_people["projektledare@demo.se"])
    with pytest.raises(DomainError):
        pool.proposal_decide(proposal=proposal, status=S.DECLINED, by=demo_people["projektledare@demo.se"])
    assert outbox.deliver_due() == 0


def test_proposals_are_refused_outside_the_managers_municipality_and_twice(demo_people, catalogue):
    with pytest.raises(DomainError, match="egen kommun"):
        _propose(demo_people, catalogue, person="socsek.pitea@demo.se")
    _propose(demo_people, catalogue)
    with pytest.raises(DomainError, match="redan föreslagen"):
        _propose(demo_people, catalogue)
    with pytest.raises(DomainError):
        pool.proposal_decide(
            proposal=TrainerProposal.objects.get(), status=S.ACCEPTED, by=demo_people["chef.lulea@demo.se"]
        )
    assert TrainerProposal.objects.count() == 1


def test_a_manager_sees_only_their_municipalitys_proposals(client_for, demo_people, catalogue):
    proposal = _propose(demo_people, catalogue)
    url = reverse("courses:proposal", args=[proposal.pk])
    assert client_for(demo_people["chef.pitea@demo.se"]).get(url).status_code == 404
    listing = client_for(demo_people["chef.pitea@demo.se"]).get(reverse("courses:proposals"))
    assert str(demo_people["socsek.lulea@demo.se"]) not in listing.content.decode()
    own = client_for(demo_people["chef.lulea@demo.se"]).get(url)
    assert own.status_code == 200 and own.context["form"] is None  # no decision for the manager
    assert client_for(demo_people["chef.lulea@demo.se"]).post(url, {"status": "accepted"}).status_code == 403
    assert TrainerProposal.objects.get().status == S.PROPOSED


def test_proposing_and_deciding_in_the_browser_pages(client_for, demo_people, catalogue):
    manager = client_for(demo_people["chef.lulea@demo.se"])
    page = manager.get(reverse("courses:proposal_create"))
    people = list(page.context["form"].fields["person"].queryset)
    assert demo_people["socsek.lulea@demo.se"] in people
    assert demo_people["socsek.pitea@demo.se"] not in people
    response = manager.post(
        reverse("courses:proposal_create"),
        {
            "person": demo_people["socsek.lulea@demo.se"].pk,
            "courses": [catalogue["course"].pk],
            "motivation": "Erfaren",
        },
    )
    proposal = TrainerProposal.objects.get()
    assert response.status_code == 302 and response.url == reverse("courses:proposal", args=[proposal.pk])
    leader = client_for(demo_people["projektledare@demo.se"])
    response = leader.post(
        reverse("courses:proposal", args=[proposal.pk]), {"status": "accepted", "trained_on": "2026-10-01"}
    )
    assert response.status_code == 302
    profile = TrainerProfile.objects.get(person=demo_people["socsek.lulea@demo.se"])
    assert profile.trained_on == datetime.date(2026, 10, 1)
    page = leader.get(reverse("courses:proposal", args=[proposal.pk]))
    assert "Antagen" in page.content.decode() and page.context["form"] is None


def test_an_empty_proposal_shows_a_swedish_message(client_for, demo_people, catalogue):
    response = client_for(demo_people["chef.lulea@demo.se"]).post(
        reverse("courses:proposal_create"), {"person": demo_people["socsek.lulea@demo.se"].pk}
    )
    assert response.status_code == 200
    assert "Välj minst en kurs" in response.content.decode()
    assert not TrainerProposal.objects.exists()


def test_a_train_the_trainer_date_after_today_is_refused_by_both_forms(client_for, demo_people, catalogue):
    """The date picker stops at today ("om personen redan har gått den"); a post past it is refused too."""
    proposal = _propose(demo_people, catalogue)
    leader = client_for(demo_people["projektledare@demo.se"])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = leader.post(
        reverse("courses:proposal", args=[proposal.pk]), {"status": "accepted", "trained_on": tomorrow}
    )
    assert response.status_code == 200
    assert "Datumet kan inte vara senare än i dag." in response.content.decode()
    assert TrainerProposal.objects.get(pk=proposal.pk).status == S.PROPOSED
    assert not TrainerProfile.objects.filter(person=demo_people["socsek.lulea@demo.se"]).exists()
    response = leader.post(
        reverse("courses:trainer_create"),
        {"person": demo_people["socsek.lulea@demo.se"].pk, "trained_on": tomorrow, "is_active": "on"},
    )
    assert response.status_code == 200
    assert "Datumet kan inte vara senare än i dag." in response.content.decode()
    assert not TrainerProfile.objects.filter(person=demo_people["socsek.lulea@demo.se"]).exists()


# --- Hours per trainer, year and municipality ------------------------------------------------------


def test_hours_per_municipality_add_up_the_trainers_and_count_shared_occasions_once(
    demo_people, catalogue, norrbotten
):
    kiruna_leader, lulea_manager = demo_people["kursledare@demo.se"], demo_people["chef.lulea@demo.se"]
    lulea_worker = demo_people["socsek.lulea@demo.se"]
    first = datetime.date(TODAY.year, 1, 12)
    shared = make_occasion(catalogue["course"], norrbotten, first=first, days=2, leaders=[lulea_manager])
    shared.trainers.set([lulea_worker, kiruna_leader])  # 2 × 7 h each
    make_occasion(catalogue["other"], norrbotten, first=first, leaders=[kiruna_leader])  # 7 h
    by_municipality = selectors.hours_taught_by_municipality(
        TODAY.year, until=datetime.date(TODAY.year, 12, 31)
    )
    lulea, kiruna = (Municipality.objects.get(name=n).pk for n in ("Luleå", "Kiruna"))
    assert by_municipality[lulea] == {"hours": 28.0, "occasions": 1, "trainers": 2}
    assert by_municipality[kiruna] == {"hours": 21.0, "occasions": 2, "trainers": 1}


def test_the_trainer_page_shows_hours_and_occasions_per_year(client_for, demo_people, catalogue, norrbotten):
    leader = demo_people["kursledare@demo.se"]
    profile = TrainerProfile.objects.create(person=leader, trained_on=datetime.date(2024, 5, 2))
    make_occasion(
        catalogue["course"], norrbotten, first=datetime.date(TODAY.year - 1, 3, 3), leaders=[leader]
    )
    make_occasion(
        catalogue["other"], norrbotten, first=datetime.date(TODAY.year - 1, 9, 8), days=2, leaders=[leader]
    )
    make_occasion(catalogue["course"], norrbotten, first=TODAY, leaders=[leader])
    assert selectors.hours_taught_per_year(leader) == [
        {"year": TODAY.year, "hours": 7.0, "occasions": 1},
        {"year": TODAY.year - 1, "hours": 21.0, "occasions": 2},
    ]
    response = client_for(demo_people["projektledare@demo.se"]).get(
        reverse("courses:trainer", args=[profile.pk])
    )
    assert response.status_code == 200
    assert response.context["years"][1]["hours"] == 21.0
    assert len(response.context["occasions"]) == 3


# --- Sharing across regions --------------------------------------------------------------------


def test_another_regions_trainers_are_invisible_until_shared(
    client_for, demo_people, catalogue, other_region
):
    profile = TrainerProfile.objects.create(person=demo_people["kursledare@demo.se"])  # Kiruna, Norrbotten
    umea_pl = other_region["leader"]
    client = client_for(umea_pl)
    assert client.get(reverse("courses:trainer", args=[profile.pk])).status_code == 404
    assert client.get(reverse("courses:trainer_edit", args=[profile.pk])).status_code == 404
    assert profile not in client.get(reverse("courses:trainers")).context["profiles"]
    assert demo_people["kursledare@demo.se"] not in pool.assignable_people(umea_pl)
    # Umeå's project leader cannot lend out Norrbotten's trainer.
    assert (
        client.post(reverse("courses:trainer_share", args=[profile.pk]), {"shared": "1"}).status_code == 404
    )
    with pytest.raises(DomainError):
        pool.trainer_share(profile=profile, shared=True, by=umea_pl)

    norrbotten_pl = client_for(demo_people["projektledare@demo.se"])
    assert (
        norrbotten_pl.post(reverse("courses:trainer_share", args=[profile.pk]), {"shared": "1"}).status_code
        == 302
    )
    assert TrainerProfile.objects.get(pk=profile.pk).shared_with_other_regions

    client = client_for(umea_pl)
    assert client.get(reverse("courses:trainer", args=[profile.pk])).status_code == 200
    assert [p.pk for p in client.get(reverse("courses:trainers")).context["profiles"]] == [profile.pk]
    # Shown, but not theirs to edit.
    assert client.get(reverse("courses:trainer_edit", args=[profile.pk])).status_code == 404


def test_another_regions_project_leader_assigns_a_shared_trainer(
    client_for, demo_people, catalogue, other_region
):
    trainer = demo_people["kursledare@demo.se"]
    TrainerProfile.objects.create(person=trainer, shared_with_other_regions=True)
    umea_occasion = make_occasion(catalogue["course"], other_region["region"], days=1, town="Umeå")
    client = client_for(other_region["leader"])
    page = client.get(reverse("courses:occasion_edit", args=[umea_occasion.pk]))
    assert trainer in page.context["form"].fields["trainers"].queryset
    form = page.context["form"]
    day = umea_occasion.days.get()
    data = {
        name: "" if form.initial.get(name) is None else form.initial.get(name)
        for name in ("course", "region", "capacity", "min_participants", "status", "notes")
    }
    data.update(
        {
            "signup_opens": umea_occasion.signup_opens.isoformat(),
            "signup_closes": umea_occasion.signup_closes.isoformat(),
            "cancellation_deadline": umea_occasion.cancellation_deadline.isoformat(),
            "trainers": [trainer.pk],
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "1",
            "days-0-id": day.pk,
            "days-0-date": day.date.isoformat(),
            "days-0-start_time": "09:00",
            "days-0-end_time": "16:00",
            "days-0-mode": "on_site",
            "days-0-venue": "Kulturens hus",
            "days-0-town": "Umeå",
        }
    )
    response = client.post(reverse("courses:occasion_edit", args=[umea_occasion.pk]), data)
    assert response.status_code == 302, response.context["days"].errors if response.context else ""
    assert list(CourseOccasion.objects.get(pk=umea_occasion.pk).trainers.all()) == [trainer]
    outbox.deliver_due()
    assert [m.to for m in mail.outbox] == [[trainer.email]]
    detail = client.get(reverse("courses:occasion", args=[umea_occasion.pk])).content.decode()
    assert "Utbildare" in detail and str(trainer) in detail


def test_the_gdpr_export_holds_the_proposals_and_anonymising_empties_their_text(demo_people, catalogue):
    from accounts.services import person_anonymise
    from courses.gdpr import collect_trainer

    proposal = _propose(demo_people, catalogue)
    pool.proposal_decide(
        proposal=proposal, status=S.DECLINED, by=demo_people["projektledare@demo.se"], note="Inte nu."
    )
    person = demo_people["socsek.lulea@demo.se"]
    [exported] = collect_trainer(person)["proposals"]
    assert exported["motivation"] == "Lång erfarenhet." and exported["decisions"][-1]["note"] == "Inte nu."
    person_anonymise(person, demo_people["projektledare@demo.se"])
    proposal.refresh_from_db()
    assert (proposal.areas, proposal.motivation, proposal.status) == ("", "", S.DECLINED)
    assert [event.note for event in proposal.events.all()] == ["", ""]


def test_demo_data_has_proposals_in_different_states_and_a_shared_trainer(demo_people):
    import io

    from courses import demo

    demo.load(io.StringIO())
    demo.load(io.StringIO())  # again: nothing twice
    assert sorted(TrainerProposal.objects.values_list("status", flat=True)) == sorted(
        [S.PROPOSED, S.ON_HOLD, S.ACCEPTED]
    )
    on_hold = TrainerProposal.objects.get(status=S.ON_HOLD)
    assert [e.to_status for e in on_hold.events.all()] == [S.PROPOSED, S.ON_HOLD]
    assert TrainerProfile.objects.filter(shared_with_other_regions=True).count() == 1


def test_the_pool_page_shows_another_years_hours(client_for, demo_people, catalogue, norrbotten):
    leader = demo_people["kursledare@demo.se"]
    TrainerProfile.objects.create(person=leader)
    last_year = TODAY.year - 1
    make_occasion(
        catalogue["course"], norrbotten, first=datetime.date(last_year, 3, 3), days=2, leaders=[leader]
    )
    client = client_for(demo_people["projektledare@demo.se"])
    response = client.get(reverse("courses:trainers"), {"ar": last_year})
    assert response.context["year"] == last_year
    [profile] = [p for p in response.context["profiles"] if p.person_id == leader.pk]
    assert profile.taught == {"hours": 14.0, "occasions": 1}
    kiruna = Municipality.objects.get(name="Kiruna")
    assert dict((m.pk, row) for m, row in response.context["municipality_hours"])[kiruna.pk]["hours"] == 14.0
    # A year to come or nonsense shows this year.
    assert client.get(reverse("courses:trainers"), {"ar": "x"}).context["year"] == TODAY.year
    assert client.get(reverse("courses:trainers"), {"ar": TODAY.year + 3}).context["year"] == TODAY.year


def test_the_start_page_links_the_proposals_for_managers_and_the_project_leader(client_for, demo_people):
    proposals = f'href="{reverse("courses:proposals")}"'
    assert proposals in client_for(demo_people["chef.lulea@demo.se"]).get("/").content.decode()
    leader_page = client_for(demo_people["projektledare@demo.se"]).get("/").content.decode()
    assert proposals in leader_page and "Förslag på utbildare" in leader_page
    assert proposals not in client_for(demo_people["socsek.lulea@demo.se"]).get("/").content.decode()


def test_a_new_trainer_profile_is_for_someone_of_the_project_leaders_region(
    client_for, demo_people, catalogue, other_region
):
    page = client_for(other_region["leader"]).get(reverse("courses:trainer_create"))
    people = set(page.context["form"].fields["person"].queryset)
    assert other_region["leader"] in people
    assert demo_people["socsek.lulea@demo.se"] not in people
    own = client_for(demo_people["projektledare@demo.se"]).get(reverse("courses:trainer_create"))
    assert demo_people["socsek.lulea@demo.se"] in set(own.context["form"].fields["person"].queryset)


def test_the_pool_page_costs_the_same_queries_for_more_trainers(
    client_for, demo_people, catalogue, make_person
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lulea = Municipality.objects.get(name="Luleå")
    client = client_for(demo_people["projektledare@demo.se"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("courses:trainers")).status_code == 200
        # The session's activity stamp and the second-factor check run now and then (middleware, not the
        # page's cost).
        return [
            q["sql"][:120]
            for q in captured
            if not any(word in q["sql"] for word in ("django_session", "SAVEPOINT", "mfa_authenticator"))
        ]

    for _ in range(2):
        TrainerProfile.objects.create(person=make_person(municipality=lulea)).courses.set(
            [catalogue["course"]]
        )
    few = queries()
    for _ in range(6):
        TrainerProfile.objects.create(person=make_person(municipality=lulea)).courses.set(
            [catalogue["other"]]
        )
    more = queries()
    assert len(more) == len(few), "\n".join(sorted(set(more) ^ set(few)))
