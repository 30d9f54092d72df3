"""Attack probe: send every event of a running app a file reference to a server path.

Used by the security tests and by hand (`python -m tests.web_probe URL CANARY`): it reads
the app's `/config`, and for every event (dependency) sends through Gradio's queue a
payload where each input is a Gradio FileData naming `target` (and a chat message
carrying one), then fetches every `/file=` link that comes back, and the `/file=` route
for the target itself. It returns what it saw so a test can assert that the target's
content never came back.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass, field

import httpx

API = "gradio_api"


@dataclass
class ProbeResult:
    events: int = 0
    refused: int = 0  # events the server refused (4xx, or a queue error message)
    leaks: list[str] = field(default_factory=list)  # where the target's content came back
    links: list[str] = field(default_factory=list)  # every /file= link seen in a response


def file_data(path: str) -> dict:
    return {"path": path, "url": None, "orig_name": "x.txt", "size": None, "mime_type": None,
            "is_stream": False, "meta": {"_type": "gradio.FileData"}}


def _payload_for(component: dict, path: str):
    """A file-shaped value for one input component (a chat history holds it in a message)."""
    fd = file_data(path)
    kind = component.get("type", "")
    if kind == "chatbot":
        return [{"role": "user", "content": [{"file": fd, "alt_text": None}]},
                {"role": "assistant", "content": fd}]
    if kind in ("dataset",):
        return [fd]
    return fd


def _events(config: dict) -> list[tuple[int, list[dict]]]:
    by_id = {c["id"]: c for c in config.get("components", [])}
    out = []
    for i, dep in enumerate(config.get("dependencies", [])):
        fn = dep.get("id", i)
        out.append((fn, [by_id.get(c, {}) for c in dep.get("inputs", [])]))
    return out


def _run_event(client: httpx.Client, base: str, fn_index: int, data: list) -> tuple[int, str]:
    session = uuid.uuid4().hex[:11]
    join = client.post(f"{base}/{API}/queue/join",
                       json={"data": data, "fn_index": fn_index, "session_hash": session,
                             "event_data": None, "trigger_id": None})
    if join.status_code >= 400:
        return join.status_code, join.text
    body = []
    with client.stream("GET", f"{base}/{API}/queue/data", params={"session_hash": session}) as resp:
        for line in resp.iter_lines():
            if not line.startswith("data:"):
                continue
            body.append(line)
            msg = json.loads(line[5:])
            if msg.get("msg") in ("process_completed", "close_stream", "unexpected_error"):
                break
    return 200, "\n".join(body)


def _links(text: str) -> list[str]:
    marker = f"/{API}/file="
    out, start = [], 0
    while (i := text.find(marker, start)) >= 0:
        end = i + len(marker)
        while end < len(text) and text[end] not in '"\\ \n<>\'':
            end += 1
        out.append(text[i:end])
        start = end
    return out


def probe(base: str, target: str, secret: str, auth: tuple[str, str] | None = None) -> ProbeResult:
    """Send every event of the app at `base` a FileData naming `target`; `secret` is its content."""
    result = ProbeResult()
    with httpx.Client(timeout=30) as client:
        if auth:
            client.post(f"{base}/login", data={"username": auth[0], "password": auth[1]})
        config = client.get(f"{base}/config").json()
        direct = client.get(f"{base}/{API}/file={target}")
        if secret in direct.text:
            result.leaks.append(f"GET /file={target}")
        for fn_index, inputs in _events(config):
            result.events += 1
            status, text = _run_event(client, base, fn_index, [_payload_for(c, target) for c in inputs])
            if status >= 400 or '"success": false' in text or '"success":false' in text:
                result.refused += 1
            if secret in text:
                result.leaks.append(f"event {fn_index} response")
            for link in _links(text):
                result.links.append(link)
                if secret in client.get(f"{base}{link}").text:
                    result.leaks.append(f"event {fn_index} link {link}")
    return result


if __name__ == "__main__":
    url, canary = sys.argv[1], sys.argv[2]
    with open(canary, encoding="utf-8") as f:
        content = f.read().strip()
    print(probe(url.rstrip("/"), canary, content))
