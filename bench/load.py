"""Load benchmark against a production-shaped run on loopback: gunicorn, PostgreSQL, Redis, a Celery worker.

A benchmark, not a test (pytest does not collect it). It recreates its own database, starts gunicorn and a
Celery worker itself, measures three things, prints the figures and stops everything it started:
  signup     500 people sign up for one occasion of 20 places at once
  reads      the course days list and a manager's approval queue under concurrent readers, vs a bare view
  reminders  10 000 reminder e-mails due at once, sent by the Celery worker, none twice
Run from the repository root:  .venv/bin/python bench/load.py [signup reads reminders]
Only the standard library is used for HTTP (http.client in a thread pool), so nothing extra is installed.
"""

import argparse
import http.client
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make the project and bench importable
PY = sys.executable
BIN = Path(PY).parent
HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))
FLOOR_PORT = PORT + 1  # Django's floor: no apps, no middleware, no database (bench/floor_settings.py)
DB = os.environ.get("BENCH_DB", "yr_bench")
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_DB = os.environ.get("BENCH_REDIS_DB", "7")
WORKERS = int(os.environ.get("BENCH_WEB_WORKERS", "4"))
PEOPLE, PLACES = 500, 20
READERS, READS = 16, 400  # concurrent readers, requests per URL
REMINDER_OCCASIONS, REMINDER_PEOPLE = 100, 100  # 100 occasions × 100 approved participants = 10 000 e-mails
TIME_LIMIT = int(os.environ.get("BENCH_TIME_LIMIT", "600"))  # seconds; the reminder wait gives up after this

MAIL_DIR = Path(tempfile.mkdtemp(prefix="yr-bench-mail-"))
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DEBUG": "0",
    "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "ALLOWED_HOSTS": HOST,
    "SITE_URL": f"http://{HOST}:{PORT}",
    "DATABASE_URL": f"{PG}/{DB}",
    "REDIS_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    "CELERY_BROKER_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
    "EMAIL_FILE_PATH": str(MAIL_DIR),
    "PYTHONPATH": str(ROOT),
}
ENV.pop("EMAIL_HOST", None)
os.environ.update(ENV)


def run(*command):
    subprocess.run(command, cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL)


def fresh_database():
    pg_host = ["-h", "127.0.0.1", "-U", "postgres"]
    run("dropdb", *pg_host, "--if-exists", DB)
    run("createdb", *pg_host, DB)
    run(PY, "manage.py", "migrate", "--noinput")
    run(PY, "manage.py", "collectstatic", "--noinput")
    subprocess.run(["redis-cli", "-n", REDIS_DB, "flushdb"], check=True, stdout=subprocess.DEVNULL)


def wait_for_port():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, PORT), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


# --- data, made directly in the bench database --------------------------------------------------------------


def setup_django():
    import django

    django.setup()


def make_people():
    """A Luleå manager and 500 Luleå social workers with that manager; returns (manager, people)."""
    from accounts.models import User
    from municipalities.models import Municipality

    lulea = Municipality.objects.get(code="2580")
    manager = User.objects.create_user(
        email="chef.bench@example.se",
        first_name="Chef",
        last_name="Bench",
        is_manager=True,
        municipality=lulea,
    )
    people = []
    for i in range(PEOPLE):
        person = User(
            email=f"person{i:03d}@example.se",
            first_name="Person",
            last_name=f"{i:03d}",
            is_social_worker=True,
            municipality=lulea,
            manager=manager,
        )
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    return manager, list(User.objects.filter(email__startswith="person").order_by("email"))


def make_occasion(capacity, first_day_in=20, closes_in=10, course_slug="bench"):
    import datetime

    from django.utils import timezone

    from courses.models import Course, CourseDay, CourseOccasion, Journey, Step
    from municipalities.models import Region

    journey, _ = Journey.objects.get_or_create(slug="barn-och-unga", defaults={"name": "Barn och unga"})
    step, _ = Step.objects.get_or_create(
        journey=journey, slug="ny", defaults={"name": "Ny", "order": 1, "years_from": 0, "years_to": 2}
    )
    course, _ = Course.objects.get_or_create(
        slug=course_slug,
        defaults={
            "step": step,
            "name": "Handläggning med barnet i centrum",
            "status": Course.Status.PUBLISHED,
            "number_of_days": 1,
            "required_attendance_percent": 100,
        },
    )
    today = timezone.localdate()
    occasion = CourseOccasion.objects.create(
        course=course,
        region=Region.objects.get(municipalities__code="2580"),
        capacity=capacity,
        status=CourseOccasion.Status.OPEN,
        signup_opens=today - datetime.timedelta(days=5),
        signup_closes=today + datetime.timedelta(days=min(closes_in, first_day_in - 1)),
        cancellation_deadline=today + datetime.timedelta(days=first_day_in - 1),
    )
    CourseDay.objects.create(
        occasion=occasion,
        date=today + datetime.timedelta(days=first_day_in),
        start_time=datetime.time(9),
        end_time=datetime.time(16),
        venue="Kulturens hus",
        town="Luleå",
    )
    return occasion


