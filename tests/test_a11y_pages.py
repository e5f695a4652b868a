"""Issue 14 on the server side: the 大字模式 switch (a form, no JavaScript, remembered in a cookie) and the house
form's help/error ids that Django's aria-describedby points at."""

import re

from django.conf import settings


def test_large_mode_switch_sets_a_cookie_and_goes_back(client, db):
    response = client.post("/display/", {"mode": "large", "next": "/disclosure/"})
    assert response.status_code == 302 and response["Location"] == "/disclosure/"
    assert response.cookies["display_mode"].value == "large"
    page = client.get("/accounts/login/")
    assert b'<html lang="zh-CN" class="large">' in page.content
    response = client.post("/display/", {"mode": "standard", "next": "/"})
    assert response.cookies["display_mode"].value == ""


def test_large_mode_switch_refuses_to_send_people_elsewhere(client, db):
    response = client.post("/display/", {"mode": "large", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_every_page_has_the_skip_link_and_the_switch(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/accounts/login/").content.decode()
    assert '<a class="skip-link" href="#main">Skip to the content</a>' in html
    assert '<main id="main" tabindex="-1">' in html
    assert 'name="mode" value="large">Large text</button>' in html


def test_described_by_points_at_ids_that_exist(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post("/accounts/login/", {"username": "nobody-here", "password": ""}).content.decode()
    for ids in re.findall(r'aria-describedby="([^"]+)"', html):
        for one in ids.split():
            assert f'id="{one}"' in html, one
    assert '<div role="alert" id="id_password_error"><ul class="errorlist">' in html
    assert 'class="required-mark"' in html and " required " in html.replace(">", " ")
