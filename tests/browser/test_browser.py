"""The app started the way `make run` starts it, driven in Debian's chromium by playwright."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.support.offline import GuardLog, guarded_environment

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO_ROOT / "var" / "screenshots"
PASSWORD = "demo-password-for-tests"
# Chromium's background services would try to reach Google; this machine is offline.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"make run exited early with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError("the app did not become healthy in time")


@pytest.fixture(scope="module")
def app_url(pipeline, isolated_environment):
    """`make run` on a free port, against this test session's data folder."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing; `make test` installs it (scripts/ensure_chromium.sh)")
    port = _free_port()
    url = f"http://localhost:{port}"
    # Every Python process `make run` starts (index, seeding, Streamlit) runs under the guard.
    env = guarded_environment(isolated_environment / "network-guard.log",
                              {**os.environ, "TAILOR_PUBLIC_BASE_URL": url})
    log_path = isolated_environment / "make-run.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_healthy(url, process)
        yield url
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _log_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_the_app_starts_without_asking_the_internet_for_its_address(app_url, isolated_environment):
    # Headless Streamlit looks up its external IP over HTTP unless browser.serverAddress is set;
    # offline that lookup fails and says so in the log.
    log_path = isolated_environment / "make-run.log"
    deadline = time.monotonic() + 30
    while "URL:" not in log_path.read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    log = log_path.read_text()
    assert "URL:" in log
    assert "external IP" not in log and "External URL" not in log


def test_patient_asks_follows_citations_and_escalates_then_staff_sees_it(app_url, browser):
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(app_url)
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=60_000)
    _shot(page, "01-login")

    _log_in(page, app_url, "demo.patient")
    # First login: the disclosure must be accepted before anything else.
    expect(page.get_by_role("heading", name="Before you start")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Tailor is an AI assistant. It is not a doctor")).to_be_visible()
    _shot(page, "01b-consent")
    page.get_by_text("I have read this and understand").click()
    page.get_by_role("button", name="Accept and continue").click()
    expect(page.get_by_role("heading", name="Ask Tailor")).to_be_visible(timeout=60_000)
    chat_box = page.get_by_test_id("stChatInputTextArea")
    chat_box.fill("What does a variant of uncertain significance mean?")
    chat_box.press("Enter")
    answer = page.get_by_test_id("stChatMessage").nth(1)
    expect(answer).to_contain_text("[1]", timeout=60_000)
    article_link = answer.locator("a[href*='library?article=']").first
    source_links = answer.locator("a[href^='https://']")
    # Streamlit sends each element as it is drawn: the citations arrive just after the text.
    expect(source_links.first).to_be_visible(timeout=30_000)
    _shot(page, "02-chat-answer")

    assert all(re.match(r"https://[\w.-]+/", source_links.nth(i).get_attribute("href")) for i in range(source_links.count()))
    article_url = article_link.get_attribute("href")
    assert article_url.startswith(app_url)

    article_page = browser.new_page(viewport={"width": 1200, "height": 900})
    article_page.goto(article_url)
    expect(article_page.get_by_role("heading", name="Sources")).to_be_visible(timeout=60_000)
    expect(article_page.get_by_role("heading", name=article_link.inner_text())).to_be_visible()
    _shot(article_page, "03-library-article")
    article_page.close()

    # Markup a patient types is shown as text: no element is created, no script runs.
    chat_box.fill('<img src=x onerror="window.__tailorXss=1"> [link](javascript:alert(1)) what is LDL?')
    chat_box.press("Enter")
    typed = page.get_by_test_id("stChatMessage").nth(2)
    expect(typed).to_contain_text('<img src=x onerror="window.__tailorXss=1">', timeout=60_000)
    expect(page.get_by_test_id("stChatMessage").nth(3)).to_be_visible(timeout=60_000)
    assert typed.locator("img").count() == 0 and typed.locator("a").count() == 0
    assert page.evaluate("window.__tailorXss") is None

    page.get_by_role("button", name="Ask my care team").click()
    expect(page.get_by_text("Your care team has your conversation")).to_be_visible(timeout=30_000)
    _shot(page, "04-escalated")

    page.get_by_role("link", name="My results").click()
    expect(page.get_by_role("heading", name="My results")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible(timeout=30_000)
    _shot(page, "05-my-results")

    page.get_by_role("link", name="My genetics").click()
    expect(page.get_by_role("heading", name="My genetics")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Download my medicine–gene card (print-ready)")).to_be_visible()
    _shot(page, "06-my-genetics")

    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", name="My data")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Prepare my download").click()
    expect(page.get_by_role("button", name="Readable page (HTML)")).to_be_visible(timeout=30_000)
    _shot(page, "06b-my-data")

    page.get_by_role("button", name="Log out", exact=True).click()
    _log_in(page, app_url, "demo.staff")
    expect(page.get_by_role("heading", name="Escalations")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"P-1001 · patient_request"))).to_be_visible()
    _shot(page, "07-staff-escalations")
    page.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=30_000)
    _shot(page, "08-audit-log")
    page.close()


def test_the_app_reached_nothing_beyond_loopback_while_driven(app_url, isolated_environment):
    # Runs after the flows above (pytest keeps file order): the server has loaded its models,
    # answered, rendered every page and escalated by now.
    guard = GuardLog.read(isolated_environment / "network-guard.log")
    assert any("streamlit" in command for command in guard.guarded), guard.guarded
    assert guard.refused == []
