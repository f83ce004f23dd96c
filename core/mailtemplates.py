"""Editable notification templates: the project leader's own subject and body, in Swedish and English,
for each kind of e-mail the portal sends, in place of the shipped text.

A kind is a shipped template pair `<app>/email/<name>_subject.txt` + `_body.txt` of one of our apps,
found on disk (`kinds()`), so a kind an app adds is editable without being listed anywhere. Its
placeholders are derived from the names its shipped templates use (`person`, `course`, …): each known
name offers plain-text placeholders (`PROVIDERS`), and any other name offers itself as text.

An edited template is rendered on Django's template engine with a restricted context: only the kind's
placeholders, each a plain string (no objects, so no attribute can be reached), and only `{{ name }}`
and `{% if %}/{% else %}/{% endif %}` are allowed (`template_problems`, checked on save and again
before rendering). The text is plain; the HTML part of every e-mail is that text escaped
(`core.outbox.html_part`).
"""

from __future__ import annotations

import datetime
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.apps import AppConfig, apps
from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.template.loader import get_template
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from .models import NotificationTemplate

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {"if", "elif", "else", "endif"}
IF_WORDS = {"and", "or", "not", "in", "is", "None", "True", "False"}
NAME = re.compile(r"[^\W\d]\w*")
# A name that starts an expression: not an attribute (after a dot) and not inside a quoted string.
ROOT = re.compile(r"(?<![\w.])([A-Za-z_]\w*)")
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
INCLUDE = re.compile(r"""\{%\s*include\s+["']([^"']+)["']""")
# The restricted engine: no loaders, no libraries beyond the built-ins, whose tags template_problems limits.
ENGINE = Engine(debug=False, loaders=[], libraries={}, autoescape=False)


def _short_name(person: AbstractBaseUser) -> str:
    return person.get_short_name() or person.get_full_name() or ""


def _full_name(person: AbstractBaseUser) -> str:
    return person.get_full_name() or person.email


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def _days(days: Iterable[object]) -> str:
    lines = []
    for day in days:
        where = _("digitalt") if getattr(day, "is_online", False) else (day.town or str(day.venue or ""))
        time = f"{day.start_time:%H:%M}–{day.end_time:%H:%M}" if day.start_time and day.end_time else ""
        lines.append(
            " ".join(filter(None, [f"- {formats.date_format(day.date, 'DATE_FORMAT')}", time, where]))
        )
    return "\n".join(lines)


@dataclass(frozen=True)
class Placeholder:
    name: str
    description: str
    source: str  # the context name it is taken from
    value: object = str  # a function of that context value


# What a name of the shipped templates' context offers to an edited one.
PROVIDERS = {
    "person": [
        Placeholder("namn", gettext_lazy("personens förnamn"), "person", _short_name),
        Placeholder("fullstandigt_namn", gettext_lazy("personens för- och efternamn"), "person", _full_name),
    ],
    "user": [
        Placeholder("namn", gettext_lazy("personens förnamn"), "user", _short_name),
        Placeholder("fullstandigt_namn", gettext_lazy("personens för- och efternamn"), "user", _full_name),
    ],
    "manager": [Placeholder("chef", gettext_lazy("chefens namn"), "manager", _full_name)],
    "inviter": [Placeholder("inbjuden_av", gettext_lazy("namnet på den som bjöd in"), "inviter", _full_name)],
    "course": [Placeholder("kurs", gettext_lazy("kursens namn"), "course")],
    "occasion": [
        Placeholder(
            "tillfalle",
            gettext_lazy("kurstillfällets datum och plats"),
            "occasion",
            lambda occasion: occasion.dates_and_place(),
        ),
        Placeholder(
            "sista_avbokningsdag",
            gettext_lazy("sista dag att avboka"),
            "occasion",
            lambda occasion: _date(occasion.cancellation_deadline),
        ),
    ],
    "days": [Placeholder("kursdagar", gettext_lazy("kursdagarna, en per rad"), "days", _days)],
    "link": [Placeholder("lank", gettext_lazy("den personliga länken"), "link")],
    "municipality": [Placeholder("kommun", gettext_lazy("kommunens namn"), "municipality")],
    "count": [Placeholder("antal", gettext_lazy("antal deltagare"), "count")],
    "expires": [Placeholder("utgar", gettext_lazy("datum då certifikatet slutar gälla"), "expires", _date)],
    "message": [
        Placeholder("amne", gettext_lazy("meddelandets ämne"), "message", lambda message: message.subject),
        Placeholder("meddelande", gettext_lazy("meddelandets text"), "message", lambda message: message.body),
    ],
    "sender": [Placeholder("avsandare", gettext_lazy("avsändarens namn"), "sender", _full_name)],
    "site_url": [Placeholder("portal", gettext_lazy("portalens adress"), "site_url")],
}
# Names the shipped templates use that offer nothing on their own (the event behind an e-mail).
NOT_OFFERED = {"enrollment", "event", "cancelled_days", "enrollments", "threshold", "forloop", "day"}


