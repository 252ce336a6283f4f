"""Rendering: context (plain dicts), charts (matplotlib → SVG), HTML (Jinja), PDF (WeasyPrint)."""
