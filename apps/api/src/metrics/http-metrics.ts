import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

/** Times every request by its route pattern (never the raw URL: ids would explode the label set). */
export function recordHttpMetrics(
  fastify: FastifyInstance,
  histogram: Histogram<'method' | 'route' | 'status'>,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
