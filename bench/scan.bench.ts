// npx tsx bench/scan.bench.ts [files]
// The local scan of N markdown files (default 10,000): cold (reads and parses
// every file) and warm (nothing changed: one stat per file, no read), each as
// a ratio to the plainest loop that does the same I/O (readFile of every
// file; stat of every file). Not a timed test: it prints, and exits 1 only
// when a warm scan reads a file.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace, toPrevious } from '../src/sync/documents/scanner';
import { emit, median } from './report';

const FILES = Number(process.argv[2] ?? 10_000);
/** A rescan runs on every save and poll: it must stay interactive. */
const WARM_GOAL_MS = 1_000;

async function writeFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const perDir = 100;
  for (let d = 0; d * perDir < FILES; d++) {
    const dir = path.join(root, `area-${d % 10}`, `folder-${d}`);
    await fs.mkdir(dir, { recursive: true });
    const n = Math.min(perDir, FILES - d * perDir);
    const batch = Array.from({ length: n }, (_, i) => path.join(dir, `page-${i}.md`));
    await Promise.all(
      batch.map((file, i) =>
        fs.writeFile(
          file,
          `---\nnotion_id: ${d.toString(16).padStart(8, '0')}-0000-0000-0000-${i.toString(16).padStart(12, '0')}\ntitle: Page ${d}/${i}\ntags: [bench, t${i % 7}]\n---\n\n# Page ${d}/${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20 + (i % 5) * 40)}\n`,
        ),
      ),
    );
    files.push(...batch);
  }
  return files;
}

/** The plain loop: every file through `op`, 32 at a time (the scanner's concurrency). */
async function plain(files: string[], op: (f: string) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < files.length; i += 32) await Promise.all(files.slice(i, i + 32).map(op));
  return performance.now() - started;
}

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-scan-bench-'));
  try {
    const files = await writeFiles(root);
    const opts = { root, include: ['**/*.md'], exclude: ['**/node_modules/**'] };
    const readAll = await plain(files, (f) => fs.readFile(f, 'utf8'));
    const cold = await scanWorkspace(opts);
    const previous = toPrevious(cold.documents);
    const warmRuns = [];
    for (let i = 0; i < 5; i++) warmRuns.push(await scanWorkspace({ ...opts, previous }));
    const statRuns = [];
    for (let i = 0; i < 5; i++) statRuns.push(await plain(files, (f) => fs.stat(f)));
    const warmMs = median(warmRuns.map((r) => r.stats.ms));
    const statMs = median(statRuns);
    const warmReads = Math.max(...warmRuns.map((r) => r.stats.read));
    if (cold.documents.length !== FILES) throw new Error(`scanned ${cold.documents.length} of ${FILES} files`);
    console.log(`scan: ${FILES} markdown files, node ${process.version}, ${os.cpus().length} cpu`);
    emit('scan', [
      { label: `cold scan of ${FILES} files`, value: `${cold.stats.ms.toFixed(0)} ms`, goal: `vs readFile of every file (${readAll.toFixed(0)} ms)`, ratio: cold.stats.ms / readAll },
      { label: 'warm scan (nothing changed, median of 5)', value: `${warmMs.toFixed(0)} ms`, goal: `< ${WARM_GOAL_MS} ms`, ratio: warmMs / WARM_GOAL_MS, ok: warmMs < WARM_GOAL_MS },
      { label: 'warm scan vs stat of every file', value: `${(warmMs / statMs).toFixed(2)}×`, goal: `stat loop ${statMs.toFixed(0)} ms`, ratio: warmMs / statMs },
      { label: 'files read by a warm scan', value: String(warmReads), goal: '0', ok: warmReads === 0 },
    ]);
    if (warmReads !== 0) process.exitCode = 1;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

void main();
