"""The REST API (FastAPI, under /api/v1) and the app factory the web pages share.

The API parses, calls the core and formats; it holds no clinical logic.
"""
