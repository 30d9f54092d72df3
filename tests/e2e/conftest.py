"""Browser fixtures: headless Debian Chromium driven by playwright (never `playwright install`).

Skipped only when /usr/bin/chromium is absent (scripts/install_browser.sh installs it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.web.local_server import LocalServer

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
STAFF = {"QA_STAFF_USER": "staff", "QA_STAFF_PASSWORD": "e2e-secret"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (run scripts/install_browser.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(60_000)
    p = context.new_page()
    yield p
    context.close()


@pytest.fixture(scope="session")
def shot():
    """shot(page, name): full-page screenshot into tests/artifacts/ (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="session")
def live_app(built_index, tmp_path_factory):
    """app.py with staff login on a private copy of the built index (the upload test changes it)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is not installed (run scripts/install_browser.sh)")
    work = tmp_path_factory.mktemp("e2e")
    shutil.copytree(built_index.parent / "corpus", work / "corpus")
    shutil.copytree(built_index, work / "index", symlinks=True)
    cache = built_index.parent / ".qa-cache"
    if cache.is_dir():
        shutil.copytree(cache, work / ".qa-cache")
    server = LocalServer(work / "index", work / "corpus", ARTIFACTS / "e2e-server.log", env=STAFF)
    with server as url:
        yield url
