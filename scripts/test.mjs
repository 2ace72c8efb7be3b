// `npm test`: every stage in order, then one pass/fail summary. A failed stage
// does not stop later independent stages, so one run shows everything broken.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const only = process.env.TEST_STAGES ? new Set(process.env.TEST_STAGES.split(',')) : null;
const stages = [
  { name: 'build', cmd: 'npm run -s build' },
  { name: 'typecheck', cmd: 'npm run -s typecheck' },
  { name: 'lint', cmd: 'npm run -s lint' },
  { name: 'unit', cmd: 'npm run -s test:unit' },
  { name: 'integration', cmd: 'npm run -s test:integration' },
  { name: 'vscode', cmd: 'node test/vscode/run.mjs', when: () => existsSync('test/vscode/run.mjs') },
];

const results = [];
for (const stage of stages) {
  if (only && !only.has(stage.name)) continue;
  if (stage.when && !stage.when()) continue;
  const started = Date.now();
  console.log(`\n=== ${stage.name}: ${stage.cmd}`);
  const r = spawnSync(stage.cmd, { stdio: 'inherit', shell: true });
  results.push({ name: stage.name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)}s`);
const failed = results.filter((r) => !r.ok);
console.log(failed.length ? `\n${failed.length} stage(s) failed` : `\nall ${results.length} stages passed`);
process.exit(failed.length ? 1 : 0);
