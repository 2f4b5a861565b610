"""The predict stage: saved models of the consensus subset, calibrated intervals (CV+) and an
applicability-domain check, for barriers of new compositions."""
