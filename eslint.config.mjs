// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', 'data/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    // Nest's dependency injection reads constructor parameter types at run time (decorator
    // metadata): tell the parser, so consistent-type-imports keeps those imports as values.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'error',
    },
  },
  {
    // The domain is pure: time arrives in commands, never from the system clock or randomness.
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'libs/domain never reads the clock: take `now` from the command.' },
        { object: 'DateTime', property: 'now', message: 'libs/domain never reads the clock: take `now` from the command.' },
        { object: 'DateTime', property: 'local', message: 'libs/domain never reads the clock: use DateTime.fromISO with a zone.' },
        { object: 'Math', property: 'random', message: 'libs/domain is deterministic: ids arrive in the command.' },
        { object: 'performance', property: 'now', message: 'libs/domain never reads the clock.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'libs/domain never reads the clock: take `now` from the command.' },
      ],
    },
  },
  {
    // A POST route is a command: it needs its Idempotency-Key handling and command id.
    files: ['apps/api/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/common',
              importNames: ['Post'],
              message: 'Declare POST routes with @CommandPost (apps/api/src/idempotency/command-post.decorator.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