@dataclass(frozen=True)
class Kind:
    """One kind of notification: its template name and the placeholders an edited text may use."""

    name: str
    app_label: str
    placeholders: tuple
    roots: frozenset = frozenset()  # the context names its shipped text uses

    @property
    def placeholder_names(self) -> list[str]:
        return [placeholder.name for placeholder in self.placeholders]

    @property
    def label(self) -> str:
        """The shipped Swedish subject, its tags left out and its values shown as "…"."""
        return _label(self.name)

    @property
    def app_name(self) -> str:
        return apps.get_app_config(self.app_label).verbose_name

    @property
    def edit_url(self) -> str:
        from django.urls import reverse

        folder, _email, name = self.name.split("/")
        return reverse("notification_template_edit", args=[folder, name])

    @property
    def restore_url(self) -> str:
        from django.urls import reverse

        folder, _email, name = self.name.split("/")
        return reverse("notification_template_restore", args=[folder, name])

    @property
    def sources(self) -> set[str]:
        return {placeholder.source for placeholder in self.placeholders}


@lru_cache(maxsize=256)
def _label(name: str) -> str:
    text = ""
    for token in Lexer(_source(f"{name}_subject.txt")).tokenize():
        if token.token_type == TokenType.COMMENT and not text:
            return token.contents.strip()  # a subject that is only a value names its kind in a {# comment #}
        if token.token_type == TokenType.TEXT:
            text += token.contents
        elif token.token_type == TokenType.VAR:
            text += "…"
        elif token.token_type == TokenType.BLOCK and token.contents.split()[0] in ("translate", "trans"):
            quoted = QUOTED.search(token.contents)
            text += quoted.group(0)[1:-1] if quoted else ""
    return " ".join(text.split()) or name.rpartition("/")[2].replace("_", " ")


def _source(template_name: str) -> str:
    return Path(get_template(template_name).origin.name).read_text(encoding="utf-8")


# Tags whose words are not context names (a translated text, a URL name, a library).
SKIP_TAGS = {
    "load",
    "autoescape",
    "endautoescape",
    "translate",
    "trans",
    "url",
    "templatetag",
    "comment",
    "include",
}
FILTER = re.compile(r"\|\s*\w+(?::(?:\"[^\"]*\"|'[^']*'|[\w.]+))?")
ALIAS = re.compile(r"\b(\w+)\s*=")
LOOP = re.compile(r"^for\s+([\w\s,]+?)\s+in\s")


def _roots(template_name: str, seen: set[str] | None = None) -> set[str]:
    """The context names a shipped template (and what it includes) starts an expression with: not the
    names it binds itself (`with name=…`, `for day in …`), not filters or tag words."""
    seen = seen if seen is not None else set()
    if template_name in seen:
        return set()
    seen.add(template_name)
    source = _source(template_name)
    names, bound, loops, values = set(), set(), set(), set()
    for token in Lexer(source).tokenize():
        if token.token_type not in (TokenType.VAR, TokenType.BLOCK):
            continue
        contents = FILTER.sub("", QUOTED.sub("", token.contents)).strip()
        if token.token_type == TokenType.BLOCK:
            tag, _space, contents = contents.partition(" ")
            if tag in SKIP_TAGS:
                continue
            loop = LOOP.match(f"{tag} {contents}")
            if loop:
                loops.update(NAME.findall(loop.group(1)))
                contents = contents.partition(" in ")[2]
            bound.update(ALIAS.findall(contents))
            # `with course=course`: the value's name is the context's, whatever the alias is called
            values.update(ROOT.findall(" ".join(re.findall(r"=\s*([\w.]+)", contents))))
            contents = ALIAS.sub(" ", contents)
        names.update(ROOT.findall(contents))
    for included in INCLUDE.findall(source):
        names |= _roots(included, seen)
    return ((names - bound) | values) - loops - IF_WORDS - TAG_WORDS


