"""Benchmarks: throwaway database, gunicorn under production settings, HTTP timings and query counts.

Run ``.venv/bin/python bench/run_bench.py --help``. Results are written to ``docs/benchmarks.md`` as
ratios against a baseline measured in the same run; raw figures go to ``bench/results/`` (git-ignored).
"""
