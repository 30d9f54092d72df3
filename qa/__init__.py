"""预算公开问答: question answering over Chinese government budget disclosures."""

__version__ = "0.1.0"
