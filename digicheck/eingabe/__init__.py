"""Stage 1 – Eingabe: read the YAML/CSV inputs safely (with positions), validate them against strict
pydantic models, and report every problem as a Befund. Models mirror the files one-to-one."""
