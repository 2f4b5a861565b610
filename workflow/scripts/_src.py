"""Put the repository's src/ on sys.path, so scripts import barrierml in any env (venv or conda)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
