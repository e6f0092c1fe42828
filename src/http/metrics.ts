import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics one app instance exports at `/metrics`. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly eventsIngested: Counter<'outcome'>;
  readonly modelVersion: Gauge<'kind' | 'domain'>;
  readonly modelSwaps: Counter<'domain' | 'outcome'>;
}

/**
 * Creates a registry of its own (so several apps can live in one test process).
 *
 * ```ts
 * const metrics = createMetrics();
 * metrics.eventsIngested.inc({ outcome: 'inserted' }, 1000);
 * ```
 */
export function createMetrics(options: { defaultMetrics?: boolean } = {}): ServiceMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({ name: 'http_requests_total', help: 'HTTP requests by route template and status', labelNames: ['method', 'route', 'status'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route template',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    }),
    eventsIngested: new Counter({ name: 'events_ingested_total', help: 'Events received through the API by outcome (inserted, duplicate)', labelNames: ['outcome'], registers: [registry] }),
    modelVersion: new Gauge({ name: 'model_version', help: 'Id of the model each process serves (0: none)', labelNames: ['kind', 'domain'], registers: [registry] }),
    modelSwaps: new Counter({ name: 'model_swaps_total', help: 'Model hot swaps by outcome', labelNames: ['domain', 'outcome'], registers: [registry] }),
  };
}

/** Records count and latency of every request under its route template (`unmatched` for 404s). */
export function metricsMiddleware(metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = typeof res.locals.route === 'string' ? res.locals.route : 'unmatched';
      end({ method: req.method, route });
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
