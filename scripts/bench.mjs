#!/usr/bin/env node
// npm run bench [-- --quick] [-- --only pull,idle]
// Runs every benchmark in bench/ (each in its own process, one after another:
// they measure time), then builds the .vsix and prints one table of figures,
// goals and ratios, in markdown, with the machine it ran on. Benchmarks are
// not tests: a missed goal is printed, and the exit code says so.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyAt = args.indexOf('--only');
/** Benchmarks that take --quick (a smaller workspace). */
const QUICK_AWARE = new Set(['pull.bench.ts', 'notionToMd.bench.ts']);
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : undefined;

/** Runs one benchmark, echoing its output; resolves with its BENCH records. */
function run(file) {
  return new Promise((resolve) => {
    const extra = quick && QUICK_AWARE.has(file) ? ['--quick'] : [];
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join('bench', file), ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const records = [];
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH ')) records.push(JSON.parse(line.slice(6)));
        else process.stdout.write(`${line}\n`);
      }
    });
    child.on('exit', (code) => resolve({ records, code }));
  });
}

/** Builds the .vsix the way `npm run package` does and returns its size, or why not. */
function vsix() {
  const built = spawnSync('npm', ['run', '-s', 'package'], { cwd: ROOT, encoding: 'utf8' });
  const file = path.join(ROOT, 'out', 'notion-sync.vsix');
  if (built.status !== 0) return { label: '.vsix size', value: `not built: ${(built.stderr || built.stdout).trim().split('\n').pop()}` };
  return { label: '.vsix size', value: `${(statSync(file).size / 1024).toFixed(0)} KB` };
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|');

async function main() {
  const files = readdirSync(path.join(ROOT, 'bench')).filter((f) => f.endsWith('.bench.ts')).sort();
  const rows = [];
  let failed = false;
  for (const file of files) {
    const name = file.replace('.bench.ts', '');
    if (only && !only.has(name)) continue;
    console.log(`\n=== ${name}`);
    const { records, code } = await run(file);
    if (code !== 0) failed = true;
    if (records.length === 0) rows.push({ bench: name, label: '(no figures)', value: `exit ${code}` });
    for (const r of records) for (const f of r.figures) rows.push({ bench: r.bench, ...f });
  }
  if (!only || only.has('vsix')) rows.push({ bench: 'package', ...vsix() });
  const cpu = os.cpus();
  console.log(`\n=== results: ${cpu[0]?.model ?? 'cpu'} × ${cpu.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, node ${process.version}, ${os.platform()} ${os.release()}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('\n| Benchmark | Figure | Value | Goal | Ratio |\n|---|---|---|---|---|');
  for (const r of rows) {
    const goal = r.goal ? `${r.goal}${r.ok === undefined ? '' : r.ok ? ' ✓' : ' ✗'}` : '';
    console.log(`| ${cell(r.bench)} | ${cell(r.label.trim())} | ${cell(r.value)} | ${cell(goal)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`);
    if (r.ok === false) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
