import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDataDir } from './data-dir';

describe('DATA_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsb-data-dir-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is created when missing', () => {
    const path = join(dir, 'a', 'b');
    prepareDataDir(path);
    expect(existsSync(path)).toBe(true);
  });

  it('stops the start, naming DATA_DIR, when it is a file', () => {
    const file = join(dir, 'file');
    writeFileSync(file, '');
    expect(() => prepareDataDir(file)).toThrow(
      /Configuration error in DATA_DIR: .* is not a directory/,
    );
    expect(() => prepareDataDir(join(file, 'below'))).toThrow(/Configuration error in DATA_DIR/);
  });
});
