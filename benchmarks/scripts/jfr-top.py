#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample [--stack-depth N] rec.jfr` output: the share of samples per
thread (digits in names folded: bitdust-worker-3 -> bitdust-worker-#), per top frame (self time, the hot methods),
and per method anywhere in the sampled stacks (inclusive, within the printed depth).

    jfr-top.py samples.txt [top]
"""
import collections
import re
import sys


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    threads = collections.Counter()
    frames = collections.Counter()
    inclusive = collections.Counter()
    total = 0
    thread = None
    stack = None
    with open(path, errors="replace") as lines:
        for line in lines:
            line = line.strip()
            if line.startswith("jdk.ExecutionSample"):
                thread, stack = None, None
            elif line.startswith("sampledThread"):
                match = re.search(r'"(.*)"', line)
                thread = re.sub(r"\d+", "#", match.group(1)) if match else "?"
            elif line.startswith("stackTrace = ["):
                stack = []
            elif stack is not None and line == "]":
                total += 1
                threads[thread] += 1
                if stack:
                    frames[stack[0]] += 1
                    for method in set(stack):
                        inclusive[method] += 1
                stack = None
            elif stack is not None and line and line != "...":
                stack.append(re.sub(r"\s+line:.*$", "", line))
    if not total:
        print("no samples")
        return
    print(f"{total} samples")
    print("threads:")
    for name, count in threads.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print("hot methods (top frame):")
    for name, count in frames.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print("methods on the stack (inclusive):")
    for name, count in inclusive.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
