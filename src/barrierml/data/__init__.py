"""The data stage: the descriptor catalogue, loading and validating the table, synthetic data."""
