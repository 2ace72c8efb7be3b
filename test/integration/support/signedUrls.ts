// Notion (and the emulator) sign hosted-file URLs anew on every read: tests that
// compare pulled text with Notion's current text compare it without the signature.
/** Drops X-Amz-* query parameters from every URL, and the emulator's port (it differs between emulators). */
export function unsigned(text: string): string {
  return text.replace(/https?:\/\/[^\s)"'<>]+/g, (url) => {
    const [base, query] = url.split('?');
    const kept = (query ?? '').split('&').filter((p) => p && !/^X-Amz-/i.test(p));
    return `${base.replace(/^http:\/\/127\.0\.0\.1:\d+\/files\//, 'http://emulator/files/')}${kept.length ? `?${kept.join('&')}` : ''}`;
  });
}
