"""Ingest stage: corpus files to structured Documents (sections, tables, paragraphs, line spans).

Public API: `load_document(path, doc_id=None) -> Document` and the JSON form
`document_to_dict(doc)` / `document_from_dict(d)` cached under index/docs/;
`bracket_groups(text)` for the balanced brackets of titles (a project named in a table title).
"""

from qa.ingest.assemble import load_document
from qa.ingest.normalize import bracket_groups
from qa.ingest.serialize import document_from_dict, document_to_dict

__all__ = ["bracket_groups", "document_from_dict", "document_to_dict", "load_document"]
