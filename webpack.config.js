// Nest's default webpack build, without its forked type checker: `npm test` type-checks the whole
// repository (tsc --noEmit), so the build only needs to transpile and bundle.
module.exports = (options) => ({
  ...options,
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
