import { createHash } from 'node:crypto';

/**
 * The text that content hashes are taken of: no BOM, LF line ends, no trailing
 * whitespace on lines, exactly one final newline (none for empty text). Editors
 * and Notion round trips change these without changing what the user wrote.
 */
export function normaliseMarkdown(text: string): string {
  const s = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+$/gm, '')
    .replace(/\n+$/, '');
  return s === '' ? '' : s + '\n';
}

/** sha-256 hex of `normaliseMarkdown(text)`. */
export function hashContent(text: string): string {
  return createHash('sha256').update(normaliseMarkdown(text), 'utf8').digest('hex');
}
