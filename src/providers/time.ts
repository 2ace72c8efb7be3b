// Short human times for tree descriptions, tooltips and the status bar.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 days ago" (past); "in 30 s", "in 4 min" (future). */
export function relativeTime(at: number, now: number): string {
  const delta = at - now;
  const abs = Math.abs(delta);
  const future = delta > 0;
  let amount: string;
  if (abs < 45_000) {
    if (!future) return 'just now';
    amount = `${Math.max(1, Math.round(abs / 1000))} s`;
  } else if (abs < HOUR) amount = `${Math.round(abs / MINUTE)} min`;
  else if (abs < DAY) amount = `${Math.round(abs / HOUR)} h`;
  else {
    const days = Math.round(abs / DAY);
    amount = `${days} day${days === 1 ? '' : 's'}`;
  }
  return future ? `in ${amount}` : `${amount} ago`;
}

/** Local date and time without seconds, e.g. "2026-11-24 23:41". */
export function absoluteTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
