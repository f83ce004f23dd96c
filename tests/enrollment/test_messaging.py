"""Messages (enrollment.messaging): who receives one, who may send to whom, sending exactly once per
recipient (a double post, a second task run), the log with delivery state per recipient, escaping in
the HTML part; and kinds of e-mail switched off per occasion."""

import pytest
from django.core import mail
from django.urls import reverse

from core import outbox
from core.errors import DomainError
from core.models import OutboxEmail
from enrollment import messaging, services
from enrollment.models import Enrollment, Message, MessageRecipient
from tests.enrollment_helpers import make_occasion, other_course, people  # noqa: F401

pytestmark = pytest.mark.django_db
A = Message.Audience
S = Enrollment.Status
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def booked(people):
    """An occasion led by the demo course leader: two with a place, one waiting, one who cancelled."""
    occasion = make_occasion(capacity=2, leaders=[people["leader"]])
    first, second, waiting, gone = people["extra"]
    services.enrollment_nominate(occasion, first, people["boss"])
    services.enrollment_nominate(occasion, second, people["boss"])
    services.enrollment_nominate(occasion, waiting, people["boss"])
    cancelled = services.enrollment_nominate(
        make_occasion(capacity=5, course=other_course()), gone, people["boss"]
    )
    Enrollment.objects.filter(pk=cancelled.pk).update(occasion=occasion, status=S.CANCELLED)
    return {"occasion": occasion, "placed": [first, second], "waiting": waiting, "gone": gone}


def send(sender, *, token="t1", **kwargs):
    values = {"audience": A.PARTICIPANTS, "subject": "Ämne", "body": "Hej!", **kwargs}
    return messaging.message_send(sender_id=sender.pk, token=token, **values)


# --- rules -------------------------------------------------------------------------------------------


def test_participants_are_those_holding_a_place_and_the_waiting_list_those_waiting(booked):
    occasion = booked["occasion"]
    assert messaging.message_recipients(audience=A.PARTICIPANTS, occasion=occasion) == sorted(
        booked["placed"], key=lambda p: (p.last_name, p.first_name, p.pk)
    )
    assert messaging.message_recipients(audience=A.WAITLIST, occasion=occasion) == [booked["waiting"]]
    booked["placed"][0].is_active = False
    booked["placed"][0].save()
    assert messaging.message_recipients(audience=A.PARTICIPANTS, occasion=occasion) == [booked["placed"][1]]


def test_the_managers_network_is_every_active_manager_of_the_chosen_municipalities(people, municipality):
    lulea, pitea = municipality("Luleå"), municipality("Piteå")
    assert messaging.message_recipients(audience=A.MANAGERS, municipality_ids=[lulea.pk]) == [people["boss"]]
    both = messaging.message_recipients(audience=A.MANAGERS, municipality_ids=[lulea.pk, pitea.pk])
    assert set(both) == {people["boss"], people["boss_pitea"]}
    assert messaging.message_recipients(audience=A.MANAGERS) == []


def test_who_may_write_to_whom(people, booked):
    assert messaging.audiences_for(people["pl"]) == [A.PARTICIPANTS, A.WAITLIST, A.MANAGERS]
    assert messaging.audiences_for(people["leader"]) == [A.PARTICIPANTS, A.WAITLIST]
    assert messaging.audiences_for(people["boss"]) == []
    assert list(messaging.messageable_occasions(people["leader"])) == [booked["occasion"]]
    assert not messaging.messageable_municipalities(people["leader"]).exists()


def test_a_course_leader_cannot_send_about_another_occasion_or_to_managers(people, booked, municipality):
    other = make_occasion(capacity=5, course=other_course())
    with pytest.raises(DomainError, match="ansvarar för"):
        send(people["leader"], occasion_id=other.pk)
    with pytest.raises(DomainError):
        send(people["leader"], audience=A.MANAGERS, municipality_ids=[municipality("Luleå").pk])
    with pytest.raises(DomainError):
        send(people["boss"], occasion_id=booked["occasion"].pk)
    assert not Message.objects.exists()


