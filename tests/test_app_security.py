"""The running server as an attacker sees it: no event serves a server file, login holds.

A real `python app.py` (staff login on) on a private copy of the built index. Every
event in each mounted app's /config is sent a Gradio FileData naming a canary file
(tests/web_probe.py): in the temp folder and in the project folder (both places Gradio
itself would serve from), and /proc/self/environ, which holds the staff password.
"""

from __future__ import annotations

import shutil
import uuid

import httpx
import pytest

from qa.web.guard import LoginThrottle, StaffAuth, file_shaped
from qa.web.local_server import ROOT, LocalServer
from tests.web_probe import file_data, probe

pytestmark = pytest.mark.slow
USER = "staff-user"
PASSWORD = f"pw-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def server(built_index, tmp_path_factory):
    work = tmp_path_factory.mktemp("security")
    shutil.copytree(built_index.parent / "corpus", work / "corpus")
    shutil.copytree(built_index, work / "index")
    env = {"QA_STAFF_USER": USER, "QA_STAFF_PASSWORD": PASSWORD}
    with LocalServer(work / "index", work / "corpus", work / "app.log", env=env) as url:
        yield url


@pytest.fixture(scope="module")
def canaries(tmp_path_factory):
    """(path, secret) pairs: files Gradio's defaults would serve, and the process environment."""
    secret = f"CANARY-{uuid.uuid4().hex}"
    in_tmp = tmp_path_factory.mktemp("outside") / "canary.txt"
    in_project = ROOT / "tests" / "artifacts" / f"canary-{uuid.uuid4().hex}.txt"
    in_project.parent.mkdir(parents=True, exist_ok=True)
    for path in (in_tmp, in_project):
        path.write_text(secret, encoding="utf-8")
    yield [(str(in_tmp), secret), (str(in_project), secret), ("/proc/self/environ", PASSWORD)]
    in_project.unlink(missing_ok=True)


@pytest.mark.parametrize("mount", ["", "/staff"])
def test_no_event_serves_a_server_file(server, canaries, mount):
    auth = (USER, PASSWORD) if mount else None
    for path, secret in canaries:
        result = probe(server + mount, path, secret, auth=auth)
        assert result.events >= (10 if not mount else 2), result
        assert result.leaks == [], (path, result)
        assert result.links == [], (path, result)


def test_file_shaped_payload_is_refused_before_gradio(server, canaries):
    path, _secret = canaries[0]
    resp = httpx.post(f"{server}/gradio_api/queue/join",
                      json={"data": [[file_data(path)], None], "fn_index": 0, "session_hash": "x1"})
    assert resp.status_code == 400 and "不接受文件" in resp.json()["error"]


def test_staff_login_is_exact_and_throttled(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        assert c.post("/staff/login", data={"username": USER + " ", "password": PASSWORD}).status_code == 400
        assert c.post("/staff/login", data={"username": USER, "password": PASSWORD}).status_code == 200
        codes = [c.post("/staff/login", data={"username": USER, "password": "guess"}).status_code
                 for _ in range(6)]
        assert codes[:5] == [400] * 5 and codes[5] == 429, codes
        # Locked out: even the right password waits for the window to pass.
        locked = c.post("/staff/login", data={"username": USER, "password": PASSWORD})
        assert locked.status_code == 429 and "Retry-After" in locked.headers


@pytest.mark.parametrize("path", ["/monitoring", "/monitoring/summary", "/staff/monitoring/summary"])
def test_monitoring_is_closed(server, path):
    resp = httpx.get(server + path)
    assert resp.status_code == 404 and "error" in resp.json()


def test_the_chat_still_answers_through_the_queue(server):
    """The same queue the probe attacks still answers a real question (history kept on the server)."""
    from gradio_client import Client

    out = Client(server, verbose=False).predict("服务中心2025年三公经费是多少", api_name="/ask")
    assert out["status"] == "answered" and abs(out["value"] - 2.28) < 1e-6


def test_file_shaped_detects_nested_file_data():
    assert file_shaped([{"role": "user", "content": [{"file": file_data("/etc/passwd")}]}])
    assert not file_shaped(["服务中心三公经费", 3, None, {"index": 1, "value": "x"}])


def test_staff_auth_needs_both_exact():
    auth = StaffAuth("admin", "s3cret")
    assert auth("admin", "s3cret")
    assert not auth("admin ", "s3cret") and not auth("Admin", "s3cret") and not auth("admin", "s3cret ")


def test_throttle_locks_after_failures_and_forgets_on_success():
    t = LoginThrottle(max_failures=3, window=60)
    for _ in range(2):
        t.failed("a")
    assert t.locked("a") == 0
    t.succeeded("a")
    for _ in range(3):
        t.failed("a")
    assert t.locked("a") > 0 and t.locked("b") == 0
