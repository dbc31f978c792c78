"""Sign-in, sessions, CSRF, languages and error pages of the portal, over the real app and database."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from portal_forms import csrf_of, post_form, signed_in

from karmayogi.api.pages import messages
from karmayogi.api.pages.web import indian_date, indian_number, translations

PASSWORD = "correct horse battery"


def email(user_id: uuid.UUID) -> str:
    return f"{user_id}@example.com"


def test_signed_out_root_is_the_sign_in_page(world) -> None:  # type: ignore[no-untyped-def]
    r = world.client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<form method="post" action="/sign-in"' in r.text
    assert 'lang="en"' in r.text


def test_sign_in_sets_a_fresh_httponly_lax_cookie_and_lands_home(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(world.client.app)
    client.cookies.set("ky_session", "planted-by-someone-else")
    r = post_form(client, "/", "/sign-in", {"email": email(world.a.people["learner"]), "password": PASSWORD})
    assert r.status_code == 303 and r.headers["location"] == "/home"
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert "planted-by-someone-else" not in cookie
    assert client.get("/", follow_redirects=False).headers["location"] == "/home"


def test_cookie_is_secure_over_https(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(world.client.app, base_url="https://testserver")
    r = post_form(client, "/", "/sign-in", {"email": email(world.a.people["learner"]), "password": PASSWORD})
    assert "Secure" in r.headers["set-cookie"]


def test_wrong_password_rerenders_with_the_error_beside_the_field(world) -> None:  # type: ignore[no-untyped-def]
    r = post_form(
        world.client, "/", "/sign-in", {"email": email(world.a.people["learner"]), "password": "no"}
    )
    assert r.status_code == 422
    assert 'id="e-password"' in r.text and "The email or the password is wrong." in r.text
    assert "ky_session" not in r.headers.get("set-cookie", "")


def test_post_without_or_with_a_foreign_csrf_token_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    learner = email(world.a.people["learner"])
    r = world.client.post("/sign-in", data={"email": learner, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 403 and "ky_session" not in r.headers.get("set-cookie", "")
    other = TestClient(world.client.app)
    foreign = csrf_of(other.get("/").text)  # a token given to another browser
    r = world.client.post(
        "/sign-in",
        data={"email": learner, "password": PASSWORD, "csrf_token": foreign},
        follow_redirects=False,
    )
    assert r.status_code == 403
    client = signed_in(world.client.app, learner, PASSWORD)
    r = client.post("/sign-out", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert client.get("/home").status_code == 200  # still signed in: the forged sign-out did nothing


def test_sign_out_revokes_the_session_server_side(world) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(world.client.app, email(world.a.people["learner"]), PASSWORD)
    token = client.cookies.get("ky_session")
    assert post_form(client, "/home", "/sign-out", {}).status_code == 303
    replay = TestClient(world.client.app)
    replay.cookies.set("ky_session", token)
    r = replay.get("/home", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_change_password_checks_fields_and_signs_out_other_browsers(world) -> None:  # type: ignore[no-untyped-def]
    learner = email(world.a.people["learner"])
    here = signed_in(world.client.app, learner, PASSWORD)
    elsewhere = signed_in(world.client.app, learner, PASSWORD)
    r = post_form(
        here,
        "/password",
        "/password",
        {
            "current_password": "wrong one",
            "new_password": "a brand new pass",
            "repeat_password": "a brand new pass",
        },
    )
    assert r.status_code == 422 and "This is not your current password." in r.text
    r = post_form(
        here,
        "/password",
        "/password",
        {"current_password": PASSWORD, "new_password": "short", "repeat_password": "short"},
    )
    assert r.status_code == 422 and 'id="e-new_password"' in r.text
    r = post_form(
        here,
        "/password",
        "/password",
        {
            "current_password": PASSWORD,
            "new_password": "a brand new pass",
            "repeat_password": "a brand new pass",
        },
    )
    assert r.status_code == 303
    assert here.get("/password?done=1").status_code == 200  # this browser got a new session
    assert elsewhere.get("/home", follow_redirects=False).status_code == 303  # the other was signed out
    assert (
        world.client.post(
            "/api/v1/auth/token", data={"username": learner, "password": "a brand new pass"}
        ).status_code
        == 200
    )


def test_language_switch_persists_and_renders_hindi(world) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(world.client.app)
    r = post_form(client, "/", "/language", {"lang": "hi", "next": "/"})
    assert r.status_code == 303 and "ky_lang=hi" in r.headers["set-cookie"]
    page = client.get("/").text
    assert 'lang="hi"' in page and "साइन इन करें" in page
    r = post_form(client, "/", "/sign-in", {"email": "nobody@example.com", "password": "x"})
    assert "ईमेल या पासवर्ड ग़लत है।" in r.text  # the error beside the field is in Hindi too


def test_pages_need_sign_in_and_come_back_after_it(world) -> None:  # type: ignore[no-untyped-def]
    r = world.client.get("/password", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?next=/password"
    r = post_form(
        world.client,
        "/?next=/password",
        "/sign-in",
        {"email": email(world.a.people["learner"]), "password": PASSWORD, "next": "/password"},
    )
    assert r.headers["location"] == "/password"
    r = post_form(
        TestClient(world.client.app),
        "/",
        "/sign-in",
        {"email": email(world.a.people["learner"]), "password": PASSWORD, "next": "//evil.example/"},
    )
    assert r.headers["location"] == "/home"  # never sent off the site


def test_the_api_still_answers_with_problem_documents(world) -> None:  # type: ignore[no-untyped-def]
    r = world.client.get(f"/api/v1/courses/{uuid.uuid4()}", headers=world.login(world.a.people["learner"]))
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


def test_dates_and_numbers_are_written_the_indian_way() -> None:
    assert indian_date(date(2026, 12, 5), "en") == "5 December 2026"
    assert indian_date(date(2026, 12, 5), "hi") == "5 दिसंबर 2026"
    assert indian_date(datetime(2026, 12, 4, 20, 0, tzinfo=UTC), "en") == "5 December 2026"  # IST
    assert indian_number(12345678, "en") == "1,23,45,678"
    assert indian_number(150000.5, "hi", 1) == "1,50,000.5"


def test_the_hindi_catalogue_translates_every_interface_string() -> None:
    extracted = messages.extract()
    assert len(extracted) > 40
    catalogue = messages.read("hi")
    missing = [m for m in extracted if not (catalogue.get(m) and catalogue.get(m).string)]
    assert not missing, f"no Hindi for: {missing}"
    hindi = translations("hi").gettext
    assert hindi("Sign in") == "साइन इन करें"
