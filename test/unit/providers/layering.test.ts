// The pure provider modules stay free of `vscode`, so they run here under mocha;
// src/sync never imports it at all.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PURE = ['constants', 'conflictItems', 'documentState', 'documentTree', 'errorAdvice', 'problems', 'queueItems', 'remoteUri', 'reportText', 'scmEntries', 'settingsInput', 'volatileKeys', 'statusText', 'time'];
const importsVscode = (file: string) => /from 'vscode'|require\('vscode'\)/.test(readFileSync(file, 'utf8'));

describe('providers layering', () => {
  it('keeps the pure modules free of vscode', () => {
    for (const name of PURE) assert.ok(!importsVscode(path.resolve('src/providers', `${name}.ts`)), `${name}.ts imports vscode`);
  });

  it('keeps src/sync free of vscode', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    const offenders = walk(path.resolve('src/sync')).filter(importsVscode);
    assert.deepEqual(offenders, []);
  });
});
