"""`make bench`: every benchmark, one after the other, each in its own process.

Each script prints one line per figure with its target. They are kept out of
the test suite on purpose: timings depend on the machine and belong in a
report, not in an assertion.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    "bench_candidates.py",
    "bench_documents.py",
    "bench_certificates.py",
    "bench_api.py",
    "bench_import.py",
]


def main():
    failed = []
    for script in SCRIPTS:
        print(f"== {script}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)]).returncode:
            failed.append(script)
    if failed:
        print(f"Failed to run: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
