"""Prometheus metrics, one registry per app: HTTP requests by route and status, request durations,
and the job queue and webhook deliveries as the service reports them (``Service.job_stats``) at
scrape time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric, SummaryMetricFamily
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from paperwise.extraction.ranking.model import model_version
from paperwise.services.protocol import Service

log = logging.getLogger("paperwise.api")


class HttpMetrics:
    """The HTTP request counter and duration histogram of one registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "paperwise_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            "paperwise_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            registry=registry,
        )
        Gauge(
            "paperwise_ranker_model",
            "The trained header ranker this process extracts with (1 for its version; 'none' "
            "when no model ships and the rules choose alone).",
            ["version"],
            registry=registry,
        ).labels(model_version()).set(1)


class JobStatsCollector(Collector):
    """Reads ``job_stats()`` from the app's service on every scrape."""

    def __init__(self, service: Callable[[], Service | None]) -> None:
        self._service = service

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "paperwise_job_stats_up", "1 when the job statistics could be read, else 0."
        )
        service = self._service()
        if service is None:
            up.add_metric([], 0)
            yield up
            return
        try:
            stats = service.job_stats()
        except Exception:
            log.exception("job_stats failed during a metrics scrape")
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        by_status = GaugeMetricFamily(
            "paperwise_extractions", "Extractions stored, by status.", labels=["status"]
        )
        for status, count in sorted(stats.by_status.items()):
            by_status.add_metric([status], count)
        yield by_status
        yield GaugeMetricFamily(
            "paperwise_queue_depth",
            "Extractions queued, not yet taken by a worker.",
            value=stats.queue_depth,
        )
        yield GaugeMetricFamily(
            "paperwise_jobs_running", "Extractions a worker is running now.", value=stats.running
        )
        deliveries = GaugeMetricFamily(
            "paperwise_webhook_deliveries",
            "Webhook deliveries stored, by status (pending ones are waiting for an attempt).",
            labels=["status"],
        )
        for status, count in sorted(stats.webhook_deliveries.items()):
            deliveries.add_metric([status], count)
        yield deliveries
        yield SummaryMetricFamily(
            "paperwise_job_duration_seconds",
            "Duration of finished extraction jobs.",
            count_value=stats.durations_count,
            sum_value=stats.durations_sum_seconds,
        )


def _route_label(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class MetricsMiddleware:
    """Counts and times every HTTP request; outermost, so it sees the final status."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            method, route = str(scope.get("method", "")), _route_label(scope)
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.duration.labels(method, route).observe(time.perf_counter() - started)
