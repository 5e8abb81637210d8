/**
 * The conversations of the service, scoped by owner. Every operation first checks that the
 * conversation belongs to the caller; a conversation of someone else is reported exactly like
 * one that does not exist, so ids cannot be probed.
 */
import type { Conversation, ConversationRecord, Weft } from '@weft/core';
import { Effect } from 'effect';
import { Activity } from './activity.js';
import { turnMessages, type ChatMessage } from './transcript.js';

/** A refusal with its HTTP status and a message for the page. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 429,
    message: string,
  ) {
    super(message);
  }
}

const notFound = () => new HttpError(404, 'No such conversation.');

/**
 * The metadata key marking a conversation whose send has not ended: set before the send starts and
 * cleared when it ends, so a restarted service finds the sends the last process left in flight.
 */
export const sendingKey = 'sending';

/** What the page loads for one conversation. */
export interface ConversationView {
  readonly id: string;
  readonly title: string | null;
  /** Every finished message; the turns of a send in progress come through the event stream. */
  readonly messages: readonly ChatMessage[];
  /** A send in progress: open the event stream to follow it from its first turn. */
  readonly active: boolean;
  readonly pendingApprovals: readonly {
    readonly callId: string;
    readonly name: string;
    readonly arguments: string;
  }[];
  readonly error: { readonly tag: string; readonly message: string } | null;
}

/** A conversation in the visitor's list. */
export interface ConversationSummary {
  readonly id: string;
  readonly title: string | null;
  readonly updatedAt: number;
}

/** Conversations of a Weft, with owners. */
export class ChatService {
  private readonly live = new Map<string, Promise<Conversation>>();
  private readonly activities = new Map<string, Activity>();

  constructor(private readonly weft: Weft) {}

  /** Starts an empty conversation owned by `owner`. */
  async create(owner: string): Promise<ConversationSummary> {
    const convo = await this.weft.conversation({ metadata: { owner } });
    this.live.set(convo.id, Promise.resolve(convo));
    return { id: convo.id, title: null, updatedAt: Date.now() };
  }

