// `npm test`: every stage in order, then one pass/fail summary. A failed stage
// does not stop later independent stages, so one run shows everything broken.
// A failed stage's failure report is repeated after the summary: CI shows the
// tail of the output, and the tests that failed must be in it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const only = process.env.TEST_STAGES ? new Set(process.env.TEST_STAGES.split(',')) : null;
const stages = [
  { name: 'build', cmd: 'npm run -s build' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'unit', cmd: 'npm run -s test:unit' },
  { name: 'integration', cmd: 'npm run -s test:integration' },
  // The full kill -9, fault and fuzz suite (~4 minutes): CI has the time for it.
  { name: 'reliability', cmd: 'npm run -s test:reliability' },
  { name: 'vscode', cmd: 'node test/vscode/run.mjs', when: () => existsSync('test/vscode/run.mjs') },
];

/** Runs `cmd`, echoing its output as it comes, and resolves with its exit code and the output. */
function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, { stdio: ['inherit', 'pipe', 'pipe'], shell: true });
    let output = '';
    const take = (to) => (chunk) => {
      to.write(chunk);
      output += chunk.toString('utf8');
      if (output.length > 4_000_000) output = output.slice(-2_000_000); // the end is what matters
    };
    child.stdout.on('data', take(process.stdout));
    child.stderr.on('data', take(process.stderr));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Mocha's "N failing" section (titles, assertion, first stack lines), or the output's last lines. */
function failureReport(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const at = plain.search(/^\s*\d+ failing\s*$/m);
  const lines = (at >= 0 ? plain.slice(at) : plain).split('\n');
  const kept = at >= 0 ? lines.filter((l) => !/^\s+at (?!Context\.)/.test(l)) : lines.slice(-40);
  return kept.slice(0, 120).join('\n').trim();
}

const results = [];
for (const stage of stages) {
  if (only && !only.has(stage.name)) continue;
  if (stage.when && !stage.when()) continue;
  const started = Date.now();
  console.log(`\n=== ${stage.name}: ${stage.cmd}`);
  const r = await run(stage.cmd);
  results.push({ name: stage.name, ok: r.code === 0, seconds: (Date.now() - started) / 1000, output: r.output });
}

const failed = results.filter((r) => !r.ok);
for (const r of failed) console.log(`\n=== what failed in ${r.name}\n${failureReport(r.output)}`);
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)}s`);
console.log(failed.length ? `\n${failed.length} stage(s) failed` : `\nall ${results.length} stages passed`);
process.exit(failed.length ? 1 : 0);
