// The standard @vscode/test-cli setup, for machines that can download VS Code
// (here, offline, `npm test` runs the same suites in code-server instead: see
// test/vscode/run.mjs). Runs test/vscode/suite/*.test.ts inside a downloaded VS
// Code with Notion Sync loaded from this folder as the extension under development:
//
//   npm run build && node test/vscode/build-companion.mjs --test-cli && npx vscode-test
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'in-host',
  files: 'out/test/vscode/*.test.js',
  version: 'stable',
  extensionDevelopmentPath: '.',
  workspaceFolder: './test/vscode/fixtures/workspace',
  launchArgs: ['--disable-extensions', '--disable-gpu', '--disable-workspace-trust'],
  mocha: { ui: 'bdd', timeout: 30_000, color: true },
});
