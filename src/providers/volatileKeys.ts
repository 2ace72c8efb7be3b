// Frontmatter Notion maintains by itself (the edit time, the URL that follows the
// title) changes on every Notion edit; in a diff against the local file it would
// show as a change nobody made. The read-only Notion side of a diff takes the
// local file's lines for these keys, so the diff shows only real changes.
// Pure: no `vscode`.

export const VOLATILE_KEYS = ['notion_last_edited', 'notion_url'] as const;

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---(\r?\n|$)/;

function volatileLines(frontmatter: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of frontmatter.split(/\r?\n/)) {
    const key = VOLATILE_KEYS.find((k) => line.startsWith(`${k}:`));
    if (key) out.set(key, line);
  }
  return out;
}

/** `shown` with its volatile frontmatter lines replaced by those of `local` (where both have the key). */
export function alignVolatileKeys(shown: string, local: string | undefined): string {
  const theirs = FRONTMATTER.exec(shown);
  const ours = local === undefined ? null : FRONTMATTER.exec(local);
  if (!theirs || !ours) return shown;
  const wanted = volatileLines(ours[1] ?? '');
  const aligned = (theirs[1] ?? '')
    .split(/(\r?\n)/)
    .map((part) => {
      const key = VOLATILE_KEYS.find((k) => part.startsWith(`${k}:`));
      return key && wanted.has(key) ? (wanted.get(key) as string) : part;
    })
    .join('');
  return `---\n${aligned}\n---${theirs[2] ?? ''}${shown.slice(theirs[0].length)}`;
}
