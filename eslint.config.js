import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'lib/', 'test-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Product code sees plans of 100,000 tasks: a spread argument (push(...rows),
    // Math.max(...widths)) fails past about 125,000 values with "Maximum call stack size exceeded".
    files: ['core/**/*.ts', 'sync/**/*.ts', 'addin/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression > SpreadElement, NewExpression > SpreadElement',
          message:
            'No spread arguments in product code: past about 125,000 values V8 throws "Maximum call stack size exceeded". Use a loop (or pass the array).',
        },
      ],
    },
  },
);
