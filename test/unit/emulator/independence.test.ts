// The emulator must not share logic with the engine: a shared converter would let
// one bug pass on both sides of a test. Only the Logger type may cross.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../../../src/emulator');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('emulator independence', () => {
  it('imports nothing from the engine but the Logger type', () => {
    const offending: string[] = [];
    for (const file of files(ROOT)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^import\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gm)) {
        const target = path.resolve(path.dirname(file), m[3]);
        if (!m[3].startsWith('.') || target.startsWith(ROOT)) continue;
        const ok = m[1] && m[3].endsWith('/sync/logger') && /^\{\s*Logger\s*\}$/.test(m[2].trim());
        if (!ok) offending.push(`${path.relative(ROOT, file)}: ${m[0]}`);
      }
    }
    assert.deepEqual(offending, []);
  });
});
