import os
import shutil
import time

import pytest

from demo.seed import demo_load
from meetings import permissions as roles

from ..factories import UserFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "e2e-Pa55word-only"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert shutil.which(CHROMIUM) or os.path.exists(CHROMIUM), f"{CHROMIUM} missing: make test installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 1000}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


@pytest.fixture
def seeded_secretary(transactional_db):
    # Inside Playwright's running event loop: signing the seed's issued copy must still work
    # (documents.signing runs pyHanko off the loop).
    demo_load()
    roles.roles_ensure()
    from django.contrib.auth.models import Group

    user = UserFactory(username="e2e-secretary", password=PASSWORD, first_name="秘书")
    user.groups.add(Group.objects.get(name=roles.SECRETARY))
    return user


@pytest.fixture
def contexts(browser, live_server):
    """Browser contexts closed before the live server stops (an open keep-alive connection
    would otherwise be closed by a server thread after the test database is gone)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def login(contexts, browser, base_url, user, tmp_path, name, *, width=1400):
    """A new browser context (a person at their own screen) logged in as `user`; `page.shot(step)`
    keeps a full-page screenshot in `tmp_path`."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": 1000}, accept_downloads=True
    )
    contexts.append(context)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(base_url + "/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    page.shot = lambda step: page.screenshot(path=str(tmp_path / f"{name}-{step}.png"), full_page=True)
    return page


def wait_until(page, expression: str, timeout_s: float = 15) -> None:
    """Wait until `expression` is true in the page. Polled from here with page.evaluate:
    Playwright's own wait_for_function evaluates its string in the page, which the app's CSP
    (no 'unsafe-eval') refuses once the answer is not immediate."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {expression}")
        page.wait_for_timeout(50)
