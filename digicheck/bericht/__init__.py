"""Stage 5 – Bericht: context builders (plain data, all computing), charts, Jinja → HTML, WeasyPrint → PDF/A."""
