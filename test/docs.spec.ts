import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY } from '@app/domain';

/** The pages of docs/ stay in step with the code: what they name exists, what the code has is named. */

const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Every `code span` of a markdown text. */
function codeSpans(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\n]+)`/g)].map((match) => match[1]);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `policy.<key>` and `policy.<key>.<entry>` as the clinical rules write them. */
function policyKeysNamed(markdown: string): string[][] {
  return codeSpans(markdown)
    .filter((span) => /^policy\.[A-Za-z]+(\.[A-Za-z-]+)?$/.test(span))
    .map((span) => span.split('.').slice(1));
}

/** Every key of the default policy, and every entry of its keyed tables (the drugs' holds). */
function policyKeysOfTheCode(): string[][] {
  return Object.entries(DEFAULT_CLINICAL_POLICY).flatMap(([key, value]) => [
    [key],
    ...(value !== null && typeof value === 'object'
      ? Object.keys(value).map((entry) => [key, entry])
      : []),
  ]);
}

describe('docs/', () => {
  const clinicalRules = read('docs/clinical-rules.md');

  it('every repository path named in docs/clinical-rules.md exists', () => {
    const paths = codeSpans(clinicalRules).filter((span) =>
      /^(apps|libs|test|bench|tools|docs)\/[^\s*]*$/.test(span),
    );
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => !existsSync(join(root, path)))).toEqual([]);
  });

  it('every policy key named in docs/clinical-rules.md is a ClinicalPolicy key, and every key is named', () => {
    const named = policyKeysNamed(clinicalRules).map((key) => key.join('.'));
    const inCode = policyKeysOfTheCode().map((key) => key.join('.'));
    expect([...new Set(named.filter((key) => !inCode.includes(key)))]).toEqual([]);
    expect(inCode.filter((key) => !named.includes(key))).toEqual([]);
  });

  it('every rule id of the recommendation is in docs/clinical-rules.md', () => {
    const source = read('libs/domain/src/treatment-series/recommendation.ts');
    const ruleIds = [...source.matchAll(/rule: '([a-z-]+)'/g)].map((match) => match[1]);
    expect(ruleIds.length).toBeGreaterThan(10);
    const spans = new Set(codeSpans(clinicalRules));
    expect(ruleIds.filter((id) => !spans.has(id))).toEqual([]);
  });

  it('every refusal code of the domain is in docs/http-api.md', () => {
    const codes = sourceFiles(join(root, 'libs/domain/src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/readonly code = '([a-z-]+)'/g)].map(
        (match) => match[1],
      ),
    );
    expect(codes.length).toBeGreaterThan(20);
    const spans = new Set(codeSpans(read('docs/http-api.md')));
    expect([...new Set(codes)].filter((code) => !spans.has(code))).toEqual([]);
  });

  it('docs/README.md links to pages that exist', () => {
    const links = [...read('docs/README.md').matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThanOrEqual(3);
    expect(links.filter((link) => !existsSync(join(root, 'docs', link)))).toEqual([]);
  });
});
