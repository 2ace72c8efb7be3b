// Provided at bundle time by test/vscode/build-companion.mjs: requires every
// test/vscode/suite/*.test.ts after mocha's globals are installed.
declare module 'virtual:suites' {
  export function loadSuites(): void;
}
