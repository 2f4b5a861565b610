"""The report stage: the paper comparison and the provenance of a results directory."""
