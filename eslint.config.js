// Lints the portal: plain ES modules that run in the browser, and their unit tests that run in node.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['**/bin/**', '**/obj/**', 'TestResults/**', '.azurite/**'] },
  js.configs.recommended,
  { rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] } },
  {
    files: ['portal/js/**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['portal/test/**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: globals.node },
  },
];
