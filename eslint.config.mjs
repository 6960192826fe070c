// Type-aware lint (typescript-eslint's recommendedTypeChecked) and the layer rules: each folder
// of src/ may import only the layers below it (config → commands → transport → flows → action).
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Imports a layer may not make, as `no-restricted-imports` patterns. */
const forbid = (message, ...layers) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: layers.flatMap((l) => (l.startsWith('@') ? [l, `${l}/*`] : [`**/${l}/*`, `**/${l}`])), message }
      ]
    }
  ]
})

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '__tests__/corpus/**', 'test/fleet/kamal-proxy/**', '*.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] }]
        }
      ]
    }
  },
  { files: ['**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.mjs', '**/*.cjs'], languageOptions: { globals: globals.node } },
  {
    files: ['src/util/**'],
    rules: forbid(
      'util is the bottom layer: it imports nothing of src/',
      'config',
      'commands',
      'transport',
      'flows',
      'action',
      '@actions'
    )
  },
  {
    files: ['src/config/**'],
    rules: forbid('config imports nothing above it', 'commands', 'transport', 'flows', 'action', '@actions')
  },
  {
    files: ['src/commands/**'],
    rules: forbid(
      'commands are pure builders: no transport, flows or action',
      'transport',
      'flows',
      'action',
      '@actions'
    )
  },
  {
    files: ['src/transport/**'],
    rules: forbid(
      'transport carries bytes: it knows no config, commands, flows or action',
      'config',
      'commands',
      'flows',
      'action',
      '@actions'
    )
  },
  { files: ['src/flows/**'], rules: forbid('flows never reach the action adapter or @actions/*', 'action', '@actions') }
)
