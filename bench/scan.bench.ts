// npx tsx bench/scan.bench.ts [files]
// Creates N markdown files (default 5,000) in a temp dir, then times a first
// scan (reads everything) and a no-change rescan (one stat per file, no reads).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scanWorkspace, toPrevious } from '../src/sync/documents/scanner';

const FILES = Number(process.argv[2] ?? 5000);
// Budgets, scaled to the file count: a rescan with nothing changed must stay
// interactive (it runs on every save / poll); a first scan may take longer.
const RESCAN_LIMIT_MS = (500 * FILES) / 5000;
const FIRST_LIMIT_MS = (5000 * FILES) / 5000;

async function main(): Promise<void> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'ns-scan-bench-'));
  try {
    const perDir = 100;
    for (let d = 0; d * perDir < FILES; d++) {
      const dir = path.join(root, `area-${d % 10}`, `folder-${d}`);
      await fs.mkdir(dir, { recursive: true });
      const n = Math.min(perDir, FILES - d * perDir);
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          fs.writeFile(
            path.join(dir, `page-${i}.md`),
            `---\nnotion_id: ${d.toString(16).padStart(8, '0')}-0000-0000-0000-${i.toString(16).padStart(12, '0')}\ntitle: Page ${d}/${i}\ntags: [bench, t${i % 7}]\n---\n\n# Page ${d}/${i}\n\n${'Lorem ipsum dolor sit amet. '.repeat(20)}\n`,
          ),
        ),
      );
    }
    const opts = { root, include: ['**/*.md'], exclude: ['**/node_modules/**'] };

    const first = await scanWorkspace(opts);
    const previous = toPrevious(first.documents);
    // Median of 5 rescans: the machine is shared, single runs are noisy.
    const rescans = [];
    for (let i = 0; i < 5; i++) rescans.push(await scanWorkspace({ ...opts, previous }));
    rescans.sort((a, b) => a.stats.ms - b.stats.ms);
    const rescan = rescans[2];
    if (first.documents.length !== FILES || rescans.some((r) => r.stats.read !== 0 || r.documents.length !== FILES)) throw new Error('unexpected scan result');

    const row = (label: string, ms: number, read: number, limit: number) =>
      `${label.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms  ${Math.round((FILES / ms) * 1000).toString().padStart(8)} files/s  read ${String(read).padStart(5)}  limit ${limit.toFixed(0)} ms  ratio ${(ms / limit).toFixed(2)}`;
    console.log(`scan bench: ${FILES} markdown files, node ${process.version}, ${os.cpus().length} cpu`);
    console.log(row('first scan', first.stats.ms, first.stats.read, FIRST_LIMIT_MS));
    console.log(row('no-change rescan (med)', rescan.stats.ms, rescan.stats.read, RESCAN_LIMIT_MS));
    const ok = rescan.stats.ms < RESCAN_LIMIT_MS && first.stats.ms < FIRST_LIMIT_MS;
    console.log(ok ? 'within limits' : 'OVER LIMIT');
    process.exitCode = ok ? 0 : 1;
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

void main();
