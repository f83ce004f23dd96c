"""gunicorn's settings for the portal (read from the working directory by `gunicorn yrkesresan.wsgi`).

gunicorn writes `Server: gunicorn` on every response and has no setting to leave it out; the name and
version of our server tell an attacker nothing we want them to know. Responses leave it out instead.
"""

from gunicorn.http import wsgi


class _ResponseWithoutServer(wsgi.Response):
    def default_headers(self):
        return [line for line in super().default_headers() if not line.lower().startswith("server:")]


wsgi.Response = _ResponseWithoutServer
