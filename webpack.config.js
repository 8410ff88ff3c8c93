// Nest's default webpack build, without its forked type checker: `npm test` type-checks the whole
// repository (tsc --noEmit), so the build only needs to transpile and bundle.
// The bundle is always written, even when its content did not change: the api's threads run it
// only when it is newer than every source (built-bundle.ts), and webpack would otherwise keep the
// older file (compareBeforeEmit) after a source was touched and built again.
module.exports = (options) => ({
  ...options,
  output: { ...options.output, compareBeforeEmit: false },
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
