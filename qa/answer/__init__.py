"""The answering stage: `Answerer.load(index_dir).ask(question, session) -> Answer`.

question.py parses, resolve.py picks documents, lookup.py finds facts,
derive.py computes comparisons, passages.py quotes text, compose.py words the
answer and checks that every number is grounded, session.py keeps follow-up
context, phraser.py is the optional (off by default) LLM rewording.
"""

from qa.answer.answerer import Answerer
from qa.answer.session import Session

__all__ = ["Answerer", "Session"]
