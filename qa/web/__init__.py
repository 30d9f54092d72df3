"""The Gradio app: public Q&A page at /, staff upload at /staff (see server.py)."""
