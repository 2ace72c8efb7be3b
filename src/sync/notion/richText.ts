// Plain text ⇄ rich-text arrays within Notion's request limits.
import type { RichTextItemRequest } from '@notionhq/client/build/src/api-endpoints';

export const MAX_TEXT_CONTENT = 2000;
export const MAX_ARRAY_ITEMS = 100;

/** Splits text into pieces of at most `max` UTF-16 units, never inside a surrogate pair. */
export function splitText(text: string, max: number = MAX_TEXT_CONTENT): string[] {
  if (text.length <= max) return text === '' ? [] : [text];
  const parts: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + max);
    if (end < text.length) {
      const code = text.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end--; // keep the pair together
    }
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}

/** Rich text for a plain string: runs of ≤ 2,000 chars; throws past 100 runs. */
export function richTextFromString(text: string, what = 'text'): RichTextItemRequest[] {
  const parts = splitText(text);
  if (parts.length > MAX_ARRAY_ITEMS) {
    throw new RangeError(
      `${what} is ${text.length} characters; Notion accepts at most ${MAX_ARRAY_ITEMS * MAX_TEXT_CONTENT} in one value`,
    );
  }
  return parts.map((content) => ({ type: 'text', text: { content } }));
}

/** Concatenated `plain_text` of a rich-text array from a response. */
export function plainText(richText: readonly { plain_text?: string }[] | null | undefined): string {
  return (richText ?? []).map((r) => r.plain_text ?? '').join('');
}
