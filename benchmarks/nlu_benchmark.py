"""NLU performance on this machine: parse latency, throughput, build time, memory.

    .venv/bin/python benchmarks/nlu_benchmark.py            # figures for the README
    .venv/bin/python benchmarks/nlu_benchmark.py --compare  # the model comparison
    .venv/bin/python benchmarks/nlu_benchmark.py --cv       # 5-fold CV of the whole pipeline
    .venv/bin/python benchmarks/nlu_benchmark.py --cv --no-embeddings  # ... without embeddings
    .venv/bin/python benchmarks/nlu_benchmark.py --canonical  # the canonical message set
    .venv/bin/python benchmarks/nlu_benchmark.py --entity-cv  # entity F1 per type, by CV
    .venv/bin/python benchmarks/nlu_benchmark.py --latency  # quick: cached load, one pass, JSON
    .venv/bin/python benchmarks/nlu_benchmark.py --writers-out  # each writer set left out, JSON
    .venv/bin/python benchmarks/nlu_benchmark.py --writers-out --writers 'writers_s22_w1*.yml'

Build time is measured in a fresh interpreter (imports included) so it is what a user waits
for on first use. Targets: p99 parse under 20 ms, model ready in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_BUILD_SNIPPET = """
import time, resource
t = time.perf_counter()
from nlu.cache import load_model
load_model(use_cache={use_cache})
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _fresh_build(cache: str, use_cache: bool) -> tuple[float, int]:
    out = subprocess.run(
        [sys.executable, "-c", _BUILD_SNIPPET.format(use_cache=use_cache)],
        cwd=ROOT,
        env={"HOMEWARD_NLU_CACHE": cache, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return float(out[0]), int(out[1])


def benchmark(rounds: int) -> None:
    from nlu.cache import load_model
    from nlu.parser import EmbeddedUnderstanding
    from nlu.training_data import DATA_DIR, load, load_training

    with tempfile.TemporaryDirectory() as cache:
        builds = [_fresh_build(cache, use_cache=False) for _ in range(3)]
        _fresh_build(cache, use_cache=True)  # fills the cache
        loads = [_fresh_build(cache, use_cache=True) for _ in range(3)]
    build_s = statistics.median(b[0] for b in builds)
    load_s = statistics.median(b[0] for b in loads)
    peak_kb = max(b[1] for b in builds)

    understanding = EmbeddedUnderstanding(load_model(use_cache=False))
    texts = [e.text for e in load(DATA_DIR / "test.yml").examples]
    texts += [e.text for e in load_training().examples]
    roster = ["Amara Okafor", "Kofi Mensah", "Lola Adeyemi", "Tyler Brennan", "Priya Sharma"]
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    for text in texts[:50]:
        understanding.parse(text, now, child_names=roster)
    latencies: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            t = time.perf_counter()
            understanding.parse(text, now, child_names=roster)
            latencies.append((time.perf_counter() - t) * 1000)
    elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"messages parsed:       {len(latencies)} ({len(texts)} distinct)")
    print(f"parse latency p50:     {pct(50):.2f} ms")
    print(f"parse latency p99:     {pct(99):.2f} ms   (target < 20 ms)")
    print(f"parse latency max:     {latencies[-1]:.2f} ms")
    print(f"throughput:            {len(latencies) / elapsed:.0f} messages/s (one thread)")
    print(f"cold build (no cache): {build_s:.2f} s incl. imports (target < 2 s)")
    print(f"load from cache:       {load_s:.2f} s incl. imports")
    print(f"peak memory, build:    {peak_kb / 1024:.0f} MB RSS")
    print(f"peak memory, this run: {rss_mb:.0f} MB RSS")


def latency() -> None:
    """One process, cached model: load time and one pass over 563 messages, as JSON.

    Quick enough to alternate with another build of the code (issue 17 compared two commits
    this way on a busy machine, where only side-by-side figures mean anything).
    """
    import json

    t = time.perf_counter()
    from nlu.cache import load_model
    from nlu.parser import EmbeddedUnderstanding
    from nlu.training_data import DATA_DIR, load, load_training

    understanding = EmbeddedUnderstanding(load_model())
    load_s = time.perf_counter() - t
    texts = [e.text for e in load(DATA_DIR / "test.yml").examples]
    texts += [e.text for e in load_training().examples][:400]
    roster = ["Amara Okafor", "Kofi Mensah", "Lola Adeyemi", "Tyler Brennan", "Priya Sharma"]
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    for text in texts[:30]:
        understanding.parse(text, now, child_names=roster)
    latencies = []
    for text in texts:
        started = time.perf_counter()
        understanding.parse(text, now, child_names=roster)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    print(
        json.dumps(
            {
                "messages": len(latencies),
                "load_s": round(load_s, 2),
                "p50_ms": round(latencies[len(latencies) // 2], 2),
                "p99_ms": round(latencies[int(len(latencies) * 0.99)], 2),
            }
        )
    )


def compare() -> None:
    """Cross-validated accuracy on the training data, held-out accuracy and fit time."""
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    from nlu.classifier import build_pipeline, default_estimator
    from nlu.masking import TrainingMasker, mask_text
    from nlu.normalise import normalise
    from nlu.training_data import DATA_DIR, load, load_training

    data = load_training()
    masker = TrainingMasker(data.child_names)
    train = data.examples
    test_data = load(DATA_DIR / "test.yml")
    test = test_data.examples
    x = [normalise(masker(e)) for e in train]
    y = [e.intent for e in train]
    xt = [normalise(mask_text(e.text, test_data.child_names)) for e in test]
    yt = np.array([e.intent for e in test])
    candidates: dict[str, Any] = {
        "LR C=20 balanced (chosen)": default_estimator(),
        "LR C=20 balanced, no embeddings": default_estimator(),
        "LR C=10": LogisticRegression(C=10.0, max_iter=300, tol=1e-3),
        "LR C=20 balanced, converged": LogisticRegression(
            C=20.0, max_iter=2000, class_weight="balanced"
        ),
        "LR C=20, sigmoid-calibrated": CalibratedClassifierCV(
            LogisticRegression(C=20.0, max_iter=300, tol=1e-3), method="sigmoid", cv=5
        ),
        "linear SVM, sigmoid-calibrated": CalibratedClassifierCV(
            LinearSVC(C=0.5), method="sigmoid", cv=5
        ),
        "linear SVM": LinearSVC(C=1.0),
        "SGD, log loss": SGDClassifier(loss="log_loss", alpha=1e-4, random_state=0),
        "ridge": RidgeClassifier(alpha=1.0),
        "complement naive Bayes, no embeddings": ComplementNB(alpha=0.3),
    }
    # As in the real build (nlu/model.py): one BLAS thread.
    limits = threadpool_limits(limits=1, user_api="blas")
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    print(f"{'model':32s} {'5-fold CV':>9s} {'test.yml':>9s} {'fit':>7s}  (classifier, masked)")
    for name, estimator in candidates.items():
        # Every candidate has the static embeddings (nlu/embeddings.py) but the one named.
        embeddings = "no embeddings" not in name
        cv = cross_val_score(
            build_pipeline(estimator, embeddings=embeddings), x, y, cv=folds
        ).mean()
        pipeline = build_pipeline(estimator, embeddings=embeddings)
        t = time.perf_counter()
        pipeline.fit(x, y)
        fit = time.perf_counter() - t
        held_out = float(np.mean(pipeline.predict(xt) == yt))
        print(f"{name:32s} {cv:9.3f} {held_out:9.3f} {fit:6.2f}s")
    limits.restore_original_limits()


def cv(folds: int, embeddings: bool = True) -> None:
    """Stratified k-fold CV of the whole pipeline, and how confident its right answers are."""
    from nlu.crossval import cross_validate
    from nlu.training_data import load, load_training, training_files

    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    result = cross_validate(load_training(), now, folds=folds, embeddings=embeddings)
    report = result.as_json()
    print(
        f"{folds}-fold stratified CV, whole pipeline, {report['examples']} training examples"
        + ("" if embeddings else ", without the static embeddings")
    )
    print(f"intent accuracy:            {report['intent_accuracy']:.3f}")
    print(f"intent macro F1:            {report['intent_macro_f1']:.3f}")
    print(f"returned/missing confusions: {report['returned_missing_confusions']}")
    print(f"false returns:              {report['false_returns']}")
    print(
        "confidence of right answers: "
        f"p10 {report['correct_confidence_p10']:.2f}  p25 {report['correct_confidence_p25']:.2f}"
        f"  median {report['correct_confidence_median']:.2f}"
    )
    print(f"right but would ask:        {report['correct_but_asked']:.1%}")
    print(f"wrong and would act:        {report['wrong_and_not_asked']:.1%}")
    print("entities (as annotated in the training data; see docs/understanding.md):")
    for entity, scores in report["entity_per_type"].items():
        print(
            f"  {entity + ':':18s} P {scores['precision']:.3f}  R {scores['recall']:.3f}  "
            f"F1 {scores['f1']:.3f}  ({scores['support']:.0f})"
        )
    # Per file, so a figure stays comparable when a file of new examples is added.
    for path in training_files():
        texts = {e.text for e in load(path).examples}
        print(f"  accuracy on {path.name:14s} {result.accuracy_on(texts):.3f} ({len(texts)})")


def entity_cv(folds: int) -> None:
    """Entity F1 per type by k-fold CV of the tagger, for the tagger alone, the phrase rules
    alone and both (as shipped). Only the tagger is retrained per fold: the other extractors
    (times, references, names, lexicons) are rules and are the same in every variant."""
    from sklearn.model_selection import KFold

    from nlu.entities.tagger import EntityTagger
    from nlu.evaluate import count_entities, entity_scores, roster
    from nlu.parser import extract_rule_entities, tagged_entities
    from nlu.training_data import load_training

    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    data = load_training()
    examples = data.examples
    names = roster(data)
    variants = {"tagger alone": (True, False), "rules alone": (False, True), "both": (True, True)}
    counts: dict[str, dict[str, list[int]]] = {v: {} for v in variants}
    splitter = KFold(folds, shuffle=True, random_state=0)
    for train_idx, test_idx in splitter.split(examples):
        tagger = EntityTagger().fit([examples[i] for i in train_idx])
        for i in test_idx:
            ex = examples[i]
            rules = extract_rule_entities(ex.text, now, names)
            for variant, (use_tagger, phrases) in variants.items():
                found = tagged_entities(
                    ex.text, tagger if use_tagger else None, rules, phrases=phrases
                )
                count_entities(ex, rules + found, counts[variant])
    print(f"{folds}-fold CV of entities, {len(examples)} training examples (F1, support)")
    types = sorted({t for c in counts.values() for t in c})
    print(f"{'':18s}" + "".join(f"{v:>14s}" for v in variants))
    for entity in [*types, "all"]:
        row = []
        for variant in variants:
            per = counts[variant]
            rows = list(per.values()) if entity == "all" else [per.get(entity, [0, 0, 0])]
            tp, fp, fn = (sum(r[k] for r in rows) for k in range(3))
            scores = entity_scores(tp, fp, fn)
            row.append(f"{scores['f1']:8.3f} ({scores['support']:.0f})")
        print(f"{entity:18s}" + "".join(f"{r:>14s}" for r in row))


def canonical() -> None:
    """The independent canonical messages (tests/nlu/test_canonical.py), as figures."""
    from nlu.cache import load_model
    from nlu.parser import EmbeddedUnderstanding
    from nlu.training_data import load_training
    from tests.nlu.test_canonical import CASES, ROSTER, judge, near_duplicates

    understanding = EmbeddedUnderstanding(load_model(use_cache=False))
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    twins = near_duplicates(CASES, load_training())
    groups = {"all": list(CASES), "without a near-twin in training": []}
    groups["without a near-twin in training"] = [c for c in CASES if c.text not in twins]
    print(f"canonical messages ({len(twins)} have a near-twin in the training data)")
    for name, cases in groups.items():
        results = [understanding.parse(c.text, now, child_names=ROSTER) for c in cases]
        right = sum(r["intent"]["name"] == c.intent for c, r in zip(cases, results, strict=True))
        passed = sum(judge(c, r) for c, r in zip(cases, results, strict=True))
        print(
            f"  {name:32s} {len(cases):3d}: intent right {right / len(cases):.1%}, "
            f"passed (right, and no needless question) {passed / len(cases):.1%}"
        )
        for c, r in zip(cases, results, strict=True):
            if name == "all" and not judge(c, r):
                top = r["intent"]
                print(f"    miss: {c.text!r} -> {top['name']} {top['confidence']:.2f}")


# The held-out sets' annotated types (their headers); risks and tasks found are not scored.
_SPAN_TYPES = frozenset({"child_name", "time", "location", "person", "police_reference"})


def writers_out(pattern: str) -> dict[str, Any]:
    """Leave one writer out: for each writer set matching `pattern` (each written by another
    helper, independently), train on every other training file and test on it. Prints a line
    per set and returns the totals (docs/understanding.md, sessions 21 and 22)."""
    from nlu.evaluate import evaluate, roster
    from nlu.model import train
    from nlu.parser import EmbeddedUnderstanding
    from nlu.training_data import TrainingData, load, training_files

    now = datetime(2026, 12, 2, 3, tzinfo=UTC)
    files = training_files()
    loaded = {path: load(path) for path in files}
    totals = {
        "messages": 0, "right": 0, "false_returns": 0, "false_returns_unasked": 0,
        "tp": 0, "fp": 0, "fn": 0,
    }  # fmt: skip
    for left_out in (path for path in files if path.match(pattern)):
        data = TrainingData()
        for path in files:
            if path != left_out:
                data.extend(loaded[path])
        test = loaded[left_out]
        result = evaluate(
            EmbeddedUnderstanding(train(data)), test.examples, now, roster(test), _SPAN_TYPES
        )
        print(
            f"{left_out.name}: {result.total} messages, intent {result.intent_accuracy:.3f},"
            f" entity F1 {result.entity_f1:.3f}, false returns {result.false_returns}",
            flush=True,
        )
        for key, value in (
            ("messages", result.total),
            ("right", result.correct),
            ("false_returns", result.false_returns),
            ("false_returns_unasked", result.false_returns_unasked),
            ("tp", result.entity_tp),
            ("fp", result.entity_fp),
            ("fn", result.entity_fn),
        ):
            totals[key] += value
    spans = 2 * totals["tp"] + totals["fp"] + totals["fn"]
    return {
        "messages": totals["messages"],
        "intent_accuracy": round(totals["right"] / max(totals["messages"], 1), 4),
        "entity_f1": round(2 * totals["tp"] / spans, 4) if spans else 0.0,
        "false_returns": totals["false_returns"],
        "false_returns_unasked": totals["false_returns_unasked"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", action="store_true", help="compare intent models")
    parser.add_argument("--cv", action="store_true", help="cross-validate the pipeline")
    parser.add_argument("--folds", type=int, default=5, help="folds for --cv")
    parser.add_argument(
        "--no-embeddings", action="store_true", help="--cv without the static word embeddings"
    )
    parser.add_argument("--canonical", action="store_true", help="the canonical messages")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the messages")
    parser.add_argument("--latency", action="store_true", help="quick latency figures, JSON")
    parser.add_argument(
        "--entity-cv", action="store_true", help="entity F1 per type by CV: tagger, rules, both"
    )
    parser.add_argument(
        "--writers-out", action="store_true", help="leave each writer set out in turn, JSON"
    )
    parser.add_argument("--writers", default="writers_*.yml", help="which sets, for --writers-out")
    args = parser.parse_args()
    if args.writers_out:
        print(json.dumps(writers_out(args.writers)))
    elif args.compare:
        compare()
    elif args.cv:
        cv(args.folds, embeddings=not args.no_embeddings)
    elif args.entity_cv:
        entity_cv(args.folds)
    elif args.canonical:
        canonical()
    elif args.latency:
        latency()
    else:
        benchmark(args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
