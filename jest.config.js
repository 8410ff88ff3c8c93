// One jest run for everything: domain specs, adapter integration specs (*.int-spec.ts, real SQLite
// and Redis) and end-to-end specs (test/*.e2e-spec.ts). TypeScript is compiled by SWC for speed.
const fs = require('fs');
const swcrc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));

const ESM_ONLY = ['jose', 'content-disposition'];

const aliases = ['domain', 'event-store', 'read-models', 'reminders', 'config', 'testing'];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['apps', 'libs', 'test', 'bench', 'tools']
    .filter((dir) => fs.existsSync(`${__dirname}/${dir}`))
    .map((dir) => `<rootDir>/${dir}`),
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(ts|js|mjs)$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // A few dependencies ship only ES modules (jose 6, content-disposition 1): jest's CommonJS runtime
  // needs them compiled; Node 20 itself loads them (require(esm)).
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  // `@app/<lib>` is a library's index; `@app/<lib>/<entry>` one of its narrow entries (src/entries).
  moduleNameMapper: Object.fromEntries(
    aliases.flatMap((name) => [
      [`^@app/${name}$`, `<rootDir>/libs/${name}/src`],
      [`^@app/${name}/(.+)$`, `<rootDir>/libs/${name}/src/entries/$1`],
    ]),
  ),
  coverageProvider: 'v8',
  collectCoverageFrom: ['libs/domain/src/**/*.ts', '!libs/domain/src/**/*.spec.ts', '!libs/domain/src/**/index.ts'],
  coverageReporters: ['text-summary', 'text'],
  coverageThreshold: { './libs/domain/src/': { lines: 95, branches: 95 } },
  testTimeout: 30000,
};