def test_a_message_without_recipients_is_refused(people):
    empty = make_occasion(capacity=5)
    with pytest.raises(DomainError, match="ingen mottagare"):
        send(people["pl"], occasion_id=empty.pk)


# --- exactly once ------------------------------------------------------------------------------------


def test_sending_twice_with_the_same_token_and_delivering_twice_sends_each_recipient_one_email(
    people, booked, django_capture_on_commit_callbacks
):
    OutboxEmail.objects.update(status=OutboxEmail.Status.SENT)  # the bookings' own e-mails are not the point
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message, created = send(people["leader"], occasion_id=booked["occasion"].pk)
    again, created_again = send(people["leader"], occasion_id=booked["occasion"].pk)
    assert created and not created_again and again == message
    outbox.deliver_due()
    outbox.deliver([r.key for r in message.recipients.all()])
    assert Message.objects.count() == 1
    assert MessageRecipient.objects.filter(message=message).count() == 2
    for person in booked["placed"]:
        assert [m.subject for m in mail.outbox if person.email in m.to] == ["Ämne"]
        assert OutboxEmail.objects.get(key=messaging.recipient_key(message.pk, person.pk)).status == "sent"
    assert not [m for m in mail.outbox if booked["waiting"].email in m.to]


def test_a_script_in_a_message_is_plain_text_and_escaped_in_the_html_part(
    people, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send(
            people["pl"],
            audience=A.WAITLIST,
            occasion_id=booked["occasion"].pk,
            subject="Om kursen",
            body=SCRIPT,
        )
    (sent,) = mail.outbox
    assert SCRIPT in sent.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


# --- pages -------------------------------------------------------------------------------------------


def form_data(occasion, **overrides):
    return {
        "audience": "participants",
        "occasion": occasion.pk,
        "subject": "Inför kursen",
        "body": "Ta med lunch.",
        "token": "abc123",
        **overrides,
    }


def test_write_preview_send_and_log(client_for, people, booked, django_capture_on_commit_callbacks):
    client = client_for(people["pl"])
    occasion = booked["occasion"]
    page = client.get(reverse("enrollment:message_new") + f"?tillfalle={occasion.pk}")
    assert page.status_code == 200 and 'name="token"' in page.content.decode()

    preview = client.post(reverse("enrollment:message_new"), form_data(occasion))
    text = preview.content.decode()
    assert "Förhandsgranska meddelandet" in text and "Ta med lunch." in text
    for person in booked["placed"]:
        assert person.email in text
    assert booked["waiting"].email not in text
    assert not Message.objects.exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("enrollment:message_new"), {**form_data(occasion), "send": "1"})
    message = Message.objects.get()
    assert sent.status_code == 302 and sent.url == reverse("enrollment:message_detail", args=[message.pk])
    replay = client.post(reverse("enrollment:message_new"), {**form_data(occasion), "send": "1"})
    assert replay.status_code == 302 and Message.objects.count() == 1
    assert len(mail.outbox) == 2

    detail = client.get(sent.url).content.decode()
    assert detail.count("Skickat") >= 3  # the date's label and each recipient's state
    log = client.get(reverse("enrollment:messages")).content.decode()
    assert "Inför kursen" in log and people["pl"].get_full_name() in log


def test_a_course_leader_sees_only_their_occasions_and_messages(client_for, people, booked):
    other = make_occasion(capacity=5, course=other_course())
    services.enrollment_nominate(other, people["sw"], people["boss"])
    theirs, _ = send(people["pl"], occasion_id=other.pk, token="pl-1")
    client = client_for(people["leader"])
    assert client.get(reverse("enrollment:message_new") + f"?tillfalle={other.pk}").status_code == 404
    refused = client.post(reverse("enrollment:message_new"), {**form_data(other), "send": "1"})
    assert refused.status_code == 200 and "Välj ett giltigt alternativ" in refused.content.decode()
    assert client.get(reverse("enrollment:message_detail", args=[theirs.pk])).status_code == 404
    assert "managers" not in client.get(reverse("enrollment:message_new")).content.decode()
    assert client_for(people["sw"]).get(reverse("enrollment:messages")).status_code == 403


