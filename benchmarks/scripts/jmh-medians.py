#!/usr/bin/env python3
"""Medians of a JMH JSON result file (java -jar benchmarks.jar ... -rf json -rff result.json).

Prints one line per benchmark and parameter set: the median over every measured iteration of every fork of the
primary score and of each secondary score, then the per-fork medians. JMH itself reports means.

    python3 benchmarks/scripts/jmh-medians.py result.json [secondary-name]
"""
import json
import statistics
import sys


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    with open(sys.argv[1]) as file:
        results = json.load(file)
    wanted = sys.argv[2] if len(sys.argv) == 3 else None
    for result in results:
        params = " ".join(f"{k}={v}" for k, v in sorted(result.get("params", {}).items()))
        name = result["benchmark"].rsplit(".", 1)[-1]
        scores = [("", result["primaryMetric"])]
        scores += [(":" + k, v) for k, v in result.get("secondaryMetrics", {}).items()]
        for suffix, metric in scores:
            if wanted is not None and suffix[1:] != wanted:
                continue
            forks = metric["rawData"]
            every = [value for fork in forks for value in fork]
            per_fork = " / ".join(f"{statistics.median(fork):.4g}" for fork in forks)
            print(f"{name}{suffix} {params}: median {statistics.median(every):.4g} {metric['scoreUnit']}"
                  f" ({len(every)} iterations; forks {per_fork})")


if __name__ == "__main__":
    main()