def _placeholders(roots: set[str]) -> tuple[Placeholder, ...]:
    found = {}
    for root in sorted(roots | {"site_url"}):
        if root in PROVIDERS:
            for placeholder in PROVIDERS[root]:
                found.setdefault(placeholder.name, placeholder)
        elif root not in NOT_OFFERED and not root.startswith("_") and root not in IF_WORDS:
            found.setdefault(root, None)
    placeholders = []
    for name, placeholder in found.items():
        placeholders.append(placeholder or Placeholder(name, gettext_lazy("värde från portalen"), name))
    return tuple(sorted(placeholders, key=lambda placeholder: placeholder.name))


def _our_apps() -> Iterator[AppConfig]:
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts:
            yield config


# Template words of the shipped templates that are tags or filters, not context names.
TAG_WORDS = {"with", "as", "count", "trimmed", "context", "asvar", "only", "from", "by", "reversed"}


@lru_cache(maxsize=1)
def _kinds() -> dict[str, Kind]:
    found = {}
    for config in _our_apps():
        templates = Path(config.path) / "templates"
        # <folder>/email/<name>: the two parts of the edit page's address
        for subject in sorted(templates.glob("*/email/*_subject.txt")):
            body = subject.with_name(subject.name.replace("_subject.txt", "_body.txt"))
            if subject.name.startswith("_") or not body.exists():
                continue
            name = str(subject.relative_to(templates)).removesuffix("_subject.txt")
            roots = (_roots(f"{name}_subject.txt") | _roots(f"{name}_body.txt")) - TAG_WORDS
            found[name] = Kind(
                name=name, app_label=config.label, placeholders=_placeholders(roots), roots=frozenset(roots)
            )
    return found


def kinds() -> dict[str, Kind]:
    """Every kind of notification of our apps, by template name."""
    return dict(_kinds())


def kind(name: str) -> Kind | None:
    return _kinds().get(name)


def template_problems(source: str, allowed: Iterable[str]) -> list[str]:
    """What is wrong with an edited text, in Swedish: tags other than if/else, a placeholder that is not
    one of `allowed` (or has a dot or filter), broken syntax. An empty list means it may be saved."""
    problems = []
    allowed = set(allowed)

    def unknown(name: str) -> str:
        return _("Okänd platshållare {{ %(name)s }}. Tillgängliga: %(allowed)s.") % {
            "name": name,
            "allowed": ", ".join(sorted(allowed)) or "–",
        }

    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            if "{{" in token.contents or "{%" in token.contents:
                problems.append(_("Ett {{ eller {% saknar sitt slut (}} eller %})."))
        elif token.token_type == TokenType.VAR:
            name = token.contents.strip()
            if not NAME.fullmatch(name):
                problems.append(
                    _(
                        "{{ %(text)s }} går inte att använda: skriv bara platshållarens namn, utan punkt eller filter."
                    )
                    % {"text": name}
                )
            elif name not in allowed:
                problems.append(unknown(name))
        elif token.token_type == TokenType.BLOCK:
            tag, _space, expression = token.contents.strip().partition(" ")
            if tag not in ALLOWED_TAGS:
                problems.append(
                    _("{%% %(tag)s %%} är inte tillåtet. Använd platshållare och if, else och endif.")
                    % {"tag": tag}
                )
                continue
            if "." in expression or "|" in expression:
                problems.append(
                    _("Villkoret i {%% %(tag)s %%} får bara innehålla platshållarnas namn.") % {"tag": tag}
                )
            for name in NAME.findall(QUOTED.sub("", expression)):
                if name not in IF_WORDS and name not in allowed:
                    problems.append(unknown(name))
    if not problems:
        opened = sum(
            1
            for token in Lexer(source).tokenize()
            if token.token_type == TokenType.BLOCK and token.contents.split()[:1] == ["if"]
        )
        closed = sum(
            1
            for token in Lexer(source).tokenize()
            if token.token_type == TokenType.BLOCK and token.contents.strip() == "endif"
        )
        if opened != closed:
            problems.append(
                _(
                    "Varje {%% if %%} behöver ett {%% endif %%} (här finns %(opened)s if och %(closed)s endif)."
                )
                % {"opened": opened, "closed": closed}
            )
    if not problems:
        try:
            ENGINE.from_string(source)
        except TemplateSyntaxError as error:
            problems.append(_("Mallen har ett syntaxfel: %(error)s") % {"error": error})
    return list(dict.fromkeys(problems))


def placeholder_values(kind_: Kind, context: Mapping[str, object]) -> dict[str, str]:
    """The restricted context: each placeholder of the kind as a plain string."""
    values = {}
    for placeholder in kind_.placeholders:
        raw = context.get(placeholder.source)
        if raw is None or raw is False or raw == "":
            values[placeholder.name] = ""  # empty, so that {% if %} on it is false
            continue
        if raw is True:
            values[placeholder.name] = _("ja")
            continue
        try:
            value = placeholder.value(raw)
        except Exception:  # a wrong type in the context must not stop the e-mail
            logger.warning("Placeholder %s of %s failed", placeholder.name, kind_.name, exc_info=True)
            value = ""
        values[placeholder.name] = "" if value is None else str(value)
    return values


