// Jobs run one after another, each after the previous one ended (failed or not):
// reconfigurations must apply in the order their changes happened.
export class Serial {
  private chain: Promise<void> = Promise.resolve();

  /** Queues `job` behind the ones in flight; resolves or rejects with it. */
  run(job: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(job, job);
    return this.chain;
  }

  /** Resolves once every job queued so far has ended, whatever its outcome. */
  idle(): Promise<void> {
    return this.chain.catch(() => undefined);
  }
}
