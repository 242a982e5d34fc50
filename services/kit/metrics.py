"""Prometheus metrics for one app: requests, latency, outbox depth and dead letters."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from flask import Flask, Response
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class _OutboxCollector(Collector):
    """Read outbox counts at scrape time, so every process reports the shared truth."""

    def __init__(self, service: str, counts: Callable[[], dict[str, int]]):
        self.service = service
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """Yield outbox depth and dead-letter gauges."""
        try:
            counts = self.counts()
        except Exception:  # noqa: BLE001 - a down database must not break the scrape
            counts = {}
        depth = GaugeMetricFamily("outbox_pending", "Outbox jobs waiting or running", labels=["service"])
        depth.add_metric([self.service], counts.get("pending", 0))
        dead = GaugeMetricFamily("outbox_dead_letters", "Outbox jobs that exhausted their tries", labels=["service"])
        dead.add_metric([self.service], counts.get("dead", 0))
        yield depth
        yield dead


class Metrics:
    """A registry per app, so tests and several apps in one process never collide."""

    def __init__(self, service: str):
        self.service = service
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["service", "method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["service", "route"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request and its latency."""
        self.requests.labels(self.service, method, route, str(status)).inc()
        self.latency.labels(self.service, route).observe(seconds)

    def watch_outbox(self, counts: Callable[[], dict[str, int]]) -> None:
        """Report outbox depth and dead letters from `counts`."""
        self.registry.register(_OutboxCollector(self.service, counts))

    def install(self, app: Flask) -> None:
        """Serve /metrics."""

        @app.get("/metrics")
        def metrics() -> Response:
            """Expose metrics in Prometheus text format."""
            return Response(generate_latest(self.registry), content_type=CONTENT_TYPE)