def test_a_kind_switched_off_for_an_occasion_is_not_sent_for_it_only(
    people, client_for, django_capture_on_commit_callbacks
):
    quiet, loud = make_occasion(capacity=5), make_occasion(capacity=5, course=other_course())
    client = client_for(people["pl"])
    page = client.get(reverse("enrollment:occasion_notifications", args=[quiet.pk]))
    assert "enrollment/email/approved" in page.content.decode()
    response = client.post(
        reverse("enrollment:occasion_notifications", args=[quiet.pk]),
        {"kinds_off": ["enrollment/email/approved"]},
    )
    assert response.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_nominate(quiet, people["extra"][0], people["boss"])
        services.enrollment_nominate(loud, people["extra"][1], people["boss"])
    assert not [m for m in mail.outbox if people["extra"][0].email in m.to]
    assert len([m for m in mail.outbox if people["extra"][1].email in m.to]) == 1


def test_the_preview_page_shows_a_script_in_the_message_as_text(client_for, people, booked):
    """The rendered e-mail text is plain text: a page that shows it escapes it (it was marked safe once)."""
    client = client_for(people["pl"])
    preview = client.post(reverse("enrollment:message_new"), form_data(booked["occasion"], body=SCRIPT))
    text = preview.content.decode()
    assert "Förhandsgranska meddelandet" in text
    assert SCRIPT not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text


def test_the_log_takes_a_fixed_number_of_queries(client_for, people, booked, django_assert_max_num_queries):
    for n in range(5):
        send(people["pl"], occasion_id=booked["occasion"].pk, token=f"t-{n}", subject=f"Nummer {n}")
    client = client_for(people["pl"])
    client.get(reverse("enrollment:messages"))  # the session and the menu, once
    with django_assert_max_num_queries(12):
        page = client.get(reverse("enrollment:messages"))
    assert page.content.decode().count("Nummer ") == 5


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_makes_one_message_and_one_email_each(postgres_db, people, booked):
    from tests.core.test_outbox import run_twice_at_once

    results, errors = run_twice_at_once(
        lambda: send(people["pl"], occasion_id=booked["occasion"].pk, token="race")
    )
    assert errors == []
    assert sorted(created for _message, created in results) == [False, True]
    (message,) = Message.objects.all()
    keys = [messaging.recipient_key(message.pk, person.pk) for person in booked["placed"]]
    assert OutboxEmail.objects.filter(key__startswith=f"message:{message.pk}:").count() == 2
    assert set(OutboxEmail.objects.filter(key__in=keys).values_list("key", flat=True)) == set(keys)


def test_the_personal_data_export_lists_the_messages_a_person_received(people, booked):
    from enrollment.gdpr import collect_messages

    send(people["pl"], occasion_id=booked["occasion"].pk, subject="Inför kursen")
    (received,) = collect_messages(booked["placed"][0])
    assert received["subject"] == "Inför kursen" and received["from"]["id"] == people["pl"].pk
    assert collect_messages(booked["waiting"]) == []


def test_the_project_leader_writes_to_the_managers_of_chosen_municipalities(
    client_for, people, municipality, django_capture_on_commit_callbacks
):
    client = client_for(people["pl"])
    data = {
        "audience": "managers",
        "municipalities": [municipality("Piteå").pk],
        "subject": "Nätverksträff",
        "body": "Välkomna den 3 mars.",
        "token": "net-1",
    }
    preview = client.post(reverse("enrollment:message_new"), data).content.decode()
    assert people["boss_pitea"].email in preview and people["boss"].email not in preview
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("enrollment:message_new"), {**data, "send": "1"})
    assert [m.to for m in mail.outbox] == [[people["boss_pitea"].email]]
    assert list(Message.objects.get().municipalities.all()) == [municipality("Piteå")]