def session_cookie(user):
    """A logged-in session made with Django's session store (the login form and MFA are not measured)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# --- HTTP -----------------------------------------------------------------------------------------------------


class Browser:
    """One person's keep-alive connection with their session and CSRF cookies."""

    def __init__(self, session_key, port=PORT):
        self.csrf = secrets.token_hex(16)  # a 32-character secret; Django accepts it unmasked in the form
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf}"
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie, "Host": HOST}
        if body is not None:
            body = "&".join(f"{k}={v}" for k, v in {**body, "csrfmiddlewaretoken": self.csrf}.items())
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response.status, time.perf_counter() - start, response.getheader("Location", "")


def queue_length():
    return int(
        subprocess.run(
            ["redis-cli", "-n", REDIS_DB, "llen", "celery"], capture_output=True, text=True
        ).stdout.strip()
        or 0
    )


def wait_for_empty_queue(seconds):
    deadline = time.monotonic() + seconds
    while queue_length() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # the tasks taken last are still running


def cpu_seconds(pid):
    """CPU time (user + system) used so far by a process and its child processes (gunicorn's and Celery's
    workers), from /proc; None where there is no /proc. On a shared machine the wall time swings with
    everyone else's load, the CPU time a request costs much less."""
    if pid is None or not Path("/proc").is_dir():
        return None
    ticks = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()  # after "pid (name)"
        except OSError:
            continue  # the process ended meanwhile
        if int(entry.name) == pid or int(fields[1]) == pid:  # itself, or its parent is `pid`
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- the three measurements -----------------------------------------------------------------------------------


def bench_signup(manager, people, web_pid=None, worker_pid=None):
    from django.urls import reverse

    from enrollment.models import Enrollment

    occasion = make_occasion(PLACES)
    path, mine = reverse("enrollment:signup", args=[occasion.pk]), reverse("enrollment:mine")
    browsers = [(person, Browser(session_cookie(person))) for person in people]

    def sign_up(item):
        person, browser = item
        status, _seconds, location = browser.request("POST", path, {"manager": manager.pk})
        # Success redirects to "my enrollments"; a refused sign-up back to the sign-up page.
        return person.pk, status if location == mine else f"{status} to {location}"

    cpu_before = (cpu_seconds(web_pid), cpu_seconds(worker_pid))
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(sign_up, browsers))
    elapsed = time.monotonic() - start
    web_cpu = cpu_seconds(web_pid)
    errors = [r for r in results if r[1] != 302]
    enrollments = list(Enrollment.objects.filter(occasion=occasion).order_by("requested_at", "pk"))
    by_status = {}
    for e in enrollments:
        by_status[e.status] = by_status.get(e.status, 0) + 1
    per_person = {}
    for e in enrollments:
        per_person[e.person_id] = per_person.get(e.person_id, 0) + 1
    duplicates = sum(1 for n in per_person.values() if n > 1)
    holding = [e for e in enrollments if e.status in ("pending", "approved")]  # pending holds a place
    waitlisted = [e for e in enrollments if e.status == "waitlisted"]
    # In order: every place holder asked before every waitlisted person (the occasion row is locked per sign-up).
    in_order = (
        not holding
        or not waitlisted
        or max(e.requested_at for e in holding) <= min(e.requested_at for e in waitlisted)
    )
    ok = (
        len(errors) == 0
        and duplicates == 0
        and len(holding) == PLACES
        and len(waitlisted) == PEOPLE - PLACES
        and in_order
    )
    print(
        f"signup: {PEOPLE} POSTs with 50 concurrent clients in {elapsed:.2f} s = {PEOPLE / elapsed:.0f} sign-ups/s; "
        f"statuses {by_status}; errors {len(errors)} {sorted({r[1] for r in errors})}; duplicates {duplicates}; "
        f"place holders before waiting list: {in_order} -> {'OK' if ok else 'FAILED'}"
    )
    if web_cpu is not None:
        wait_for_empty_queue(120)  # the worker sends the sign-ups' notification e-mails
        worker_cpu = cpu_seconds(worker_pid) - cpu_before[1]
        print(
            f"signup: CPU per sign-up: {(web_cpu - cpu_before[0]) / PEOPLE * 1000:.1f} ms in gunicorn, "
            f"{worker_cpu / PEOPLE * 1000:.1f} ms in the Celery worker (its e-mail); load average "
            f"{os.getloadavg()[0]:.1f}"
        )
    return ok, occasion


