"""barrierml: descriptors that control ion-migration barriers (after Kim & Siegel 2022)."""
