import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('architecture', () => {
  it('keeps the direction of dependencies (dependency-cruiser, .dependency-cruiser.js)', () => {
    const cli = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const dirs = ['apps', 'libs', 'test', 'bench', 'tools'].filter((dir) =>
      existsSync(join(root, dir)),
    );
    const result = spawnSync(
      process.execPath,
      [cli, ...dirs, '--config', '.dependency-cruiser.js', '--output-type', 'err'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    expect(`${result.stdout}${result.stderr}`).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  });

  it("the libraries' narrow entries (src/entries) load neither NestJS, nor the EventStoreDB client, nor BullMQ, Redis or the metrics", () => {
    // What a rebuild part's thread loads before it works (a fresh process: nothing preloaded).
    const code = `
      require('./libs/read-models/src/entries/rebuild-part');
      require('./libs/event-store/src/entries/core');
      const packages = Object.keys(require.cache).flatMap((file) => {
        const name = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
        return name ? [name[1]] : [];
      });
      process.stdout.write(JSON.stringify([...new Set(packages)]));
    `;
    const result = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', code],
      { cwd: root, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    const loaded = JSON.parse(result.stdout) as string[];
    expect(loaded).toContain('better-sqlite3');
    expect(
      loaded.filter((name) => /^(@nestjs|@eventstore|bullmq$|ioredis$|prom-client$)/.test(name)),
    ).toEqual([]);
  });

  it('libs/domain never reads the system clock nor draws random numbers', () => {
    const clockReads = [
      /\bDate\.now\(/,
      /new Date\(\s*\)/,
      /\bDateTime\.(now|local)\(/,
      /\bMath\.random\(/,
      /\bperformance\.now\(/,
      /\bprocess\./,
    ];
    const offenders = sourceFiles(join(root, 'libs/domain/src')).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return clockReads.filter((re) => re.test(text)).map((re) => `${file}: ${re}`);
    });
    expect(offenders).toEqual([]);
  });
});
