"""Calendar files (.ics) for an occasion and for a trainer's personal feed, with the icalendar
library: one VEVENT per course day in Europe/Stockholm time with a VTIMEZONE, and UIDs that stay
the same between downloads so calendar programs update events instead of duplicating them."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def day_uid(day):
    return f"kursdag-{day.pk}@yrkesresan"


def _event(day, cancelled=False):
    occasion = day.occasion
    event = Event()
    event.add("uid", day_uid(day))
    event.add("dtstamp", occasion.updated_at.astimezone(datetime.UTC))
    # Every change to an occasion (its days included) goes through one save of the occasion, so its
    # time in seconds grows with each change: calendars replace the event they hold by the newer one.
    event.add("sequence", int(occasion.updated_at.timestamp()))
    event.add("dtstart", datetime.datetime.combine(day.date, day.start_time, tzinfo=STOCKHOLM))
    event.add("dtend", datetime.datetime.combine(day.date, day.end_time, tzinfo=STOCKHOLM))
    event.add("summary", f"{occasion.course.name} (Yrkesresan)")
    if day.is_online:
        event.add("location", day.online_url)
    else:
        event.add("location", ", ".join(part for part in (day.venue, day.address, day.town) if part))
    description = [occasion.course.description] if occasion.course.description else []
    if day.online_url:
        description.append(f"Länk: {day.online_url}")
    description.append(settings.SITE_URL + reverse("courses:occasion", args=[occasion.pk]))
    event.add("description", "\n\n".join(description))
    event.add("url", settings.SITE_URL + reverse("courses:occasion", args=[occasion.pk]))
    cancelled = cancelled or day.is_cancelled or occasion.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def calendar_for_days(days, name, cancelled=False):
    calendar = Calendar()
    calendar.add("prodid", "-//Yrkesresan Norrbotten//Kurskalender//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    for day in days:
        calendar.add_component(_event(day, cancelled))
    # Adds a VTIMEZONE for every TZID the events use (Europe/Stockholm).
    calendar.add_missing_timezones()
    return calendar.to_ical()


def occasion_calendar(occasion, cancelled=False):
    """The .ics of one occasion: every course day, cancelled ones marked so calendars remove them.
    With `cancelled`, every day is marked cancelled (for someone taken off the occasion)."""
    days = occasion.days.select_related("occasion__course").order_by("date", "start_time")
    return calendar_for_days(days, occasion.course.name, cancelled)
