"""Runs the benchmark's processes and reports each one's wall time, CPU time and peak memory.

A child's peak memory as Linux reports it is never less than its parent's at the moment of
the fork, so the processes are started from this small process (one JSON request per line on
stdin, one JSON answer per line on stdout) instead of from the harness, which grows.
"""

import json
import os
import sys
import time


def main() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        os.chdir(request["cwd"])
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (
                os.POSIX_SPAWN_OPEN,
                2,
                request["stderr"],
                os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                0o600,
            ),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(
            request["argv"][0], request["argv"], request["env"], file_actions=actions
        )
        _, status, rusage = os.wait4(pid, 0)
        wall = (time.perf_counter() - start) * 1000
        answer = {
            "wall_ms": wall,
            "maxrss": rusage.ru_maxrss,
            "cpu_ms": (rusage.ru_utime + rusage.ru_stime) * 1000,
            "code": os.waitstatus_to_exitcode(status),
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