def bench_reads(manager, people, web_pid=None, floor_pid=None):
    """Each page under READERS concurrent readers: wall time, and CPU per request in its gunicorn (from
    /proc) as a ratio to Django's floor served by its own gunicorn in the same run."""
    from django.urls import reverse

    reader = people[-1]
    targets = [
        ("floor (minimal Django, own gunicorn)", "/floor/", None, FLOOR_PORT, floor_pid),
        ("bare view", "/bench/bare/", reader, PORT, web_pid),
        ("course days (courses:days)", reverse("courses:days"), reader, PORT, web_pid),
        ("approval queue (enrollment:queue)", reverse("enrollment:queue"), manager, PORT, web_pid),
    ]
    sessions = {user.pk: session_cookie(user) for _, _, user, _, _ in targets if user}
    results = {}
    for label, path, user, port, pid in targets:
        session = sessions[user.pk] if user else ""
        status, *_ = Browser(session, port).request("GET", path)  # warm-up, and a check that it answers
        assert status == 200, f"{path}: {status}"
        local = threading.local()

        def read(i, local=local, session=session, path=path, port=port):
            if not hasattr(local, "browser"):
                local.browser = Browser(session, port)  # one connection per reader thread
            return local.browser.request("GET", path)

        cpu_before = cpu_seconds(pid)
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=READERS) as pool:
            answers = list(pool.map(read, range(READS)))
        elapsed = time.monotonic() - start
        cpu = (cpu_seconds(pid) - cpu_before) / READS * 1000 if cpu_before is not None else None
        bad = [s for s, *_ in answers if s != 200]
        times = [t * 1000 for _, t, _ in answers]
        results[label] = (statistics.median(times), percentile(times, 95), READS / elapsed, len(bad), cpu)
    floor_cpu = results["floor (minimal Django, own gunicorn)"][4]
    bare_median = results["bare view"][0]
    for label, (median, p95, rps, bad, cpu) in results.items():
        ratio = (
            f"; CPU {cpu:.2f} ms per request, ×{cpu / floor_cpu:.1f} the floor" if cpu and floor_cpu else ""
        )
        print(
            f"reads: {label}: median {median:.1f} ms, p95 {p95:.1f} ms, {rps:.0f} req/s, {bad} non-200, "
            f"×{median / bare_median:.1f} the bare view's median{ratio}"
        )
    print(f"reads: load average {os.getloadavg()[0]:.1f}")
    return all(r[3] == 0 for r in results.values())


def bench_reminders(people):
    from celery import Celery  # noqa: F401 (the worker must be able to import the app)

    from core.models import SentEmail
    from enrollment.models import Enrollment
    from enrollment.tasks import send_reminders

    occasions = [
        # One course per occasion: a person holds one booking per course (the database enforces it).
        make_occasion(REMINDER_PEOPLE, first_day_in=2, closes_in=1, course_slug=f"bench-reminder-{n}")
        for n in range(REMINDER_OCCASIONS)
    ]
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                occasion=occasion,
                course_id=occasion.course_id,
                person=person,
                status=Enrollment.Status.APPROVED,
                manager=person.manager,
            )
            for occasion in occasions
            for person in people[:REMINDER_PEOPLE]
        ]
    )
    expected = REMINDER_OCCASIONS * REMINDER_PEOPLE
    before = SentEmail.objects.filter(key__startswith="reminder:").count()
    for f in MAIL_DIR.iterdir():
        f.unlink()
    start = time.monotonic()
    # Twice, as if beat fired twice or a task were retried: the two runs race over the same occasions.
    send_reminders.delay()
    send_reminders.delay()
    deadline = start + TIME_LIMIT
    sent = 0
    while time.monotonic() < deadline:
        sent = SentEmail.objects.filter(key__startswith="reminder:").count() - before
        if sent >= expected and queue_length() == 0:
            break
        time.sleep(0.5)
    elapsed = time.monotonic() - start
    time.sleep(2)  # let the second run finish and find every key taken
    sent = SentEmail.objects.filter(key__startswith="reminder:").count() - before
    messages = sum(f.read_text(errors="replace").count("\nMessage-ID: ") for f in MAIL_DIR.iterdir())
    keys = SentEmail.objects.filter(key__startswith="reminder:")
    ok = sent == expected and messages == expected and keys.values("key").distinct().count() == keys.count()
    print(
        f"reminders: {expected} due; {sent} SentEmail rows and {messages} e-mails written by the worker in "
        f"{elapsed:.1f} s = {messages / elapsed:.0f} e-mails/s; duplicates {messages - sent} "
        f"-> {'OK' if ok else 'FAILED'}"
    )
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", default=["signup", "reads", "reminders"])
    parts = parser.parse_args().parts
    print(f"machine: {os.cpu_count()} cores; {WORKERS} gunicorn workers; database {DB}; redis db {REDIS_DB}")
    fresh_database()
    setup_django()
    manager, people = make_people()
    children = [
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "yrkesresan.wsgi",
                "--bind",
                f"{HOST}:{PORT}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
        ),
        subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "bench.floor_wsgi",
                "--bind",
                f"{HOST}:{FLOOR_PORT}",
                "--workers",
                str(WORKERS),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
        ),
        subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "yrkesresan",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "warning",
            ],
            cwd=ROOT,
            env=ENV,
        ),
    ]
    ok = True
    try:
        wait_for_port()
        if "signup" in parts:
            ok &= bench_signup(manager, people, children[0].pid, children[2].pid)[0]
        if "reads" in parts:
            ok &= bench_reads(manager, people, children[0].pid, children[1].pid)
        if "reminders" in parts:
            ok &= bench_reminders(people)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(MAIL_DIR, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
