// The workspace of the pull benchmarks (pull.bench.ts, notionToMd.bench.ts):
// sections of nested pages under the bench root, bodies of mixed sizes, made
// through the emulator's control API (which spends none of the API budget).
import { DEMO_IDS } from '../src/emulator/seed';
import type { EmulatorControl } from '../src/emulator/controlClient';

export const QUICK = process.argv.includes('--quick');
/** Rows of the bench database (the emulator's --rows). */
export const ROWS = QUICK ? 100 : 500;
export const SECTIONS = QUICK ? 10 : 50;
/** Pages per section, under each section page: sections × (1 + 9) pages. */
export const PER_SECTION = 9;
/** The emulator's median latency (its p99 four times that). */
export const LATENCY_MS = 150;

/** Bodies from a paragraph to ~25 KB: most pages small, some long. */
function body(i: number): string {
  const paragraphs = [1, 2, 4, 8, 16, 64, 160][i % 7] ?? 1;
  return Array.from({ length: paragraphs }, (_, p) => `## Part ${p}\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit ${i}-${p}. `.repeat(2)).join('\n');
}

export async function buildWorkspace(control: EmulatorControl, sections: number): Promise<void> {
  for (let s = 0; s < sections; s++) {
    const section = await control.createPage({ parentId: DEMO_IDS.benchRoot, title: `Section ${s}`, markdown: body(s) });
    for (let c = 0; c < PER_SECTION; c++) await control.createPage({ parentId: section.id, title: `Page ${s}.${c}`, markdown: body(s * PER_SECTION + c) });
  }
  // Model a workspace last edited a while ago (edit times are minute-rounded).
  await control.advanceClock(5 * 60_000);
}

