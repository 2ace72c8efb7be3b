// Bundles the test companion extension (test/vscode/companion) together with
// mocha and every test/vscode/suite/*.test.ts, then packages it with vsce to
// out/notion-sync-tests.vsix. `vscode` stays external: the host provides it.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const companion = path.join(here, 'companion');
const suiteDir = path.join(here, 'suite');
export const COMPANION_VSIX = path.join(root, 'out/notion-sync-tests.vsix');

// `import { loadSuites } from 'virtual:suites'`: one require per suite file, run
// only when loadSuites() is called, after mocha has installed describe/it.
const suitesPlugin = {
  name: 'suites',
  setup(build) {
    build.onResolve({ filter: /^virtual:suites$/ }, () => ({ path: 'suites', namespace: 'virtual' }));
    build.onLoad({ filter: /.*/, namespace: 'virtual' }, () => {
      const files = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).sort();
      const body = files.map((f) => `  require(${JSON.stringify(path.join(suiteDir, f))});`).join('\n');
      return { contents: `export function loadSuites() {\n${body}\n}\n`, loader: 'js', resolveDir: suiteDir };
    });
  },
};

export async function buildCompanion({ log = (msg) => console.log(`[vscode] ${msg}`) } = {}) {
  const started = Date.now();
  await esbuild.build({
    entryPoints: [path.join(companion, 'src/extension.ts')],
    outfile: path.join(companion, 'dist/extension.js'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'error',
    // mocha's parallel mode resolves worker files at run time; serial mode never does.
    logOverride: { 'require-resolve-not-external': 'silent' },
    plugins: [suitesPlugin],
  });
  mkdirSync(path.dirname(COMPANION_VSIX), { recursive: true });
  const vsce = path.join(root, 'node_modules/.bin/vsce');
  const r = spawnSync(vsce, ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', COMPANION_VSIX], {
    cwd: companion,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`vsce package (companion) failed:\n${r.stdout}\n${r.stderr}`);
  log(`companion built: ${path.relative(root, COMPANION_VSIX)} (${(statSync(COMPANION_VSIX).size / 1024).toFixed(1)} KB, ${((Date.now() - started) / 1000).toFixed(1)}s)`);
  return COMPANION_VSIX;
}

/**
 * For @vscode/test-cli (.vscode-test.mjs, machines with internet): one CommonJS
 * file per suite in out/test/vscode/, which its mocha loads in the extension host.
 */
export async function buildSuitesForTestCli() {
  const files = readdirSync(suiteDir).filter((f) => f.endsWith('.test.ts')).sort();
  await esbuild.build({
    entryPoints: files.map((f) => path.join(suiteDir, f)),
    outdir: path.join(root, 'out/test/vscode'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'error',
  });
  console.log(`[vscode] suites for @vscode/test-cli: out/test/vscode/{${files.map((f) => f.replace(/\.ts$/, '.js')).join(',')}}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--test-cli')) await buildSuitesForTestCli();
  else await buildCompanion();
}
