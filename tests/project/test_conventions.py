"""One convention for services: keyword-only plain values (never forms), one domain error type in core
with one view helper, the follow-up settings declared, and the dead code of issue #12 gone."""

import ast
import inspect
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from core.errors import ALREADY, DomainError, show_error

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ["core", "municipalities", "accounts", "courses", "enrollment", "introduction", "followup", "reports"]


def test_no_service_takes_a_form():
    wrong = []
    for app in APPS:
        path = ROOT / app / "services.py"
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef):
                names = [a.arg for a in node.args.args + node.args.kwonlyargs]
                if any(name == "form" or name.endswith("_form") for name in names):
                    wrong.append(f"{app}/services.py:{node.lineno} {node.name}")
    assert wrong == []


@pytest.mark.parametrize(
    "dotted",
    [
        "accounts.services.person_invite",
        "municipalities.services.cost_split_save",
        "followup.services.question_save",
        "followup.services.course_sampling_save",
        "courses.services.occasion_save",
    ],
)
def test_the_services_that_took_forms_take_keyword_only_values(dotted):
    module, name = dotted.rsplit(".", 1)
    function = getattr(__import__(module, fromlist=[name]), name)
    kinds = {p.kind for p in inspect.signature(function).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_one_domain_error_and_one_helper_shows_it():
    from enrollment.services import EnrollmentError

    assert issubclass(EnrollmentError, DomainError)
    request = _request()
    show_error(request, EnrollmentError("Kursen är full.", code="full"))
    show_error(request, DomainError("Redan gjort.", code=ALREADY))
    shown = [(m.level_tag, m.message) for m in get_messages(request)]
    assert shown == [("error", "Kursen är full."), ("info", "Redan gjort.")]
    assert str(DomainError("Nej.")) == "Nej." and DomainError("Nej.").code == "refused"


def test_the_follow_up_settings_are_declared():
    text = (ROOT / "yrkesresan" / "settings.py").read_text()
    for name in (
        "FOLLOWUP_STEP_CHANGE_TRIGGERS",
        "FOLLOWUP_ANSWER_DAYS",
        "FOLLOWUP_REMINDER_DAYS",
        "FOLLOWUP_ERFAREN_STEP_SLUG",
    ):
        assert f"\n{name} = " in text, name
        assert hasattr(settings, name)


def test_the_dead_code_is_gone():
    from accounts import gdpr
    from followup import access, selectors

    assert not (ROOT / "enrollment" / "pdf.py").exists()
    assert not hasattr(access, "may_build_surveys")
    assert not hasattr(selectors, "measured_results")
    assert not hasattr(gdpr, "PERSONAL_FIELDS")
