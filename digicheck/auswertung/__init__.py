"""Stage 2 – Auswertung: answers → scores (pure), and the typed result of one Erhebung."""
