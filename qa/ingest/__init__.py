"""Ingest stage: corpus files to structured Documents (sections, tables, paragraphs, line spans).

Public API: `load_document(path, doc_id=None) -> Document` and the JSON form
`document_to_dict(doc)` / `document_from_dict(d)` cached under index/docs/.
"""

from qa.ingest.assemble import load_document
from qa.ingest.serialize import document_from_dict, document_to_dict

__all__ = ["document_from_dict", "document_to_dict", "load_document"]
