"""Stage 4 – Handlungsempfehlungen: catalog and condition language, triggers, priority and selection,
Begründung, Umsetzungsfahrplan, and the collective view of a group."""
