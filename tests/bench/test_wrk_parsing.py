"""The benchmarks read wrk's report correctly, errors included."""

from __future__ import annotations

import pytest

from bench.wrk import parse_wrk

REPORT = """Running 1s test @ http://127.0.0.1:33599/api/leads/ping
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.02ms    2.10ms  13.21ms   73.61%
    Req/Sec     0.99k   129.54     1.20k    70.00%
  Latency Distribution
     50%  {p50}
     75%    5.21ms
     90%    7.14ms
     99%  {p99}
  990 requests in 1.00s, 173.22KB read
{errors}Requests/sec:    988.96
Transfer/sec:    173.04KB
"""


def test_a_clean_run_gives_throughput_and_percentiles():
    """Requests/s, p50 and p99 (in ms) and the request count come out of the report."""
    result = parse_wrk(REPORT.format(p50="3.38ms", p99="10.17ms", errors=""))
    assert (result.rps, result.p50_ms, result.p99_ms, result.errors, result.requests) == (988.96, 3.38, 10.17, 0, 990)


def test_other_units_are_converted_to_milliseconds():
    """Microseconds and seconds are both turned into milliseconds."""
    result = parse_wrk(REPORT.format(p50="850.00us", p99="1.20s", errors=""))
    assert result.p50_ms == pytest.approx(0.85) and result.p99_ms == pytest.approx(1200.0)


def test_socket_errors_and_non_2xx_answers_count_as_errors():
    """Timeouts and non-2xx answers are errors, so a run that failed cannot pass for a fast one."""
    errors = "  Socket errors: connect 0, read 2, write 0, timeout 3\n  Non-2xx or 3xx responses: 840\n"
    assert parse_wrk(REPORT.format(p50="3.38ms", p99="10.17ms", errors=errors)).errors == 845


def test_a_report_without_figures_is_refused():
    """Output that is not a wrk report raises instead of giving zeros."""
    with pytest.raises(ValueError):
        parse_wrk("wrk: connection refused")
