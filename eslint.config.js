// ESLint flat config: typescript-eslint's recommended rules for every TypeScript file, and the
// layers of docs/architecture.md ("Layers"): which folder may import which of ours.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Import patterns (of any depth of `../`) that reach into one of our folders. */
const into = (folder) => [`**/${folder}`, `**/${folder}/**`, `${folder}/**`];

/** One zone: files in `files` may not import from the folders in `forbidden`. */
const layer = (files, forbidden) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((folder) => ({
          group: into(folder),
          message: `${files[0].split('/**')[0]} may not import ${folder} (docs/architecture.md "Layers").`,
        })),
      },
    ],
  },
});

const EXTENSION = ['background', 'messaging', 'store', 'ui', 'entrypoints'];

/** The layers; exported for the test that proves a crossing import fails. */
export const layers = [
  layer(['src/protocol/**'], ['bridge', ...EXTENSION]),
  layer(['src/store/**'], ['bridge', 'background', 'messaging', 'ui', 'entrypoints']),
  layer(['src/messaging/**'], ['bridge', 'background', 'ui', 'entrypoints']),
  layer(['src/ui/**'], ['bridge', 'background', 'entrypoints']),
  layer(['src/background/**', 'entrypoints/**'], ['bridge']),
  layer(['src/bridge/**'], EXTENSION),
];

export default tseslint.config(
  { ignores: ['.output/', '.wxt/', 'dist/', 'node_modules/', 'bench/results*', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...layers,
  {
    files: ['scripts/**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        URL: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
  {
    // Bundled into the bridge (CommonJS output): these are the bundle's own.
    files: ['scripts/bridge-late-loader.js'],
    languageOptions: { globals: { require: 'readonly', __dirname: 'readonly' } },
  },
);
