"""A pg_dump of the portal's database restores into a fresh database with the same contents."""

import shutil
import subprocess

import psycopg2
import pytest
from django.db import connection

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

TABLES = [
    "municipalities_municipality",
    "municipalities_populationfigure",
    "accounts_user",
    "account_emailaddress",
    "auditlog_logentry",
]


def counts(dsn):
    with psycopg2.connect(**dsn) as conn, conn.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            result[table] = cursor.fetchone()[0]
        return result


def test_dump_and_restore_into_a_fresh_database(postgres_db, demo_people, tmp_path):
    from tests.conftest import require_service

    require_service(
        shutil.which("pg_dump") and shutil.which("pg_restore"), "pg_dump/pg_restore (postgresql-client)"
    )
    settings = connection.settings_dict
    dsn = {
        "host": settings["HOST"],
        "port": settings["PORT"],
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": settings["NAME"],
    }
    args = ["-h", str(dsn["host"]), "-p", str(dsn["port"] or 5432), "-U", dsn["user"]]
    dump = tmp_path / "yrkesresan.dump"
    subprocess.run(
        ["pg_dump", *args, "--format=custom", "--no-owner", "-f", str(dump), dsn["dbname"]], check=True
    )

    restored = f"{dsn['dbname']}_restore"
    subprocess.run(["dropdb", *args, "--if-exists", restored], check=True)
    subprocess.run(["createdb", *args, restored], check=True)
    try:
        subprocess.run(["pg_restore", *args, "--no-owner", "-d", restored, str(dump)], check=True)
        original = counts(dsn)
        assert original["accounts_user"] == len(demo_people) and original["municipalities_municipality"] == 14
        assert counts({**dsn, "dbname": restored}) == original
    finally:
        subprocess.run(["dropdb", *args, "--if-exists", restored], check=True)
