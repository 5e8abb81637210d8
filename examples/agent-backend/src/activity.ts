/**
 * One send in progress on a conversation: the turns it has started so far (in order), whether
 * it waits for a person, and how it ended. Readers wait for the next change with a version
 * number, so no change between a check and a wait is missed.
 */
import type { Conversation, MachinePendingApproval, TurnHandle } from '@weft/core';

/** Where a send is. */
export type ActivityStatus = 'running' | 'awaitingApproval' | 'done' | 'failed';

/** The error a failed send shows (the tag and the message only). */
export interface ActivityError {
  readonly tag: string;
  readonly message: string;
}

/** A send the page can follow and re-attach to. */
export class Activity {
  readonly turnIds: string[] = [];
  status: ActivityStatus = 'running';
  approvals: readonly MachinePendingApproval[] = [];
  error: ActivityError | undefined;
  /** Bumped by every change. */
  version = 0;
  private readonly waiters = new Set<() => void>();

  /** True while the send has not ended. */
  get active(): boolean {
    return this.status === 'running' || this.status === 'awaitingApproval';
  }

  /** Follows a send's milestones until it ends. Never rejects. */
  async follow(handle: TurnHandle): Promise<void> {
    try {
      for await (const event of handle.events()) {
        if (event.type === 'turn.started') {
          this.turnIds.push(event.turnId);
          this.change(() => (this.status = 'running'));
        } else if (event.type === 'approval.requested') {
          this.change(() => {
            this.status = 'awaitingApproval';
            this.approvals = event.calls;
          });
        }
      }
      await handle.result;
      this.change(() => (this.status = 'done'));
    } catch (error) {
      const tag = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      this.change(() => {
        this.status = 'failed';
        this.error = { tag, message };
      });
    }
  }

  /**
   * Follows a send picked up from the store after a restart, which has no handle: the
   * conversation's machine, its current turns and approvals, until it rests. Never rejects.
   */
  followConversation(convo: Conversation): Promise<void> {
    return new Promise<void>((resolve) => {
      let ended = false;
      const seen = (): void => {
        if (ended) return;
        const { context } = convo.actor.getSnapshot();
        const state = convo.state;
        const turnId = context.currentTurnId;
        if (turnId !== null && !this.turnIds.includes(turnId)) {
          this.change(() => this.turnIds.push(turnId));
        }
        if (state === 'awaitingApproval') {
          const calls = convo.pendingApprovals;
          if (this.status !== 'awaitingApproval' || calls.length !== this.approvals.length) {
            this.change(() => {
              this.status = 'awaitingApproval';
              this.approvals = calls;
            });
          }
          return;
        }
        if (state === 'idle' || state === 'failed' || state === 'cancelled') {
          ended = true;
          subscription.unsubscribe();
          const error = context.lastError as { tag?: unknown; message?: unknown } | null;
          this.change(() => {
            this.status = state === 'idle' ? 'done' : 'failed';
            if (state !== 'idle') {
              this.error = {
                tag: typeof error?.tag === 'string' ? error.tag : 'Cancelled',
                message: typeof error?.message === 'string' ? error.message : 'The send ended.',
              };
            }
          });
          resolve();
          return;
        }
        if (this.status !== 'running') this.change(() => (this.status = 'running'));
      };
      const subscription = convo.actor.subscribe(seen);
      seen();
    });
  }

  /** A person decided a call: the calls still waiting, or none (the send runs again). */
  decided(stillPending: readonly MachinePendingApproval[]): void {
    this.change(() => {
      this.approvals = stillPending;
      if (stillPending.length === 0) this.status = 'running';
    });
  }

  /** Resolves once `version` has moved past `seen`, or when `signal` aborts. */
  async changedSince(seen: number, signal: AbortSignal): Promise<void> {
    if (this.version !== seen || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private change(apply: () => void): void {
    apply();
    this.version++;
    for (const wake of [...this.waiters]) wake();
  }
}
