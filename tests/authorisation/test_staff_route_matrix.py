"""Every staff route of every app, against every kind of caller: the route table is the matrix's source."""

from __future__ import annotations

from flask import Flask

from tests.authorisation.route_access import EXPECTED, Access
from tests.support.every_app import Route, routes_of, url_for_route

TABLE = "tests/authorisation/route_access.py"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def call(app: Flask, route: Route, token: str | None, *, via_cookie: bool = False) -> tuple[int, str, bool]:
    """Call a route as a caller with `token`; return the status, the redirect target and whether JSON came."""
    client = app.test_client()
    headers = {"Accept": "text/html"} if EXPECTED[route.key].page else {"Accept": "application/json"}
    if token and via_cookie:
        client.set_cookie("staff_token", token)
    elif token:
        headers["Authorization"] = f"Bearer {token}"
    body = {"data": {}} if EXPECTED[route.key].page else {"json": {}}
    sent = body if route.method in UNSAFE else {}
    answer = client.open(url_for_route(app, route), method=route.method, headers=headers, **sent)
    return answer.status_code, answer.headers.get("Location", ""), answer.is_json


def refused_as_nobody(access: Access, status: int, location: str, is_json: bool) -> bool:
    """A page sends nobody to sign in; an API answers 401 in the JSON error shape."""
    if access.page:
        return status == 303 and location.startswith("/staff/login")
    return status == 401 and is_json


def test_every_route_of_every_app_has_an_expected_answer(apps: dict[str, Flask]) -> None:
    """A route missing from the table fails here, naming the line to add."""
    served = {route.key for name, app in apps.items() for route in routes_of(name, app)}
    missing = sorted(served - EXPECTED.keys())
    assert not missing, (
        f"routes without an expected answer: add each to EXPECTED in {TABLE} as PUBLIC, "
        "api(roles...) or page(roles...):\n" + "\n".join(f"    {key!r}: ...," for key in missing)
    )
    stale = sorted(EXPECTED.keys() - served)
    assert not stale, f"entries in {TABLE} for routes no app serves any more: {stale}"


def test_admin_and_staff_paths_are_never_public() -> None:
    """Anything under /admin or a /staff API is a staff route in the table."""
    public_staff_paths = [
        key
        for key, access in EXPECTED.items()
        if access.public and (" /admin" in key[1] or "/staff/" in key[1].split(" ", 1)[1].removeprefix("/staff/"))
    ]
    assert public_staff_paths == []


def test_staff_routes_refuse_everyone_without_a_valid_token(
    apps: dict[str, Flask], unsigned_in_tokens: dict[str, str | None]
) -> None:
    """No token, garbage, forged, expired, wrong audience or issuer, alg none: 401 (API) or sign-in (page)."""
    failures = []
    checked = 0
    for name, app in apps.items():
        for route in routes_of(name, app):
            access = EXPECTED.get(route.key)
            if access is None or access.public:
                continue
            for caller, token in unsigned_in_tokens.items():
                checked += 1
                status, location, is_json = call(app, route, token)
                if not refused_as_nobody(access, status, location, is_json):
                    failures.append(f"{route.key} with {caller}: {status} {location}")
    assert checked > 0 and not failures, "\n".join(failures)


def test_each_role_gets_what_the_table_says(apps: dict[str, Flask], role_tokens: dict[str, str]) -> None:
    """Roles in the table get past the guard (no 401, 403 or 500); every other role gets 403."""
    failures = []
    for name, app in apps.items():
        for route in routes_of(name, app):
            access = EXPECTED.get(route.key)
            if access is None or access.roles is None:
                continue
            for role, token in role_tokens.items():
                status, location, _ = call(app, route, token)
                if role in access.roles:
                    # 502 and 503 are a provider or upstream this in-process setup does not run; 500 is a bug.
                    if status in (401, 403, 500) or location.startswith("/staff/login"):
                        failures.append(f"{route.key} as {role}: {status}, the table says allowed")
                elif status != 403:
                    failures.append(f"{route.key} as {role}: {status}, the table says 403")
    assert not failures, "\n".join(failures)


def test_a_sign_in_cookie_alone_cannot_change_anything(apps: dict[str, Flask], role_tokens: dict[str, str]) -> None:
    """Unsafe methods of staff routes carried by the cookie without the CSRF value answer 403."""
    failures = []
    for name, app in apps.items():
        for route in routes_of(name, app):
            access = EXPECTED.get(route.key)
            if access is None or access.roles is None or route.method not in UNSAFE:
                continue
            status, _, _ = call(app, route, role_tokens["admin"], via_cookie=True)
            if status != 403:
                failures.append(f"{route.key}: {status}")
    assert not failures, "\n".join(failures)
