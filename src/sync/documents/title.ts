import * as path from 'node:path';
import type { Frontmatter } from './frontmatter';

/** Frontmatter `title`, else the first `# ` heading outside code fences, else the file name. */
export function documentTitle(frontmatter: Frontmatter, body: string, relPath: string): string {
  const fm = frontmatter.title;
  if ((typeof fm === 'string' && fm.trim() !== '') || typeof fm === 'number') return String(fm).trim();
  const heading = firstHeading(body);
  if (heading) return heading;
  return path.posix.basename(relPath).replace(/\.[^.]*$/, '');
}

function firstHeading(body: string): string | null {
  let fence: string | null = null;
  for (const line of body.split(/\r?\n/)) {
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const m = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (m && m[1].trim() !== '') return m[1].trim();
  }
  return null;
}
