"""Nobody with database access can link a survey answer to the person who gave it.

On PostgreSQL, with real commits: people answer one after another, and an attacker with the database
tries PostgreSQL's transaction ids (xmin), the order of keys, of rows on disk and of timestamps.
Within a batch of stored responses no attack does better than chance."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone

from followup import services
from followup.models import (
    Answer,
    Invitation,
    Question,
    Response,
    SealedResponse,
    SurveyRound,
    SurveyTemplate,
)

PEOPLE = 40
BATCH = 20


def _round():
    today = timezone.localdate()
    return SurveyRound.objects.create(
        template=SurveyTemplate.objects.get(kind="erfaren_yearly"),
        year=today.year,
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=20),
    )


def _answer_all(round_, people):
    """Each person answers with a text that only they write; returns person id → text, in answer order."""
    truth = {}
    for person in people:
        invitation, _ = services.invitation_create(round_, person)
        question = next(q for q in services.questions_for(invitation) if q.kind == Question.Kind.FREE_TEXT)
        truth[person.pk] = f"svar från {person.pk}"
        services.invitation_submit(invitation.pk, {question.pk: truth[person.pk]})
    return truth


def _rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _correct_pairs(people_in_order, texts_in_order, truth):
    return sum(truth[p] == t for p, t in zip(people_in_order, texts_in_order, strict=True))


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_no_join_or_order_links_an_answer_to_its_person(postgres_db, norrbotten, make_person, settings):
    settings.FOLLOWUP_RESPONSE_BATCH = BATCH
    round_ = _round()
    truth = _answer_all(round_, [make_person() for _ in range(PEOPLE)])
    assert Response.objects.filter(round=round_).count() == PEOPLE
    assert not SealedResponse.objects.exists()

    # 1. The same transaction id: no invitation shares one with any response or answer.
    joined = _rows(
        "SELECT i.person_id, a.text FROM followup_invitation i "
        "JOIN followup_response r ON i.xmin = r.xmin JOIN followup_answer a ON a.response_id = r.id"
    )
    joined += _rows("SELECT i.person_id FROM followup_invitation i JOIN followup_answer a ON i.xmin = a.xmin")
    assert joined == []
    # A response's transaction is its batch's: at least BATCH responses share it.
    per_xmin = _rows("SELECT count(*) FROM followup_response GROUP BY xmin::text")
    assert min(n for (n,) in per_xmin) >= BATCH

    # 2. Orders: invitations in the order they were answered (their transaction ids, rows on disk)
    # against responses by key, by transaction id and by row on disk.
    answered = [p for (p,) in _rows("SELECT person_id FROM followup_invitation ORDER BY xmin::text::bigint")]
    assert answered == list(truth)  # the attacker does see the order of answering
    text_of = "(SELECT a.text FROM followup_answer a WHERE a.response_id = r.id AND a.text <> '' LIMIT 1)"
    for order in ("r.id", "r.xmin::text::bigint, r.ctid", "r.ctid", "r.round_id, r.id"):
        texts = [t for (t,) in _rows(f"SELECT {text_of} FROM followup_response r ORDER BY {order}")]
        # A random order within two batches matches ~2 by chance (before: all 40 by xmin or ctid).
        assert _correct_pairs(answered, texts, truth) <= 8, order
    answers = [t for (t,) in _rows("SELECT text FROM followup_answer WHERE text <> '' ORDER BY ctid")]
    assert _correct_pairs(answered, answers, truth) <= 8

    # 3. Time: responses and answers have no time at all; the invitation only a date.
    columns = _rows(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_name IN ('followup_response', 'followup_answer', 'followup_sealedresponse')"
    )
    assert not [c for c in columns if "time" in c[2] or "date" in c[2]], columns
    assert Invitation._meta.get_field("answered_on").get_internal_type() == "DateField"


@pytest.mark.django_db
def test_a_waiting_submission_is_unreadable_and_stored_with_its_batch(
    norrbotten, make_person, settings, django_capture_on_commit_callbacks
):
    settings.FOLLOWUP_RESPONSE_BATCH = 3
    round_ = _round()
    truth = _answer_all(round_, [make_person() for _ in range(2)])
    # Two wait, sealed: the database holds neither their text nor a response.
    assert SealedResponse.objects.count() == 2 and not Response.objects.exists()
    for sealed in SealedResponse.objects.values_list("sealed", flat=True):
        assert not any(text in sealed for text in truth.values())
    # Each person can answer once: the invitation is marked at once.
    assert Invitation.objects.filter(answered_on__isnull=False).count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the worker's task after the commit
        truth.update(_answer_all(round_, [make_person()]))
    assert Response.objects.count() == 3 and not SealedResponse.objects.exists()
    assert set(Answer.objects.exclude(text="").values_list("text", flat=True)) == set(truth.values())


@pytest.mark.django_db
def test_a_closed_round_stores_what_waits_however_few(norrbotten, make_person, settings):
    settings.FOLLOWUP_RESPONSE_BATCH = 5
    round_ = _round()
    _answer_all(round_, [make_person() for _ in range(2)])
    assert services.responses_store_due() == 0  # still open: they wait for a batch
    SurveyRound.objects.filter(pk=round_.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.responses_store_due() == 2
    assert Response.objects.count() == 2 and services.responses_store_due() == 0


# --- Anonymity --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_response_and_answer_tables_have_no_column_or_key_leading_to_a_person():
    from accounts.models import User

    forbidden_tables = {User._meta.db_table, Invitation._meta.db_table}
    for model in (Response, Answer):
        table = model._meta.db_table
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            relations = connection.introspection.get_relations(cursor, table)
        assert not [
            c for c in columns if re.search(r"person|user|invit|token|email|nonce|answered|_at$|time", c)
        ], (table, columns)
        assert not {target for _col, (_to_col, target) in relations.items()} & forbidden_tables, relations
        # And in the ORM: no relation (forward or generic) to a person or an invitation.
        for field in model._meta.get_fields():
            assert getattr(field, "related_model", None) not in (User, Invitation), (model, field)
        # Random keys: the order of rows does not mirror the order of answering.
        assert model._meta.pk.get_internal_type() == "UUIDField"
