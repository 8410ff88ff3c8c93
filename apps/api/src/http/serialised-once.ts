import type { FastifyReply } from 'fastify';

/**
 * The JSON of a response object that queries hand out again while it is unchanged (the series view
 * does): serialised once per object, not once per request. Objects are held weakly.
 */
const serialised = new WeakMap<object, string>();

export function serialisedOnce(body: object): string {
  let json = serialised.get(body);
  if (json === undefined) {
    json = JSON.stringify(body);
    serialised.set(body, json);
  }
  return json;
}

/**
 * This reply's body goes through serialisedOnce. The route still returns its DTO (the declared
 * type the OpenAPI document and the compiler see) and sets its JSON content type itself: a reply
 * serializer replaces Fastify's default one, content type included.
 */
export function serialiseOnce(reply: FastifyReply): void {
  reply.serializer(serialisedOnce);
}
