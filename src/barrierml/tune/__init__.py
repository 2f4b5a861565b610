"""The tune stage: the 18 regressors of the paper and their grid search with stratified CV."""
