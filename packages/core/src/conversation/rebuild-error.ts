import { Cancelled, OutputValidation, ResponseFailed, ToolRoundsExceeded } from '../errors.js';
import type { TurnError } from '../domain/turn.js';

/** An error recorded as `{ tag, message }` (e.g. from a persisted snapshot) */
export class RecordedError extends Error {
  readonly _tag: string;
  constructor(error: TurnError) {
    super(error.message);
    this._tag = error.tag;
    this.name = error.tag;
  }
}

/**
 * Turns a recorded `{ tag, message }` back into an error a caller can match on. Tags whose data is
 * known from the record become their real class; others keep tag and message.
 */
export function rebuildError(error: TurnError, turnId?: string | null): unknown {
  switch (error.tag) {
    case 'Cancelled':
      return new Cancelled({ turnId: turnId ?? undefined, reason: error.message });
    case 'ToolRoundsExceeded': {
      const bound = Number(/more than (\d+)/.exec(error.message)?.[1] ?? 0);
      return new ToolRoundsExceeded({ maxToolRounds: bound, turnId: turnId ?? undefined });
    }
    case 'OutputValidation':
      return new OutputValidation({ turnId: turnId ?? undefined, issues: [error.message], text: '' });
    case 'ResponseFailed':
      return new ResponseFailed({ responseId: undefined, code: undefined, detail: error.message });
    default:
      return new RecordedError(error);
  }
}
