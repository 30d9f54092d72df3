"""Optional LLM rewording of an answer (off by default).

QA_PHRASER=openai uses an OpenAI-compatible chat endpoint (QA_PHRASER_URL,
QA_PHRASER_MODEL, key in QA_PHRASER_KEY); QA_PHRASER=transformers loads a local
model from the path QA_PHRASER_MODEL. The rewrite only changes wording: the
Answerer runs the grounding check on it and keeps the template answer when the
rewrite carries a number no cited source states, or when anything fails.
"""

from __future__ import annotations

import json
import logging
import urllib.request

from qa import settings
from qa.answer.compose import wording
from qa.errors import BackendMissingError
from qa.types import Answer

log = logging.getLogger(__name__)
TIMEOUT_S = 20


def _setting(name: str) -> str:
    """A phraser setting from the settings table (QA_<NAME> in the environment)."""
    return str(settings.get(name) or "")


def _prompt(answer: Answer) -> str:
    quotes = "\n".join(f"- {c.title}：{c.quote}" for c in answer.citations)
    return wording()["phraser_user"].format(answer=answer.answer, quotes=quotes)


class OpenAIPhraser:
    """Chat-completions client for any OpenAI-compatible server."""

    def __init__(self, url: str, model: str, key: str = ""):
        self.url = url.rstrip("/") + "/chat/completions"
        self.model = model
        self.key = key

    def rephrase(self, answer: Answer) -> str | None:
        body = {"model": self.model, "temperature": 0, "messages": [
            {"role": "system", "content": wording()["phraser_system"]},
            {"role": "user", "content": _prompt(answer)}]}
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        req = urllib.request.Request(self.url, json.dumps(body).encode(), headers)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
                return json.loads(resp.read())["choices"][0]["message"]["content"].strip()
        except (OSError, ValueError, KeyError, IndexError) as err:
            log.warning("phraser failed, keeping the template answer: %s", err)
            return None


class LocalPhraser:
    """A local transformers text-generation model."""

    def __init__(self, path: str):
        try:
            from transformers import pipeline
        except ImportError as err:
            raise BackendMissingError(wording()["phraser_missing"]) from err
        self.generate = pipeline("text-generation", model=path)

    def rephrase(self, answer: Answer) -> str | None:
        messages = [{"role": "system", "content": wording()["phraser_system"]},
                    {"role": "user", "content": _prompt(answer)}]
        try:
            out = self.generate(messages, max_new_tokens=300, do_sample=False)
            return out[0]["generated_text"][-1]["content"].strip()
        except Exception as err:  # noqa: BLE001 - a model failure must not break answering
            log.warning("phraser failed, keeping the template answer: %s", err)
            return None


def load_phraser():
    """The configured phraser, or None (the default: template answers only)."""
    kind = _setting("phraser").lower()
    if kind == "openai":
        return OpenAIPhraser(_setting("phraser_url"), _setting("phraser_model"), _setting("phraser_key"))
    if kind == "transformers":
        return LocalPhraser(_setting("phraser_model"))
    return None
