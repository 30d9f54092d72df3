"""What stands between the network and the app: file-shaped payloads, login, closed routes.

- The public page takes no file: any event payload holding a file-shaped object (a dict
  with a "path", the shape of Gradio's FileData) is refused with 400 before Gradio sees
  it, and Gradio's own path checks are switched on for mounted Blocks (they are skipped
  until a Blocks "has launched", which only `launch()` sets), with the index, the corpus,
  the project and the system folders blocked.
- Staff login: exact user name (Gradio strips it), constant-time comparison of name and
  password, and per-client throttling: every failure waits, and after `MAX_FAILURES`
  within `WINDOW` seconds the client gets 429 until the window has passed.
- Gradio's monitoring routes are closed (404).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import time
from collections import defaultdict, deque
from pathlib import Path

import gradio as gr
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware

MAX_FAILURES = 5
WINDOW = 15 * 60.0
FAILURE_DELAY = 1.0
EVENT_ROUTES = ("/queue/join", "/run/", "/call/", "/api/")
SYSTEM_PATHS = ("/proc", "/sys", "/dev", "/etc", "/root", "/home", "/var", "/boot", "/usr")


def file_shaped(value) -> bool:
    """True when `value` holds, at any depth, a dict naming a path (Gradio's FileData shape)."""
    if isinstance(value, dict):
        return "path" in value or any(file_shaped(v) for v in value.values())
    if isinstance(value, list):
        return any(file_shaped(v) for v in value)
    return False


def refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


class StaffAuth:
    """Gradio auth callable: exact, constant-time match of one user name and password."""

    def __init__(self, user: str, password: str):
        self._user, self._password = user.encode(), password.encode()

    def __call__(self, username: str, password: str) -> bool:
        # Both comparisons always run, so the time does not tell which one failed.
        user_ok = hmac.compare_digest(str(username).encode("utf-8", "replace"), self._user)
        password_ok = hmac.compare_digest(str(password).encode("utf-8", "replace"), self._password)
        return user_ok and password_ok


class LoginThrottle:
    """Failed logins per client; a client past MAX_FAILURES within WINDOW is locked out."""

    def __init__(self, max_failures: int = MAX_FAILURES, window: float = WINDOW):
        self.max_failures, self.window = max_failures, window
        self._failures: dict[str, deque] = defaultdict(deque)

    def _recent(self, client: str) -> deque:
        times, now = self._failures[client], time.monotonic()
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def locked(self, client: str) -> float:
        """Seconds until `client` may try again (0 when it may)."""
        times = self._recent(client)
        if len(times) < self.max_failures:
            return 0.0
        return max(0.0, self.window - (time.monotonic() - times[0]))

    def failed(self, client: str) -> None:
        self._recent(client).append(time.monotonic())

    def succeeded(self, client: str) -> None:
        self._failures.pop(client, None)


def _client(request: Request) -> str:
    return request.client.host if request.client else "?"


def install(app: FastAPI, staff_prefix: str = "/staff", staff_user: str = "") -> None:
    """Add the request checks to `app` (call before mounting the Blocks)."""
    throttle = LoginThrottle()

    async def guard(request: Request, call_next):
        if "/monitoring" in request.url.path:
            return refuse(404, "没有这个页面。")
        return await _login(request, call_next, throttle, staff_user)

    app.add_middleware(_Checked, dispatch=guard, staff_prefix=staff_prefix)


class _Checked(BaseHTTPMiddleware):
    """Runs each check on the requests it concerns and passes the rest straight through.

    The public event POSTs (a question's /queue/join above all) have their body read once and
    replayed to Gradio, in plain ASGI; only the staff login and the monitoring routes, which need
    a whole response, go through BaseHTTPMiddleware's task group (`dispatch`). Wrapped in it,
    every event stream (GET …/queue/data) was copied chunk by chunk, most of a question's
    serving cost; every POST paid for the task group too."""

    def __init__(self, app, dispatch, staff_prefix: str = "/staff"):
        super().__init__(app, dispatch)
        self.staff_prefix = staff_prefix

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, post = scope["path"], scope["method"] == "POST"
        if "/monitoring" in path or (post and path == f"{self.staff_prefix}/login"):
            await super().__call__(scope, receive, send)
        elif post and not path.startswith(self.staff_prefix + "/") and any(r in path for r in EVENT_ROUTES):
            await self._checked_event(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _checked_event(self, scope, receive, send) -> None:
        """A public event: refused when its payload holds a file-shaped object, else passed on
        with its body replayed."""
        body = await _read_body(receive)
        try:
            payload = json.loads(body or b"null")
        except (ValueError, UnicodeDecodeError):
            payload = None  # Gradio answers a malformed body itself
        if file_shaped(payload):
            await refuse(400, "公开页面不接受文件或服务器路径。")(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


async def _read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive):
    """An ASGI receive that gives `body` once, then whatever the connection sends (a disconnect)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed():
        return pending.pop() if pending else await receive()

    return replayed


async def _form_field(request: Request, name: str) -> str:
    """One field of a urlencoded or multipart form, read from a copy so Gradio still gets the body."""
    body = await request.body()

    async def replay():
        return {"type": "http.request", "body": body, "more_body": False}

    try:
        form = await Request(request.scope, replay).form()
    except Exception:  # a malformed form is a failed login, not a server error
        return ""
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def _login(request: Request, call_next, throttle: LoginThrottle, staff_user: str):
    client = _client(request)
    wait = throttle.locked(client)
    if wait:
        return JSONResponse({"error": f"登录失败次数过多，请 {int(wait) + 1} 秒后再试。"}, status_code=429,
                            headers={"Retry-After": str(int(wait) + 1)})
    name = await _form_field(request, "username")
    # Gradio strips the user name before checking it: "admin " must not pass as "admin".
    if name != name.strip() or not hmac.compare_digest(name.encode(), staff_user.encode()):
        response = refuse(400, "用户名或密码错误。")
    else:
        response = await call_next(request)
    if response.status_code == 200:
        throttle.succeeded(client)
        return response
    throttle.failed(client)
    await asyncio.sleep(FAILURE_DELAY)
    return refuse(400, "用户名或密码错误。") if response.status_code < 500 else response


def lock_paths(blocks: gr.Blocks, *served_dirs: Path) -> gr.Blocks:
    """Switch Gradio's path checks on for a mounted Blocks and block the project's own folders.

    Gradio checks a file reference against allowed and blocked paths only once the Blocks
    "has launched"; `mount_gradio_app` never sets that, so the checks were skipped.
    """
    root = Path(__file__).resolve().parents[2]
    blocked = [str(Path(d).resolve()) for d in (*served_dirs, root)] + list(SYSTEM_PATHS)
    blocks.has_launched = True
    blocks.allowed_paths = []
    blocks.blocked_paths = blocked
    return blocks
