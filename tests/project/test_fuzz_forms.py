"""Bad input: hostile and random values posted to every form of the project must never give a 500 or half-save.

The forms come from the permission grid: every URL with a POST row, and every page whose GET renders a form
that posts back to itself (sign-up, cancel, the approval queue, attendance). Field names are read from the
form the page renders (for POST-only URLs, from a form elsewhere in the same app that posts there), so a new
field is fuzzed without anyone listing it. Each endpoint is posted to as a role the grid allows there.
A response that is not a redirect (a form re-rendered with errors, a 4xx) must leave the row count of every
model unchanged. Each example runs in a savepoint that is rolled back, so examples do not feed each other.
"""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.project.test_permission_grid import GRID, ROLE_USERS, ROLES, objects, rows  # noqa: F401 (objects is a fixture)

EXAMPLES = 15
# Who posts, best first: the project leader reaches the most forms; the others where only they may post.
ROLE_PREFERENCE = [
    "project_leader",
    "manager_own",
    "course_leader",
    "social_worker",
    "steering_group",
    "manager_other",
    "anonymous",
]


class FormFields(HTMLParser):
    """Collects POST forms: action, and per field name its type and the values the page offers."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        if self._form is None or not attrs.get("name") or attrs["name"] == "csrfmiddlewaretoken":
            if tag == "option" and self._select is not None and attrs.get("value") is not None:
                self._select.append(attrs["value"])
            return
        name = attrs["name"]
        if tag == "input":
            field = self._form["fields"].setdefault(name, {"type": attrs.get("type", "text"), "values": []})
            if attrs.get("value"):
                field["values"].append(attrs["value"])
        elif tag == "textarea":
            self._form["fields"].setdefault(name, {"type": "textarea", "values": []})
        elif tag == "select":
            field = self._form["fields"].setdefault(name, {"type": "select", "values": []})
            self._select = field["values"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if tag == "select":
            self._select = None


def post_forms(html, url):
    """The fields of the forms in `html` that post to `url` (an empty action posts to the page itself)."""
    parser = FormFields()
    parser.feed(html)
    fields = {}
    for form in parser.forms:
        if form["action"] in ("", url):
            for name, field in form["fields"].items():
                fields.setdefault(name, {"type": field["type"], "values": []})["values"] += field["values"]
    return fields


HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "999999999999999999999999",
        "3.5",
        "true",
        "None",
        "null",
        "x" * 10_000,
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR 1=1 --",
        "'; DROP TABLE accounts_user; --",
        "2026-02-31",
        "2026-13-01",
        "31/12/2026",
        "0000-00-00",
        "9999-12-31",
        "1900-01-01",
        "25:61",
        "../../etc/passwd",
        "\x00",
        "åäö ÅÄÖ 🤖 \u202e\u200b",
        '=HYPERLINK("x")',
        "2147483648",
        "-2147483649",
        "12345678-1234",
        "a@b",
        "@",
        "http://",
        "[]",
        "{}",
    ]
)
RANDOM_TEXT = st.text(max_size=300)


def value_strategy(field):
    """Hostile, random and, to get deeper into validation, the values the page itself offers."""
    options = [st.just(v) for v in field["values"]]
    return st.one_of(HOSTILE, RANDOM_TEXT, *options) if options else st.one_of(HOSTILE, RANDOM_TEXT)


@st.composite
def form_data(draw, fields):
    data = {}
    for name, field in sorted(fields.items()):
        if draw(st.integers(0, 9)) == 0:
            continue  # a missing field
        if field["type"] == "file":
            content = draw(
                st.one_of(
                    st.binary(max_size=2000),
                    st.just(b"%PDF-1.4\n<script>"),
                    st.just("namn;antal\nLuleå;=1+1\n".encode()),
                )
            )
            data[name] = SimpleUploadedFile(
                draw(st.sampled_from(["x.pdf", "x.csv", "x.xlsx", "../x", "x"])), content
            )
        elif field["type"] in ("checkbox", "select") and draw(st.booleans()):
            data[name] = draw(
                st.lists(value_strategy(field), max_size=4)
            )  # several values, as a multi-select
        else:
            data[name] = draw(value_strategy(field))
    # Fields the form does not have, and unknown ids where the form has ids.
    if draw(st.booleans()):
        data[
            draw(st.sampled_from(["id", "pk", "person", "occasion", "status", "is_project_leader", "x"]))
        ] = draw(st.one_of(HOSTILE, st.integers(-(2**63), 2**63).map(str)))
    return data


def first_allowed(statuses, wanted):
    return next((role for role in ROLE_PREFERENCE if statuses.get(role) in wanted), None)


def post_targets():
    """(name, index, role, has_get) for every URL with a POST row, as the role the grid lets post there."""
    targets = []
    for name in GRID:
        for index, row in enumerate(rows(name)):
            role = first_allowed(row.post or {}, (200, 302))
            if role:
                targets.append((name, index, role, bool(row.get and row.get.get(role) == 200)))
    return targets


def get_only_pages():
    """(name, index, role) for URLs with only a GET row, as a role that may open them."""
    return [
        (name, index, first_allowed(row.get, (200,)))
        for name in GRID
        for index, row in enumerate(rows(name))
        if row.get and not row.post and first_allowed(row.get, (200,))
    ]


def model_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def html_of(response):
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return ""
    return response.content.decode()


def fields_for(client, name, row, url, objects, has_get):
    if has_get:
        response = client.get(url, row.data(objects))
        assert response.status_code == 200
        return post_forms(html_of(response), url)
    # A POST-only URL: its form lives on another page of the same app.
    namespace = name.split(":")[0]
    fields = {}
    for other in GRID:
        if other.split(":")[0] != namespace or other == name:
            continue
        for other_row in rows(other):
            if other_row.get:
                try:
                    page = reverse(other, args=other_row.args(objects), kwargs=other_row.kwargs(objects))
                except Exception:
                    continue
                response = client.get(page, other_row.data(objects))
                if response.status_code == 200:
                    for field_name, field in post_forms(html_of(response), url).items():
                        fields.setdefault(field_name, field)
    for key, value in row.data(objects).items():
        fields.setdefault(key, {"type": "text", "values": [str(value)]})
    return fields


def fuzz(client, url, fields):
    """Posts hostile values for `fields` to `url`; fails on a 500 or on rows saved by a rejected post."""
    seen = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(data=form_data(fields))
    def post_hostile(data):
        for upload in data.values():
            if isinstance(upload, SimpleUploadedFile):
                upload.seek(0)
        with transaction.atomic():
            before = model_counts()
            response = client.post(url, data)
            assert response.status_code < 500, f"POST {url} {data!r}: {response.status_code}"
            seen.add(response.status_code)
            if not 300 <= response.status_code < 400:
                assert model_counts() == before, f"POST {url} answered {response.status_code} but saved rows"
            transaction.set_rollback(True)

    post_hostile()
    # The role may post here, so the view itself must have handled the posts (not only a 403/405).
    assert seen & {200, 302, 400, 404}, f"POST {url}: only {seen}"


POST_TARGETS = post_targets()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name,index,role,has_get", POST_TARGETS, ids=[f"{n}-{i}-{r}" for n, i, r, _ in POST_TARGETS]
)
def test_hostile_input_to_a_post_url_never_errors_or_half_saves(
    client, demo_people, objects, name, index, role, has_get
):
    row = rows(name)[index]
    url = reverse(name, args=row.args(objects), kwargs=row.kwargs(objects))
    if role != "anonymous":
        client.force_login(demo_people[ROLE_USERS[role]])
    fields = fields_for(client, name, row, url, objects, has_get)
    fuzz(client, url, fields)  # a button-only form (no fields) still gets unknown fields and ids


@pytest.mark.django_db
def test_hostile_input_to_pages_that_post_to_themselves_never_errors_or_half_saves(
    client, demo_people, objects, make_person
):
    """Pages with only a GET row whose form posts back to them (sign-up, cancel, queue, attendance, answer)."""
    from enrollment.services import enrollment_request

    # A pending sign-up, so the approval queue renders its form.
    manager = demo_people["chef.lulea@demo.se"]
    enrollment_request(objects["led"], make_person(municipality=manager.municipality), manager)
    fuzzed = []
    for name, index, role in get_only_pages():
        row = rows(name)[index]
        url = reverse(name, args=row.args(objects), kwargs=row.kwargs(objects))
        client.logout()
        if role != "anonymous":
            client.force_login(demo_people[ROLE_USERS[role]])
        fields = fields_for(client, name, row, url, objects, has_get=True)
        if fields:
            fuzz(client, url, fields)
            fuzzed.append(name)
    assert {
        "enrollment:signup",
        "enrollment:cancel",
        "enrollment:queue",
        "enrollment:attendance",
        "followup:answer",
    } <= set(fuzzed)


def test_every_post_url_is_fuzzed():
    """Every URL with a POST row some role may use is a fuzz target."""
    assert {name for name, *_ in POST_TARGETS} == {
        name
        for name in GRID
        for row in rows(name)
        if row.post and any(row.post.get(r) in (200, 302) for r in ROLES)
    }


@pytest.mark.django_db
def test_a_population_file_csv_cannot_parse_is_refused_with_a_message_not_a_500(client, demo_people):
    """Found by the fuzz test: a stray carriage return inside a field made csv raise, a 500."""
    client.force_login(demo_people["projektledare@demo.se"])
    from municipalities.models import PopulationFigure

    before = PopulationFigure.objects.count()
    response = client.post(
        reverse("municipalities:population_import"),
        {"file": SimpleUploadedFile("x.csv", b"kod;antal\n25\r80;1\n")},
    )
    assert response.status_code == 200
    assert PopulationFigure.objects.count() == before
