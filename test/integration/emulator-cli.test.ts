// `notion-sync emulator` as a process: first stdout line is the base URL, it
// serves the API, and it exits cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Client, LogLevel } from '@notionhq/client';
import { parseEmulatorArgs } from '../../src/emulator/cli';

const ROOT = path.join(__dirname, '../..');

describe('emulator: CLI', function () {
  this.timeout(30_000);

  it('parses its options', () => {
    assert.deepEqual(parseEmulatorArgs(['--port', '0', '--seed=empty', '--pages', '5', '--token', 't', '--rate-limit', '3', '--fault-rate', '0.1', '--latency-ms', '20']), {
      verbose: false,
      port: 0,
      seed: 'empty',
      pages: 5,
      token: 't',
      rateLimit: 3,
      faultRate: 0.1,
      latencyMs: 20,
      knobs: { latencyP99Ms: 80 },
    });
    assert.deepEqual(parseEmulatorArgs(['--requests-per-minute', '180', '--page-url-host=app.notion.com', '--callout-form', 'fenced', '--final-newline', '--plan', 'paid']).knobs, {
      requestsPerMinute: 180,
      pageUrlHost: 'app.notion.com',
      calloutForm: 'fenced',
      finalNewline: true,
      plan: 'paid',
    });
    assert.deepEqual(parseEmulatorArgs(['--trailing-spaces', 'stripped', '--markdown-response=v1']).knobs, { trailingSpaces: 'stripped', markdownResponse: 'v1' });
    assert.throws(() => parseEmulatorArgs(['--markdown-response', 'v3']), /requested or v1/);
    assert.throws(() => parseEmulatorArgs(['--callout-form', 'div']), /tag or fenced/);
    assert.throws(() => parseEmulatorArgs(['--seed', 'huge']), /demo or empty/);
    assert.throws(() => parseEmulatorArgs(['--bogus']), /unknown option/);
  });

  it('prints the base URL first, serves, and stops on SIGTERM', async () => {
    const code = "require('./src/emulator/cli').runEmulatorCli(['--port', '0', '--seed', 'empty', '--pages', '3', '--token', 'secret_cli'])";
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Press Ctrl+C')) resolve(out.split('\n')[0]);
      });
      child.once('exit', (c) => reject(new Error(`exited early (${c}): ${stderr}`)));
    });
    assert.match(firstLine, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(out, /ready in \d+ ms/);
    const notion = new Client({ auth: 'secret_cli', baseUrl: firstLine, logLevel: LogLevel.ERROR });
    const found = await notion.search({ query: 'Bench page' });
    assert.equal(found.results.length, 3);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
