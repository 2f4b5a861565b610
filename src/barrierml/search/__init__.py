"""The search stage: every feature subset has a rank; chunks are rank ranges; gather keeps the best."""
