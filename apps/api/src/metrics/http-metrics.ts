import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';

/** Times every request by its route pattern (never the raw URL: ids would explode the label set). */
export function recordHttpMetrics(
  fastify: FastifyInstance,
  histogram: Histogram<'method' | 'route' | 'status'>,
): void {
  // One child per label set, found by a plain key: observing through labels hashes them each time.
  const children = new Map<string, { observe(value: number): void }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = histogram.labels({
        method: request.method,
        route,
        status: String(reply.statusCode),
      });
      children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
}
