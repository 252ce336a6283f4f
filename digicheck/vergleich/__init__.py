"""Stage 3 – Vergleich: archive of earlier Erhebungen, reference values per peer group, position among
peers and trend."""
