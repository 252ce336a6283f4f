"""Field work: what goes out to the Erhebung (answer templates of a new Erhebung, synthetic samples)."""
