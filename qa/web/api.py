"""The public API for gradio_client: /ask and /search, returning the CONTRACT JSON.

`Client(url).predict("问题", api_name="/ask")` -> the `qa ask --json` object;
`Client(url).predict("查询", api_name="/search")` -> the `qa search --json` list.
Stateless: an API call has no follow-up context (that is the chat page's Session).
"""

from __future__ import annotations

import gradio as gr

from qa.errors import QAError
from qa.jsonout import answer_json, hits_json
from qa.web.engine import Engine


def register(engine: Engine) -> None:
    """Declare the two endpoints inside the current gr.Blocks context."""

    def ask(question: str) -> dict:
        """Answer one question about the budget disclosures; figures come with their citations."""
        try:
            return answer_json(engine.answerer.ask((question or "").strip()))
        except QAError as err:  # the client sees the same Chinese message as the CLI
            raise gr.Error(str(err)) from err

    def search(query: str, k: int = 5, doc: str | None = None, year: int | None = None) -> list[dict]:
        """Retrieve the k passages nearest to `query`, optionally within one document or year."""
        try:
            return hits_json(engine.searcher.search(query, k=int(k), doc=doc or None, year=year or None))
        except QAError as err:
            raise gr.Error(str(err)) from err

    gr.api(ask, api_name="ask")
    gr.api(search, api_name="search")
