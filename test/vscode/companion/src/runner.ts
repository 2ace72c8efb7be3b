// Runs the suites bundled from test/vscode/suite/*.test.ts with mocha inside the
// extension host and turns mocha's events into a JSON results document.
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { loadSuites } from 'virtual:suites';
import { takeMetrics } from '../../suite/metrics';

export interface TestResult {
  fullTitle: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: { message: string; stack?: string };
}

export interface Results {
  vscodeVersion: string;
  startedAt?: string;
  durationMs?: number;
  stats?: { tests: number; passes: number; failures: number; pending: number };
  tests?: TestResult[];
  metrics?: Record<string, number | string>;
  fatal?: string;
}

export const RESULTS_ENV = 'NOTION_SYNC_TEST_RESULTS';
/** The title of the suite that runs only in a multi-root window (test/vscode/suite/multiroot.test.ts). */
export const MULTI_ROOT_SUITE = 'Multi-root workspace';
export const MARKER_DIR = '.notion-sync-test';

/** Where to write results, or undefined when this host was not started for tests. A multi-root window writes `<name>.multiroot.json`. */
export function resolveResultsFile(multiRoot = false): string | undefined {
  const fromEnv = process.env[RESULTS_ENV];
  if (fromEnv) return multiRoot ? fromEnv.replace(/(\.json)?$/, '.multiroot.json') : fromEnv;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const dir = path.join(folder.uri.fsPath, MARKER_DIR);
    if (existsSync(path.join(dir, 'run'))) return path.join(dir, 'results.json');
  }
  return undefined;
}

/** Write-then-rename so the harness never reads a half-written file. */
export function writeResults(file: string, results: Results): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(tmp, file);
}

export function runSuites(options: { grep?: string; invert?: boolean }): Promise<Results> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: class {} as unknown as Mocha.ReporterConstructor });
  if (options.grep) mocha.grep(options.grep);
  if (options.grep && options.invert) mocha.invert();
  // What mocha's file loader would do per file: install describe/it as globals, then load.
  mocha.suite.emit(Mocha.Suite.constants.EVENT_FILE_PRE_REQUIRE, globalThis, 'test/vscode/suite', mocha);
  loadSuites();

  const startedAt = new Date();
  const tests: TestResult[] = [];
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      resolve({
        vscodeVersion: vscode.version,
        startedAt: startedAt.toISOString(),
        durationMs: Date.now() - startedAt.getTime(),
        stats: {
          tests: tests.length,
          passes: tests.filter((t) => t.state === 'passed').length,
          failures: tests.filter((t) => t.state === 'failed').length,
          pending: tests.filter((t) => t.state === 'pending').length,
        },
        tests,
        metrics: takeMetrics(),
      });
    });
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => tests.push({ fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on(EVENT_TEST_PENDING, (t: Mocha.Test) => tests.push({ fullTitle: t.fullTitle(), state: 'pending', durationMs: 0 }));
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: Error) =>
      tests.push({ fullTitle: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: { message: err.message, stack: err.stack } }),
    );
  });
}
