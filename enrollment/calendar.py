"""The calendar file (.ics) of a booked occasion's course days, attached to confirmations and
downloadable from the participant's page. (The lead merges this with courses' own .ics at merge.)"""
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import Calendar, Event


def occasion_ics(occasion, uid_prefix="yrkesresan"):
    """An iCalendar file with one event per course day that is not cancelled, as bytes."""
    tz = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Yrkesresan Norrbotten//Anmälan//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for day in occasion.days.filter(is_cancelled=False).order_by("date", "start_time"):
        event = Event()
        event.add("uid", f"{uid_prefix}-courseday-{day.pk}@{settings.SITE_URL.split('://')[-1]}")
        event.add("summary", str(occasion.course))
        event.add("dtstart", datetime.datetime.combine(day.date, day.start_time, tzinfo=tz))
        event.add("dtend", datetime.datetime.combine(day.date, day.end_time, tzinfo=tz))
        event.add("dtstamp", datetime.datetime.now(tz=datetime.UTC))
        location = ", ".join(part for part in (day.venue, day.address, day.town) if part)
        if location or day.online_url:
            event.add("location", location or day.online_url)
        if day.online_url:
            event.add("url", day.online_url)
        calendar.add_component(event)
    return calendar.to_ical()
