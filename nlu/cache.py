"""Build the model on first use and keep it on disk, keyed by what it was built from.

The key hashes the training files, the code that turns them into a model and the library
versions that pickle it, so any change rebuilds and a stale model is never served. A cache
that cannot be read (truncated, from another version, not ours) is rebuilt, never fatal.
The cache directory is the user's own (platformdirs) or HOMEWARD_NLU_CACHE.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import sklearn
from platformdirs import user_cache_dir

from nlu.model import NLUModel, train
from nlu.training_data import DATA_DIR, load_training, training_files

log = logging.getLogger(__name__)

CACHE_ENV = "HOMEWARD_NLU_CACHE"
_CODE_FILES = (
    "classifier.py",
    "embeddings.py",
    "normalise.py",
    "masking.py",
    "times.py",
    "model.py",
    "training_data.py",
    "entities/tagger.py",
    "entities/lexicon.py",
    "entities/police_ref.py",
    "entities/child_names.py",
    "entities/spans.py",
)


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    configured = env.get(CACHE_ENV)
    return Path(configured) if configured else Path(user_cache_dir("homeward")) / "nlu"


def model_key(data_dir: Path = DATA_DIR) -> str:
    digest = hashlib.sha256()
    digest.update(f"py{sys.version_info[:2]} sklearn{sklearn.__version__}".encode())
    here = Path(__file__).resolve().parent
    for name in _CODE_FILES:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    for path in training_files(data_dir):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _read(path: Path, key: str) -> NLUModel | None:
    try:
        with path.open("rb") as handle:
            model = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # any unreadable cache means "rebuild", whatever the cause
        log.warning("NLU model cache %s unreadable (%s); rebuilding", path, exc)
        return None
    if not isinstance(model, NLUModel) or model.key != key:
        log.warning("NLU model cache %s is not a current model; rebuilding", path)
        return None
    return model


def _write(path: Path, model: NLUModel) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a concurrent reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".nlu-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        # A read-only or full disk costs a rebuild next time, not the answer now.
        log.warning("could not write NLU model cache %s: %s", path, exc)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def load_model(
    data_dir: Path = DATA_DIR, env: Mapping[str, str] | None = None, *, use_cache: bool = True
) -> NLUModel:
    """The current model: from the cache when it matches the data and code, else trained now."""
    key = model_key(data_dir)
    path = cache_dir(env) / f"model-{key}.pkl"
    if use_cache:
        cached = _read(path, key)
        if cached is not None:
            return cached
    model = train(load_training(data_dir), key)
    if use_cache:
        _write(path, model)
    return model