def render_text(source: str, values: Mapping[str, str]) -> str:
    """An edited text with these placeholder values, as plain text."""
    return ENGINE.from_string(source).render(Context(values, autoescape=False))


def edited_rows(template_names: Iterable[str]) -> dict[str, NotificationTemplate]:
    """{kind: NotificationTemplate} of the edited ones among these template names, in one query (none
    when no name is a kind): the outbox looks up a whole batch at once."""
    from .models import NotificationTemplate

    # By the name's shape, not kind(): the first e-mail of a process (under an occasion lock) must not
    # wait for the template scan; only kinds are ever saved.
    names = sorted({name for name in template_names if "/email/" in name})
    if not names:
        return {}
    return {row.kind: row for row in NotificationTemplate.objects.filter(kind__in=names)}


def render_edited(
    template: str,
    context: Mapping[str, object],
    language: str,
    rows: dict[str, NotificationTemplate] | None = None,
) -> tuple[str, str] | None:
    """(subject, body) from the edited template, or None when there is none (or it no longer passes
    the checks, e.g. a placeholder the code stopped offering: then the shipped text is used).
    `rows` is edited_rows() of the batch; without it this template is looked up."""
    edited = (edited_rows([template]) if rows is None else rows).get(template)
    texts = edited.texts(language) if edited else None
    kind_ = kind(template) if texts is not None else None
    if kind_ is None:
        return None
    allowed = kind_.placeholder_names
    if any(template_problems(source, allowed) for source in texts):
        logger.error(
            "The edited template %s (%s) no longer passes its checks; shipped text used", template, language
        )
        return None
    values = placeholder_values(kind_, context)
    return render_text(texts[0], values), render_text(texts[1], values)


LANGUAGES = (("sv", gettext_lazy("svenska")), ("en", gettext_lazy("engelska")))


def texts_problems(*, kind_name: str, texts: Mapping[str, str | None]) -> dict[str, list[str]]:
    """Every problem of the four texts {field: source}: each checked against the kind's placeholders,
    and a language's subject and body are written both or neither. {field: [messages]}."""
    kind_ = kind(kind_name)
    problems = {}
    for field, source in texts.items():
        found = template_problems(source or "", kind_.placeholder_names)
        if found:
            problems[field] = found
    for code, _name in LANGUAGES:
        subject, body = (
            (texts.get(f"subject_{code}") or "").strip(),
            (texts.get(f"body_{code}") or "").strip(),
        )
        if bool(subject) != bool(body):
            missing = f"body_{code}" if subject else f"subject_{code}"
            problems.setdefault(missing, []).append(
                _(
                    "Skriv både ämne och text på samma språk, eller lämna båda tomma för att använda standardtexten."
                )
            )
    return problems


def template_save(
    *, kind_name: str, subject_sv: str, body_sv: str, subject_en: str, body_en: str, by_id: int | None
) -> NotificationTemplate | None:
    """Store the project leader's texts of one kind; refused (DomainError) when any text fails its checks."""
    from .errors import DomainError
    from .models import NotificationTemplate

    texts = {"subject_sv": subject_sv, "body_sv": body_sv, "subject_en": subject_en, "body_en": body_en}
    if kind(kind_name) is None:
        raise DomainError(_("Det finns inget sådant slag av e-post."))
    if not any(text.strip() for text in texts.values()):
        template_restore(kind_name=kind_name)  # nothing written: the shipped texts
        return None
    problems = texts_problems(kind_name=kind_name, texts=texts)
    if problems:
        raise DomainError(" ".join(message for messages in problems.values() for message in messages))
    template, _created = NotificationTemplate.objects.update_or_create(
        kind=kind_name, defaults={**texts, "updated_by_id": by_id}
    )
    return template


def template_restore(*, kind_name: str) -> bool:
    """The shipped texts are used again; True if there was an edited one."""
    from .models import NotificationTemplate

    deleted, _detail = NotificationTemplate.objects.filter(kind=kind_name).delete()
    return bool(deleted)


def shipped_source(kind_name: str) -> tuple[str, str]:
    """The shipped templates of a kind as they are written, for the project leader to read."""
    return _source(f"{kind_name}_subject.txt"), _source(f"{kind_name}_body.txt")