  /** The owner's conversations, newest first. */
  async list(owner: string): Promise<readonly ConversationSummary[]> {
    const page = await this.weft.list({ metadata: { owner }, limit: 50 });
    return page.items.map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt }));
  }

  /** The conversation's messages and state. */
  async view(owner: string, id: string): Promise<ConversationView> {
    const record = await this.owned(owner, id);
    const activity = this.activities.get(id);
    const inFlight = new Set(activity?.active === true ? activity.turnIds : []);
    const chain =
      record.headTurnId === null
        ? []
        : await Effect.runPromise(this.weft.store.turns.readChain(record.headTurnId));
    return {
      id,
      title: record.title,
      messages: turnMessages(chain.filter((t) => !inFlight.has(t.id))),
      active: activity?.active === true,
      pendingApprovals: activity?.status === 'awaitingApproval' ? activity.approvals : [],
      error: activity?.status === 'failed' ? (activity.error ?? null) : null,
    };
  }

  /** Sends the visitor's message; the answer is followed through {@link activity}. */
  async send(owner: string, id: string, text: string): Promise<void> {
    const record = await this.owned(owner, id);
    if (this.activities.get(id)?.active === true) {
      throw new HttpError(
        409,
        'An answer is still on its way; wait for it or approve the pending call.',
      );
    }
    const convo = await this.conversation(id);
    const title =
      record.title !== null ? {} : { title: text.length > 60 ? `${text.slice(0, 59)}…` : text };
    await Effect.runPromise(
      this.weft.store.turns.updateConversation(id, {
        ...title,
        metadata: { ...record.metadata, [sendingKey]: true },
        updatedAt: Date.now(),
      }),
    );
    this.track(id, (activity) => activity.follow(convo.send(text)));
  }

  /**
   * After a restart: picks up every send the last process left in flight. A stream turn the stop
   * cut off is sent again (`retry()`: the server kept nothing of it to resume), a background turn
   * carries on from its job, a send waiting for approval waits again. Returns the conversations.
   */
  async resumeInFlight(): Promise<readonly string[]> {
    const marked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.weft.list({ metadata: { [sendingKey]: true }, limit: 100, cursor });
      marked.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const resumed: string[] = [];
    for (const id of marked) {
      const convo = await this.conversation(id);
      if (convo.state === 'failed') {
        this.track(id, (activity) => activity.follow(convo.retry()));
      } else if (convo.state === 'idle' || convo.state === 'cancelled') {
        // It ended (or never started) before the stop; only the mark was left.
        await this.markSettled(id);
        continue;
      } else {
        this.track(id, (activity) => activity.followConversation(convo));
      }
      resumed.push(id);
    }
    return resumed;
  }

  /** Follows a send as a new activity; the in-flight mark is cleared once it ends. */
  private track(id: string, follow: (activity: Activity) => Promise<void>): void {
    const activity = new Activity();
    this.activities.set(id, activity);
    void follow(activity).then(() => this.markSettled(id));
  }

  /** Clears the in-flight mark; a store already closed (the service stopping) keeps it for the next start. */
  private async markSettled(id: string): Promise<void> {
    await Effect.runPromise(
      this.weft.store.turns.getConversation(id).pipe(
        Effect.flatMap((record) =>
          this.weft.store.turns.updateConversation(id, {
            metadata: { ...record.metadata, [sendingKey]: false },
            updatedAt: Date.now(),
          }),
        ),
        Effect.ignore,
      ),
    );
  }

  /** The send in progress (or the last one) of a conversation the owner holds. */
  async activity(owner: string, id: string): Promise<Activity | undefined> {
    await this.owned(owner, id);
    return this.activities.get(id);
  }

  /** Approves or rejects a call that waits for a person. */
  async decide(
    owner: string,
    id: string,
    callId: string,
    approved: boolean,
    reason?: string,
  ): Promise<void> {
    await this.owned(owner, id);
    const activity = this.activities.get(id);
    const convo = await this.conversation(id);
    if (activity === undefined || !convo.pendingApprovals.some((c) => c.callId === callId)) {
      throw new HttpError(404, 'No call with this id waits for approval.');
    }
    if (approved) convo.approve(callId);
    else convo.reject(callId, reason);
    activity.decided(convo.pendingApprovals);
  }

  /** A new conversation of the same owner whose head is `turnId` (default: the head). */
  async fork(owner: string, id: string, turnId?: string): Promise<ConversationSummary> {
    const record = await this.owned(owner, id);
    const head = record.headTurnId;
    if (head === null) throw new HttpError(409, 'An empty conversation cannot be forked.');
    const at = turnId ?? head;
    // Only a turn on this conversation's own path may be forked, never one reached by id alone.
    const chain = await Effect.runPromise(this.weft.store.turns.readChain(head));
    if (!chain.some((t) => t.id === at))
      throw new HttpError(404, 'No such turn in this conversation.');
    const title = record.title === null ? null : `${record.title} (fork)`;
    const convo = await this.weft.fork(
      { turnId: at },
      { metadata: { owner }, ...(title === null ? {} : { title }) },
    );
    this.live.set(convo.id, Promise.resolve(convo));
    return { id: convo.id, title, updatedAt: Date.now() };
  }

  /** Stops every live conversation. */
  async close(): Promise<void> {
    await this.weft.close();
  }

  private async owned(owner: string, id: string): Promise<ConversationRecord> {
    const record = await Effect.runPromise(
      this.weft.store.turns
        .getConversation(id)
        .pipe(Effect.catchTag('NotFound', () => Effect.succeed(undefined))),
    );
    if (record?.metadata['owner'] !== owner) throw notFound();
    return record;
  }

  private conversation(id: string): Promise<Conversation> {
    let convo = this.live.get(id);
    if (convo === undefined) {
      convo = this.weft.open(id);
      this.live.set(id, convo);
      convo.catch(() => this.live.delete(id));
    }
    return convo;
  }
}
