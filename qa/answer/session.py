"""Conversation memory for follow-up questions ("那2024年呢？", "巴州的呢？", "其中公务接待费多少？").

A Session keeps what the previous question resolved to: its scope (issuer,
year, type, documents), the metric words it asked about and its intents. A new
question that leaves one of those out borrows it; what it names itself wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.answer.resolve import Scope


@dataclass
class Session:
    """The resolved context of the last answered question (empty at first)."""

    scope: Scope | None = None
    metric_text: str = ""
    intents: set[str] = field(default_factory=set)

    def remember(self, scope: Scope, metric_text: str, intents: set[str]) -> None:
        """Keep this question's context for the next one."""
        self.scope = scope.copy()
        if metric_text:
            self.metric_text = metric_text
        self.intents = set(intents)
