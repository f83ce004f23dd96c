"""Benchmark of the regional dashboard and the yearly PDF on generated national-scale data (PostgreSQL).

Usage (from the repository root, on an EMPTY database of its own – the script migrates it):

    createdb -h 127.0.0.1 -U postgres yr_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yr_bench CELERY_BROKER_URL=redis://127.0.0.1:6379/15 \
        /work/main/.venv/bin/python bench/dashboard.py --scale 1.0 --runs 15

--scale 1.0 is the issue's national scale: 290 municipalities in 21 regions, 25 000 people,
300 000 enrollments and 1 000 000 survey answers; a smaller scale divides people, enrollments and
answers (municipalities and regions stay). Data is written with bulk_create in batches; a second run
on the same database reuses it. Reports: the dashboard's SQL query count, its median server time
through the full middleware stack (Django test client) against a bare view returning "ok", and the
yearly PDF's build time and peak memory (in a Celery worker on Redis when CELERY_BROKER_URL is set,
otherwise in-process). --selectors also times each dashboard selector called directly.
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yrkesresan.settings")
# Production figures: DEBUG=0 (DEBUG=1 records every query and ran 1.2 s → 2.9 s in the profile).
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("STATIC_ROOT", "/tmp/yrkesresan-bench-static")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

BATCH = 5000
YEARS = range(2021, 2028)


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("yrkesresan.urls"))]


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def generate(scale):
    from accounts.models import User
    from courses.models import Course, CourseDay, CourseOccasion
    from enrollment.demo import ensure_catalogue
    from enrollment.models import Attendance, Enrollment
    from followup.catalogue import load_templates_now
    from followup.models import Answer, Response, SurveyRound, SurveyTemplate
    from followup.scales import options_for
    from municipalities.models import Municipality, PopulationFigure, Region

    if User.objects.filter(email__startswith="bench").exists():
        log("bench data already there – reused")
        return
    people_n, enrollments_n, answers_n = int(25000 * scale), int(300000 * scale), int(1000000 * scale)
    regions = [
        Region.objects.get_or_create(slug=f"bench-{r}", defaults={"name": f"Benchregion {r}"})[0]
        for r in range(21)
    ]
    existing = Municipality.objects.count()
    Municipality.objects.bulk_create(
        [
            Municipality(
                code=f"{7000 + i}",
                name=f"Benchkommun {i}",
                region=regions[i % 21],
                joined_on=datetime.date(2021 + i % 6, 1, 1),
            )
            for i in range(max(290 - existing, 0))
        ]
    )
    municipalities = list(Municipality.objects.all())
    PopulationFigure.objects.bulk_create(
        [
            PopulationFigure(
                municipality=m, date=datetime.date(2026, 12, 31), population=3000 + (i * 7919) % 200000
            )
            for i, m in enumerate(municipalities)
        ],
        ignore_conflicts=True,
    )
    log(f"{len(municipalities)} municipalities in {Region.objects.count()} regions")

    _journey, steps, _course = ensure_catalogue()
    courses = [
        Course.objects.get_or_create(
            slug=f"bench-{s}",
            defaults={
                "step": step,
                "name": f"Benchkurs {step.name}",
                "status": Course.Status.PUBLISHED,
                "number_of_days": 2,
            },
        )[0]
        for s, step in steps.items()
    ]
    User.objects.bulk_create(
        [
            User(
                email=f"bench{n}@bench.invalid",
                first_name="B",
                last_name=str(n),
                password="!",
                is_social_worker=True,
                municipality=municipalities[n % len(municipalities)],
            )
            for n in range(people_n)
        ],
        batch_size=BATCH,
    )
    people = list(User.objects.filter(email__startswith="bench").values_list("pk", flat=True))
    log(f"{len(people)} people")

    per_occasion = 20
    occasions_n = enrollments_n // per_occasion

    def first_day(k):
        return datetime.date(YEARS[k % len(YEARS)], 1 + k % 12, 1 + k % 27)

    # bulk_create sends no signals, so each occasion gets its start date (its first day) here.
    occasions = CourseOccasion.objects.bulk_create(
        [
            CourseOccasion(
                course=courses[k % len(courses)],
                region=regions[k % 21],
                capacity=24,
                status=CourseOccasion.Status.COMPLETED,
                signup_opens=datetime.date(2021, 1, 1),
                signup_closes=datetime.date(2021, 1, 1),
                cancellation_deadline=datetime.date(2021, 1, 1),
                notes="bench",
                starts_on=first_day(k),
            )
            for k in range(occasions_n)
        ],
        batch_size=BATCH,
    )
    days = []
    for k, occasion in enumerate(occasions):
        days += [
            CourseDay(
                occasion=occasion,
                date=first_day(k) + datetime.timedelta(days=i),
                start_time=datetime.time(9),
                end_time=datetime.time(16),
            )
            for i in range(2)
        ]
    CourseDay.objects.bulk_create(days, batch_size=BATCH)
    log(f"{occasions_n} occasions, {len(days)} course days")

    statuses = [Enrollment.Status.COMPLETED] * 7 + [
        Enrollment.Status.NOT_COMPLETED,
        Enrollment.Status.CANCELLED,
        Enrollment.Status.APPROVED,
    ]
    batch = []
    for k, occasion in enumerate(occasions):
        for j in range(per_occasion):
            batch.append(
                Enrollment(
                    person_id=people[(k * per_occasion + j) % len(people)],
                    occasion=occasion,
                    course_id=occasion.course_id,
                    status=statuses[(k + j) % len(statuses)],
                )
            )
        if len(batch) >= BATCH:
            # A person holds one booking per course: generated duplicates are left out.
            Enrollment.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Enrollment.objects.bulk_create(batch, ignore_conflicts=True)
    log(f"{Enrollment.objects.count()} enrollments")
    first_days = dict(CourseDay.objects.order_by("-date").values_list("occasion_id", "pk"))
    attendance = [
        Attendance(enrollment_id=pk, day_id=first_days[occ], present=(pk % 9 != 0))
        for pk, occ in Enrollment.objects.filter(status=Enrollment.Status.NOT_COMPLETED)
        .values_list("pk", "occasion_id")
        .iterator()
    ]
    Attendance.objects.bulk_create(attendance, batch_size=BATCH)
    log(f"{len(attendance)} attendance rows")

    load_templates_now()
    templates = [
        (t, [q for q in t.questions.all() if q.kind != "free_text"]) for t in SurveyTemplate.objects.all()
    ]
    templates = [(t, qs) for t, qs in templates if qs]
    # Each question's answer options, worked out once rather than for every answer.
    options = {
        q.pk: [o.value for o in options_for(q.effective_scale)] or [v for v, _l in q.choices()] or ["ja"]
        for _t, qs in templates
        for q in qs
    }
    written = 0
    r = 0
    while written < answers_n:
        template, questions = templates[r % len(templates)]
        year = YEARS[r % len(YEARS)]
        survey_round, _ = SurveyRound.objects.get_or_create(
            template=template,
            year=year,
            occasion=None,
            defaults={"opens_on": datetime.date(year, 1, 1), "closes_on": datetime.date(year, 12, 31)},
        )
        count = min(BATCH // len(questions) + 1, (answers_n - written) // len(questions) + 1)
        responses = Response.objects.bulk_create(
            [
                Response(
                    round=survey_round,
                    municipality=municipalities[(r + i) % len(municipalities)],
                    step=steps["ny"],
                    respondent_role="social_worker",
                )
                for i in range(count)
            ]
        )
        answers = []
        for i, response in enumerate(responses):
            for q in questions:
                values = options[q.pk]
                answers.append(
                    Answer(
                        response=response,
                        round=survey_round,
                        question=q,
                        value=values[(i + q.pk) % len(values)],
                    )
                )
        Answer.objects.bulk_create(answers[: answers_n - written], batch_size=BATCH)
        written += min(len(answers), answers_n - written)
        r += 1
    log(f"{Answer.objects.count()} survey answers")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # As autovacuum leaves a live database: statistics, and the visibility map that lets
            # PostgreSQL answer from an index alone (bulk-loaded tables have none until vacuumed).
            cursor.execute("VACUUM ANALYZE")


def timed(client, url, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def measure(runs):
    from django.test import Client

    from accounts.models import User
    from reports import services
    from reports.models import ReportBuild

    steering, _ = User.objects.get_or_create(
        email="bench-styrgrupp@bench.invalid", defaults={"is_steering_group": True, "password": "!"}
    )
    client = Client()
    client.force_login(steering)
    url = "/rapporter/?year=2025"
    with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"]):
        client.get(url)
        # Counted with an execute wrapper: the request_started signal resets connection.queries,
        # which would make CaptureQueriesContext read 0 around a test-client request.
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
            client.get(url)
        dashboard = timed(client, url, runs)
        bare_time = timed(client, "/bench/bare/", runs)
    print(f"dashboard queries (whole request, incl. session and user): {len(queries)}")
    print(
        f"dashboard median: {dashboard * 1000:.1f} ms; bare view median: {bare_time * 1000:.2f} ms; "
        f"ratio {dashboard / bare_time:.0f}x"
    )

    broker = os.environ.get("CELERY_BROKER_URL")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if broker:
        from celery.contrib.testing.worker import start_worker

        from yrkesresan.celery import app

        app.conf.task_always_eager = False
        app.conf.broker_url = broker
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            build = services.report_request(2025, steering)
            while build.status not in (ReportBuild.Status.READY, ReportBuild.Status.FAILED):
                time.sleep(0.2)
                build.refresh_from_db()
        where = "Celery worker (solo pool, Redis broker)"
    else:
        build = ReportBuild.objects.create(year=2025)
        services.report_build(build.pk)
        build.refresh_from_db()
        where = "in-process (no broker)"
    elapsed = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"PDF ({where}): status {build.status}, {elapsed:.1f} s, {build.file.size if build.file else 0} bytes, "
        f"process peak RSS {rss_after / 1024:.0f} MB "
        f"(was {rss_before / 1024:.0f} MB before the build)"
    )


def selector_times(year=2025):
    """Each dashboard selector called directly: the best of 3 calls (after one warm-up) and its queries."""
    from django.test.utils import CaptureQueriesContext

    from reports import selectors

    calls = {
        "goal summary": lambda: selectors.goals(year),
        "trend 2021–2027": selectors.trend_table,
        "headline totals": lambda: selectors.totals(year),
        "trainers": lambda: selectors.trainer_table(year),
        "participation": lambda: selectors.participation_table(year),
        "agreements": lambda: selectors.agreement_summary(year),
        "steps": lambda: selectors.steps_table(year),
    }
    for name, call in calls.items():
        call()
        best = None
        for _ in range(3):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                call()
                elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"selector {name}: {best * 1000:.0f} ms, {len(queries.captured_queries)} queries")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--selectors", action="store_true", help="also time each selector called directly")
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG=0 serves hashed file names
    start = time.perf_counter()
    generate(args.scale)
    log(f"data ready in {time.perf_counter() - start:.0f} s (vendor {connection.vendor})")
    measure(args.runs)
    if args.selectors:
        selector_times()


if __name__ == "__main__":
    main()
