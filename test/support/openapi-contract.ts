import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Every answer the e2e tests receive is checked against the app's own OpenAPI document
 * (GET /docs-json): the route and status must be documented, the content type too, and a JSON body
 * must match the documented schema exactly (no field missing, none extra), so a DTO that drifts
 * from what the route returns fails a test. See docs/http-api.md for the contract itself.
 */

type Schema = { [keyword: string]: unknown };

interface MediaType {
  schema?: Schema;
}

interface DocumentedResponse {
  description?: string;
  content?: Record<string, MediaType>;
}

interface Operation {
  responses: Record<string, DocumentedResponse>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One answer as the client saw it. */
export interface Answer {
  method: string;
  /** The path as requested, query string allowed. */
  path: string;
  status: number;
  contentType: string | undefined;
  /** The raw body ('' when there is none). */
  body: string;
}

export class ContractViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractViolation';
  }
}

/**
 * Served by the app but not part of the API it documents: the document itself (and its UI), and
 * the Bull Board dashboard (an HTML application of its own under /admin/queues).
 */
const OUTSIDE_THE_DOCUMENT = [/^\/docs(-json)?(\/.*)?$/, /^\/admin\/queues(\/.*)?$/];

/** The document's components/schemas, as one JSON Schema of definitions the others refer to. */
const COMPONENTS_ID = 'openapi-components.json';
const COMPONENT_REF = '#/components/schemas/';
/** OpenAPI 3.0 words that are not JSON Schema (annotations only). */
const ANNOTATIONS = new Set(['example', 'examples', 'xml', 'externalDocs', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SUBSCHEMAS = new Set(['items', 'not', 'additionalProperties']);

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` becomes a union with null, $refs point into the
 * components schema, annotations go, and an object schema that does not say otherwise admits no
 * property it does not list (a field the DTO forgot fails, as a missing one does).
 */
export function toJsonSchema(schema: Schema): Schema {
  const converted: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword === 'nullable') continue;
    if (keyword === '$ref' && typeof value === 'string') {
      converted.$ref = value.startsWith(COMPONENT_REF)
        ? `${COMPONENTS_ID}#/definitions/${value.slice(COMPONENT_REF.length)}`
        : value;
    } else if (SCHEMA_MAPS.has(keyword)) {
      converted[keyword] = Object.fromEntries(
        Object.entries(value as Record<string, Schema>).map(([name, sub]) => [
          name,
          toJsonSchema(sub),
        ]),
      );
    } else if (SCHEMA_LISTS.has(keyword)) {
      converted[keyword] = (value as Schema[]).map(toJsonSchema);
    } else if (SUBSCHEMAS.has(keyword) && typeof value === 'object' && value !== null) {
      converted[keyword] = toJsonSchema(value as Schema);
    } else {
      converted[keyword] = value;
    }
  }
  const composed = ['$ref', 'allOf', 'anyOf', 'oneOf'].some((keyword) => keyword in converted);
  if (
    (converted.type === 'object' || 'properties' in converted) &&
    !('additionalProperties' in converted) &&
    !composed
  ) {
    converted.additionalProperties = false;
  }
  return schema.nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

interface Route {
  template: string;
  pattern: RegExp;
  parameters: number;
}

