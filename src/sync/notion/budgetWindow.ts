// Notion counts a connection's requests in fixed 60-second windows, each
// spendable in one burst; once a window is spent, the whole budget comes back
// at its reset. Notion never says when its window began, only (in a 429's
// Retry-After) when it resets. A BudgetWindow is the limiter's safe reading of
// one of Notion's, from two facts: a window begins with a request that arrives
// after the previous one ended, and a request arrives somewhere between its
// send and its answer. So:
//  - Notion's window began no later than the first answer to a request sent in
//    ours: the budget is spent again only from that answer + 60 s (`end`);
//  - it began no earlier than our first send in it (`startsBy`), so a request
//    answered later than that + 60 s may have counted in Notion's next window,
//    and is counted in our next one too (`counted`).
// Were Notion's windows on fixed boundaries instead (every minute, whatever is
// sent), a burst at our reset could still earn a 429; its Retry-After then
// says exactly when Notion resets, and the limiter starts a window there.

export const WINDOW_MS = 60_000;
/**
 * Added to a window's first send when no answer has come back yet to say
 * when Notion's window began (a request's arrival trails its send).
 */
export const WINDOW_SLACK_MS = 1_000;

export class BudgetWindow {
  /** Answers later than this may have counted in Notion's next window. */
  lateAfter: number;
  /** The first answer to one of its requests: Notion's window began by then. */
  firstAnswerAt: number | undefined;
  /** Requests sent (or reserved) in it. */
  used = 0;
  /** Of those, not answered yet. */
  inFlight = 0;
  /** Of those, answered (or failed) after `lateAfter`. */
  late = 0;

  /**
   * @param opensAt its first send (or Notion's reset, after a 429)
   * @param startsBy the earliest Notion's window can have begun
   * @param previous the window before, whose late requests count here too
   */
  constructor(
    readonly opensAt: number,
    startsBy: number,
    private previous: BudgetWindow | undefined,
  ) {
    this.lateAfter = startsBy + WINDOW_MS;
    // Only the window right before can still hand requests over.
    if (previous) previous.previous = undefined;
  }

  /** The window that follows this one, opening with a send at `at` (≥ end). */
  next(at: number): BudgetWindow {
    // Requests still out may land after Notion's reset, and Notion's next window may then begin with them.
    const startsBy = this.inFlight + this.late > 0 ? this.lateAfter : at;
    return new BudgetWindow(at, startsBy, this);
  }

  get previousWindow(): BudgetWindow | undefined {
    return this.previous;
  }

  /** When the budget comes back whole: 60 s after Notion's window began, at the latest. */
  get end(): number {
    return (this.firstAnswerAt ?? this.opensAt + WINDOW_SLACK_MS) + WINDOW_MS;
  }

  /**
   * What counts against this window's budget at `now`: its own requests, and
   * the previous window's that may have landed in it. A request still out
   * counts once it can no longer be answered in time; before that, a
   * reservation for this window assumes it will be, and the reservation is
   * checked again when it is due (fits()).
   */
  counted(now: number): number {
    const p = this.previous;
    return this.used + (p ? p.late + (now > p.lateAfter ? p.inFlight : 0) : 0);
  }

  /** Whether the requests reserved so far still fit the budget (checked when a reservation is due). */
  fits(now: number, budget: number): boolean {
    return this.counted(now) <= budget;
  }

  /** A request of this window was answered (`answered`: Notion sent a response) or failed, at `now`. */
  settle(now: number, answered: boolean): void {
    this.inFlight--;
    // A request that failed on the way (timeout, reset connection) may never have arrived: it dates nothing.
    if (answered && this.firstAnswerAt === undefined) this.firstAnswerAt = now;
    if (now > this.lateAfter) this.late++;
  }

  /** A reservation given up before its send (a push-back voided it). */
  release(): void {
    this.used--;
    this.inFlight--;
  }

  /** Notion said its window resets at `resetAt` (Retry-After, whole seconds, so up to 1 s early). */
  endsBy(resetAt: number): void {
    this.lateAfter = Math.min(this.lateAfter, resetAt - 1_000);
  }

  /** The window Notion starts at `resetAt`, after this one. */
  restart(resetAt: number): BudgetWindow {
    this.endsBy(resetAt);
    return new BudgetWindow(resetAt, resetAt - 1_000, this);
  }
}
