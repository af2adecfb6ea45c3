"""Fast engine: columnar ledger arrays and numba kernels, giving the reference engine's exact results."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _ensure_cache_dir() -> None:
    # numba caches compiled kernels next to the source (cache=True); when that directory is read-only
    # (site-packages of a system install) use a per-user cache directory instead, so that repeated
    # runs never recompile.
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    here = Path(__file__).parent
    pycache = here / "__pycache__"
    if os.access(pycache if pycache.exists() else here, os.W_OK):
        return
    fallback = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "moneytrace" / "numba"
    try:
        fallback.mkdir(parents=True, exist_ok=True)
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "moneytrace-numba"
        fallback.mkdir(parents=True, exist_ok=True)
    os.environ["NUMBA_CACHE_DIR"] = str(fallback)


_ensure_cache_dir()