function routeOf(template: string): Route {
  const parts = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return {
    template,
    pattern: new RegExp(`^${parts.join('')}/?$`),
    parameters: (template.match(/\{/g) ?? []).length,
  };
}

function explain(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => {
      const where = error.instancePath === '' ? 'body' : `body${error.instancePath}`;
      const extra =
        error.keyword === 'additionalProperties'
          ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})`
          : error.keyword === 'enum'
            ? ` (${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)})`
            : '';
      return `${where} ${error.message ?? error.keyword}${extra}`;
    })
    .join('; ');
}

function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The routes, statuses and schemas of one OpenAPI document, ready to check answers against. */
export class OpenApiContract {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();
  /** `GET /series/{id} 200`: the route and status of every answer that passed. */
  private readonly passed = new Set<string>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    addFormats(this.ajv);
    const schemas = Object.fromEntries(
      Object.entries(document.components?.schemas ?? {}).map(([name, schema]) => [
        name,
        toJsonSchema(schema),
      ]),
    );
    this.ajv.addSchema({ $id: COMPONENTS_ID, definitions: schemas });
    // Literal segments first: /health/live is not /health/{anything}.
    this.routes = Object.keys(document.paths)
      .map(routeOf)
      .sort((a, b) => a.parameters - b.parameters);
  }

  /** Every operation of the document, as `GET /series/{id}`. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([template, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${template}`),
    );
  }

  /** The answers that passed so far, as `GET /series/{id} 200`. */
  answered(): ReadonlySet<string> {
    return this.passed;
  }

  /** Throws a ContractViolation naming the route, the status and what does not match. */
  check(answer: Answer): void {
    const path = decodeURI(answer.path.split('?')[0]!);
    if (OUTSIDE_THE_DOCUMENT.some((pattern) => pattern.test(path))) return;
    const method = answer.method.toLowerCase();
    const route = this.routes.find(
      (r) => r.pattern.test(path) && this.document.paths[r.template]![method],
    );
    if (!route) {
      throw new ContractViolation(
        `${answer.method.toUpperCase()} ${path}: no such route in the OpenAPI document`,
      );
    }
    const operation = this.document.paths[route.template]![method]!;
    const at = `${answer.method.toUpperCase()} ${route.template} ${answer.status}`;
    const documented = operation.responses[String(answer.status)];
    if (!documented) {
      throw new ContractViolation(
        `${at}: status not documented (documented: ${Object.keys(operation.responses).join(', ')}); body: ${answer.body.slice(0, 500)}`,
      );
    }
    this.checkBody(at, documented, answer);
    this.passed.add(at);
  }

  private checkBody(at: string, documented: DocumentedResponse, answer: Answer): void {
    const mediaTypes = Object.keys(documented.content ?? {});
    if (answer.body === '') {
      if (mediaTypes.length > 0 && answer.status !== 204) {
        throw new ContractViolation(`${at}: empty body, documented as ${mediaTypes.join(', ')}`);
      }
      return;
    }
    const mediaType = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    if (!mediaTypes.includes(mediaType)) {
      throw new ContractViolation(
        `${at}: content type ${mediaType || '(none)'} not documented (documented: ${mediaTypes.join(', ') || 'no body'})`,
      );
    }
    const schema = documented.content![mediaType]!.schema;
    if (!schema) throw new ContractViolation(`${at}: ${mediaType} documented without a schema`);
    if (isJson(mediaType)) this.checkJson(`${at} ${mediaType}`, schema, answer.body);
  }

  private checkJson(at: string, schema: Schema, text: string): void {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractViolation(`${at}: the body is not JSON: ${text.slice(0, 200)}`);
    }
    const validate = this.validatorOf(at, schema);
    if (!validate(body)) {
      throw new ContractViolation(
        `${at}: the body does not match the documented schema: ${explain(validate.errors)}\nbody: ${text.slice(0, 1000)}`,
      );
    }
  }

  private validatorOf(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema));
      this.validators.set(key, validate);
    }
    return validate;
  }
}

const contracts = new Map<string, Promise<OpenApiContract>>();

/** The contract of the app at `baseUrl`, from its GET /docs-json (fetched once per app). */
export function contractAt(baseUrl: string): Promise<OpenApiContract> {
  const origin = new URL(baseUrl).origin;
  let contract = contracts.get(origin);
  if (!contract) {
    contract = fetch(`${origin}/docs-json`, { signal: AbortSignal.timeout(10_000) }).then(
      async (response) => {
        if (response.status !== 200) throw new Error(`GET /docs-json answered ${response.status}`);
        return new OpenApiContract((await response.json()) as OpenApiDocument);
      },
    );
    contracts.set(origin, contract);
    // A failed fetch (the app not up yet) is not kept: the next answer fetches again.
    contract.catch(() => contracts.delete(origin));
  }
  return contract;
}

/** The body of a fetch() answer, once checked against the app's OpenAPI document (contractAt). */
export async function checkedBody(
  url: string,
  method: string,
  response: Response,
): Promise<string> {
  const body = await response.text();
  (await contractAt(url)).check({
    method,
    path: new URL(url).pathname,
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body,
  });
  return body;
}

/** fetch(), with the answer checked against the app's OpenAPI document (see contractAt). */
export async function checkedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  const body = await checkedBody(url, init.method ?? 'GET', response);
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
