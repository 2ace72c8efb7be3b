import assert from 'node:assert/strict';
import path from 'node:path';
import { parseCli, UsageError } from '../../../src/cli/args';

describe('cli arguments', () => {
  it('parses repeatable roots and flags', () => {
    const o = parseCli(['pull', '--root', 'a', '--root', 'https://www.notion.so/x-123', '--dry-run', '--json', '--workspace', 'ws'], '/tmp');
    assert.deepEqual(o.roots, ['a', 'https://www.notion.so/x-123']);
    assert.equal(o.dryRun, true);
    assert.equal(o.json, true);
    assert.equal(o.workspace, path.resolve('/tmp/ws'));
  });

  it("takes Notion's request budget per minute", () => {
    assert.equal(parseCli(['sync', '--requests-per-minute', '600']).requestsPerMinute, 600);
    assert.equal(parseCli(['sync']).requestsPerMinute, undefined);
  });

  it('defaults the workspace to the current directory', () => {
    assert.equal(parseCli(['status'], '/srv/docs').workspace, '/srv/docs');
  });

  it('passes emulator arguments through untouched', () => {
    assert.deepEqual(parseCli(['emulator', '--port', '0', '--seed', 'demo']).rest, ['--port', '0', '--seed', 'demo']);
  });

  it('rejects what it cannot run, saying how to fix it', () => {
    assert.throws(() => parseCli([]), UsageError);
    assert.throws(() => parseCli(['push']), /unknown command "push"/);
    assert.throws(() => parseCli(['pull', '--mode', 'mirror']), /--mode must be publish or bidirectional/);
    assert.throws(() => parseCli(['pull', '--bogus']), UsageError);
    assert.throws(() => parseCli(['resolve', 'notes/a.md']), /--accept notion or --accept local/);
    assert.throws(() => parseCli(['webhook', '--port', '99999']), /--port/);
    assert.throws(() => parseCli(['pull', '--api-url', 'localhost:1']), /--api-url/);
    assert.throws(() => parseCli(['pull', '--requests-per-minute', '0']), /--requests-per-minute must be a whole number/);
    assert.throws(() => parseCli(['pull', '--requests-per-minute', '3.5']), /--requests-per-minute/);
  });

  it('takes resolve targets with a side', () => {
    const o = parseCli(['resolve', 'a.md', '7', '--accept', 'local']);
    assert.deepEqual(o.targets, ['a.md', '7']);
    assert.equal(o.accept, 'local');
  });
});
