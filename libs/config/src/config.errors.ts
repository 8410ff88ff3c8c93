/** Bad configuration stops the start with a message naming the setting. */
export class ConfigurationError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Configuration error in ${setting}: ${problem}`);
    this.name = 'ConfigurationError';
  }
}
