// Lint: typescript-eslint strict (type-checked) on src/, plain recommended on JS scripts.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_' },
      ],
    },
  },
  // The data walks one way (twin -> features -> models -> edge -> cloud -> dashboard): a layer
  // never imports from the layers that build on it (tests may, to check one against another).
  ...Object.entries({
    core: [
      'twin',
      'features',
      'messages',
      'data',
      'models',
      'plot',
      'cli',
      'edge',
      'cloud',
      'dashboard',
    ],
    twin: ['features', 'messages', 'data', 'models', 'plot', 'cli', 'edge', 'cloud', 'dashboard'],
    features: ['messages', 'data', 'models', 'plot', 'cli', 'edge', 'cloud', 'dashboard'],
    messages: ['data', 'models', 'plot', 'cli', 'edge', 'cloud', 'dashboard'],
    data: ['models', 'cli', 'edge', 'cloud', 'dashboard'],
    plot: ['models', 'cli', 'edge', 'cloud', 'dashboard'],
    models: ['cli', 'edge', 'cloud', 'dashboard'],
  }).map(([layer, above]) => ({
    files: [`src/${layer}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${above.join('|')})/`,
              message: `src/${layer} must not import from the layers built on it (${above.join(', ')}) (README.md, Layout)`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
      },
    },
  },
);
