import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import i18next from 'eslint-plugin-i18next';

/**
 * Props whose string values never reach a reader (layout, styling, routing, test hooks, input kinds). Every other
 * string in the UI's JSX — text, labels, placeholders, titles, aria-labels — must come from the catalogues.
 */
const NON_UI_PROPS = [
  'className', 'style', 'styles', 'type', 'key', 'id', 'width', 'height', 'data-testid', 'data-state', 'to', 'href', 'color', 'c', 'bg', 'variant', 'size',
  'fw', 'ff', 'fz', 'ta', 'tt', 'm', 'mt', 'mb', 'ml', 'mr', 'mx', 'my', 'p', 'pt', 'pb', 'px', 'py', 'gap', 'justify', 'align', 'position', 'labelPosition',
  'component', 'accept', 'mode', 'autoComplete', 'name', 'w', 'maw', 'miw', 'mih', 'h', 'radius', 'strokeDasharray', 'dataKey', 'fill', 'stroke', 'unit',
  'orientation', 'wrap', 'target', 'rel', 'role', 'aria-hidden', 'aria-live', 'inputMode', 'layout', 'value', 'hiddenFrom', 'visibleFrom', 'padding',
  'pos', 'top', 'left', 'right', 'bottom', 'display', 'src', 'placement', 'shadow', 'withinPortal', 'i18nKey', 'defaultValue', 'fontSize', 'path',
  'verticalSpacing', 'span', 'cols', 'gutter', 'spacing', 'step', 'fullWidth', 'minWidth', 'minRows', 'maxRows', 'rightSectionWidth', 'offset', 'strategy',
];

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'web/dist', 'dist', 'coverage', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
    },
  },
  {
    // Every string a user reads in the UI comes from the catalogues (web/src/i18n/locales): see docs/ui.md.
    files: ['web/src/**/*.ts', 'web/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'all',
          'should-validate-template': true,
          'jsx-attributes': { exclude: NON_UI_PROPS },
          // Arguments of calls are code (action names, keys, modes), except what a dialog shows.
          callees: { exclude: [/.*/], include: [/^(window\.)?(confirm|alert|prompt)$/, /^notifications\.show$/] },
          // Object properties are code, except the ones Mantine shows (menu and select labels, titles, messages).
          'object-properties': { exclude: [/^(?!(label|title|message|description|placeholder|group|error|nothingFoundMessage)$).*$/] },
          words: {
            // Symbols, digits and punctuation alone (⋯ ✕ ↑ — ·), URLs, Liquid, and names that are not words of a language.
            // IANA zones and MIME types are names too.
            exclude: [
              /^[\p{P}\p{S}\p{N}\p{Z}\s]*$/u,
              /^https?:\/\/\S*$/,
              /^\{[{%]/,
              /^[A-Z_]+$/,
              /^(utm_[a-z]+|Linecast|LINE)$/,
              /^(UTC|[A-Z][A-Za-z_]+\/[A-Za-z_]+)$/,
              /^(text|application)\/[a-z0-9.+-]+$/,
            ],
          },
        },
      ],
    },
  },
);
