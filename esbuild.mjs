// Bundles the extension (vscode external) and the CLI into dist/, with sql.js's
// wasm copied beside them: it is loaded from disk by path, never from a CDN.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// schema/*.sql inlined for src/sync/store/migrations.ts (under tsx it reads the folder).
const schema = Object.fromEntries(
  readdirSync('schema').filter((f) => f.endsWith('.sql')).map((f) => [f, readFileSync(path.join('schema', f), 'utf8')]),
);

const common = {
  define: { __NOTION_SYNC_SCHEMA__: JSON.stringify(schema) },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Minified class names would reach error messages and logs as "kt:"; keep them readable.
  keepNames: true,
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['vscode'], banner: { js: '#!/usr/bin/env node' } },
];

mkdirSync('dist', { recursive: true });
copyFileSync(path.join(path.dirname(require.resolve('sql.js')), 'sql-wasm.wasm'), 'dist/sql-wasm.wasm');

if (watch) {
  for (const entry of entries) {
    const ctx = await esbuild.context({ ...common, ...entry });
    await ctx.watch();
  }
  console.log('[esbuild] watching');
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  console.log(`[esbuild] built dist/extension.js, dist/cli.js${production ? ' (production)' : ''}`);
}
