import { threadExecArgv } from './spawn-api-thread';

describe('threadExecArgv', () => {
  it('drops the preloaded TypeScript loaders, in every spelling', () => {
    expect(
      threadExecArgv([
        '-r',
        'ts-node/register/transpile-only',
        '--require',
        'tsconfig-paths/register',
        '--require=ts-node/register',
        '-r',
        'ts-node',
      ]),
    ).toEqual([]);
  });

  it('keeps every other Node option, preloads included', () => {
    const options = ['--max-old-space-size=2048', '-r', 'dotenv/config', '--enable-source-maps'];
    expect(threadExecArgv(['-r', 'ts-node/register', ...options])).toEqual(options);
  });

  it('keeps a module whose name only starts like a loader', () => {
    expect(threadExecArgv(['-r', 'ts-node-extra'])).toEqual(['-r', 'ts-node-extra']);
  });
});
