"""Issue 15 item 4: headers and settings — a strict Content-Security-Policy that the templates keep to,
`manage.py check --deploy` clean under production settings from the environment, error pages in Chinese."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from ningbo_sws.lib.charts import bar_chart

ROOT = Path(__file__).resolve().parent.parent
INLINE_STYLE = re.compile(r"""\sstyle\s*=|<style[\s>]""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)


def template_files():
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    # PDF templates are rendered on the server into PDF, never shown by a browser: the policy does not apply.
    return sorted(p for d in dirs for p in d.rglob("*.html") if "pdf" not in p.relative_to(d).parts)


def test_no_template_carries_inline_script_style_or_event_handlers():
    """The CSP refuses them in the browser; this finds them before a user does (templates of every app)."""
    found = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("inline style", INLINE_STYLE), ("inline script", INLINE_SCRIPT),
                              ("event handler", HANDLER)):
            found += [f"{path.relative_to(ROOT)}: {name}: {m.group(0).strip()}" for m in pattern.finditer(text)]
    assert len(template_files()) > 100
    assert found == []


def test_server_drawn_charts_keep_to_the_policy():
    svg = str(bar_chart([("南门街道", 85), ("江厦街道", 70)], title="等级"))
    assert "<svg" in svg and not INLINE_STYLE.search(svg) and not HANDLER.search(svg)


@pytest.mark.django_db
def test_every_page_carries_the_strict_policy(world, client_for):
    for client, url in ((client_for(world.users["worker"]), "/"), (Client(), "/accounts/login/")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def _check_deploy(**env):
    development = {"ALLOW_INSECURE_DEV_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in development}
    production = {"SECRET_KEY": secrets.token_urlsafe(50), "DEBUG": "0", "SECURE_COOKIES": "1",
                  "ALLOWED_HOSTS": "sws.nbmz.example.gov.cn", "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(40)}
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                          env={**base, **production, **env}, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("env", [
    {"SECURE_SSL_REDIRECT": "1", "SECURE_HSTS_SECONDS": "31536000"},  # Django redirects and sends HSTS
    {"TLS_AT_PROXY": "1", "PROXY_SSL_HEADER": "1"},  # the proxy does both, and the two checks are silenced by name
])
def test_check_deploy_is_clean_under_production_settings(env):
    result = _check_deploy(**env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_https_is_left_to_nobody():
    result = _check_deploy()
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout and "security.W008" in result.stderr + result.stdout


@pytest.mark.django_db
def test_error_pages_speak_chinese(world, client_for, settings):
    settings.DEBUG = False
    client = client_for(world.users["worker"])
    client.raise_request_exception = False
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "页面不存在" in missing.content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = client.post(f"/stations/{world.station('own').pk}/edit/", {"address": "社" * 2000})
    assert big.status_code == 413
    assert "What you sent is too large" in big.content.decode() or "提交的内容过大" in big.content.decode()
    assert "Content-Security-Policy" in big


def test_the_500_page_is_chinese_without_inline_style():
    text = (ROOT / "templates" / "500.html").read_text(encoding="utf-8")
    assert "系统出错了" in text and not INLINE_STYLE.search(text)


@pytest.mark.django_db
def test_a_500_answers_with_that_page(world, client_for, settings, monkeypatch):
    settings.DEBUG = False
    from stations import views

    def broken(*args, **kwargs):
        raise RuntimeError("injected")

    monkeypatch.setattr(views, "render", broken)  # the start page's own rendering fails
    client = client_for(world.users["worker"])
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500 and "系统出错了" in response.content.decode()
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'"]
