#!/usr/bin/env python3
"""CPU seconds per thread of a process, from /proc/<pid>/task/*/stat (utime + stime): unlike a Java profiler this
counts native code, intrinsic stubs, the kernel's time in system calls, GC and JIT threads.

    thread-cpu.py snapshot PID > before.txt     # one line per thread: tid ticks name
    thread-cpu.py diff before.txt after.txt [top]   # CPU seconds per thread name (digits folded), largest first
"""
import collections
import os
import re
import sys

TICK = os.sysconf("SC_CLK_TCK")


def snapshot(pid):
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        print(tid, int(fields[11]) + int(fields[12]), name)


def read(path):
    threads = {}
    with open(path) as lines:
        for line in lines:
            tid, ticks, name = line.rstrip("\n").split(" ", 2)
            threads[tid] = (int(ticks), name)
    return threads


def diff(before_path, after_path, top):
    before, after = read(before_path), read(after_path)
    groups = collections.Counter()
    for tid, (ticks, name) in after.items():
        used = ticks - before.get(tid, (0, name))[0]
        if used > 0:
            groups[re.sub(r"\d+", "#", name)] += used
    total = sum(groups.values())
    print(f"{total / TICK:.2f} CPU-s in threads that ran")
    for name, ticks in groups.most_common(top):
        print(f"  {ticks / TICK:7.2f} s  {100.0 * ticks / total:5.1f}%  {name}")


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2])
    else:
        diff(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 12)
