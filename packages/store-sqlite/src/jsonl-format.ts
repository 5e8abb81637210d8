/**
 * The Weft JSONL export format: a header line, then one record per line.
 *
 * ```
 * {"format":"weft.jsonl","version":1}
 * {"type":"conversation","data":{…ConversationRecord}}
 * {"type":"turn","data":{…Turn}}            parents before children
 * {"type":"event","data":{…StoredEvent}}
 * {"type":"job","data":{…Job}}
 * {"type":"snapshot","data":{…StoredSnapshot}}
 * ```
 *
 * @module
 */
import {
  type Job,
  StorageError,
  type StoredEvent,
  type StoredSnapshot,
  type Turn,
} from '@weft/core';
import type { ConversationRecord } from './internal/records.js';

/** The `format` field of the header line. */
export const jsonlFormat = 'weft.jsonl';

/** The format version this build writes and the newest it reads. */
export const jsonlVersion = 1;

/** The header line's value. */
export interface JsonlHeader {
  readonly format: typeof jsonlFormat;
  readonly version: number;
}

/** One record line's value. */
export type JsonlRecord =
  | { readonly type: 'conversation'; readonly data: ConversationRecord }
  | { readonly type: 'turn'; readonly data: Turn }
  | { readonly type: 'event'; readonly data: StoredEvent }
  | { readonly type: 'job'; readonly data: Job }
  | { readonly type: 'snapshot'; readonly data: StoredSnapshot };

/** Every record of a file, grouped by type, in file order. */
export interface JsonlContents {
  readonly conversations: ConversationRecord[];
  readonly turns: Turn[];
  readonly events: StoredEvent[];
  readonly jobs: Job[];
  readonly snapshots: StoredSnapshot[];
}

const refuse = (detail: string) => new StorageError({ operation: 'importJsonl', detail });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw refuse(`line ${lineNumber} is not valid JSON; the file is truncated or was edited`);
  }
}

/** Checks the header line; refuses other formats and newer versions with what to do. */
export function checkHeader(value: unknown): void {
  if (!isObject(value) || value['format'] !== jsonlFormat) {
    throw refuse(
      `the first line is not a Weft export header ({"format":"${jsonlFormat}",…}); pass a file written by exportJsonl`,
    );
  }
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw refuse('the export header has no valid version; pass a file written by exportJsonl');
  }
  if (version > jsonlVersion) {
    throw refuse(
      `the file was written by a newer Weft (format version ${version}, this build reads up to ${jsonlVersion}); upgrade @weft/store-sqlite to import it`,
    );
  }
}

/** Parses a whole export; `StorageError` naming the line for anything malformed. */
export function parseJsonl(text: string): JsonlContents {
  const lines = text.split('\n');
  const contents: JsonlContents = {
    conversations: [],
    turns: [],
    events: [],
    jobs: [],
    snapshots: [],
  };
  let sawHeader = false;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const value = parseLine(line, index + 1);
    if (!sawHeader) {
      checkHeader(value);
      sawHeader = true;
      continue;
    }
    if (!isObject(value) || !isObject(value['data'])) {
      throw refuse(`line ${index + 1} is not a record ({"type":…,"data":{…}})`);
    }
    const data = value['data'];
    const hasString = (key: string) => typeof data[key] === 'string';
    switch (value['type']) {
      case 'conversation':
        if (hasString('id')) contents.conversations.push(data as unknown as ConversationRecord);
        else throw refuse(`line ${index + 1}: a conversation without an id`);
        break;
      case 'turn':
        if (hasString('id') && isObject(data['timings']))
          contents.turns.push(data as unknown as Turn);
        else throw refuse(`line ${index + 1}: a turn without an id or timings`);
        break;
      case 'event':
        if (hasString('turnId')) contents.events.push(data as unknown as StoredEvent);
        else throw refuse(`line ${index + 1}: an event without a turnId`);
        break;
      case 'job':
        if (hasString('id')) contents.jobs.push(data as unknown as Job);
        else throw refuse(`line ${index + 1}: a job without an id`);
        break;
      case 'snapshot':
        if (hasString('key')) contents.snapshots.push(data as unknown as StoredSnapshot);
        else throw refuse(`line ${index + 1}: a snapshot without a key`);
        break;
      default:
        throw refuse(
          `line ${index + 1} has an unknown record type; the file may come from a newer Weft — upgrade @weft/store-sqlite`,
        );
    }
  }
  if (!sawHeader) throw refuse('the file is empty; pass a file written by exportJsonl');
  return contents;
}

/** One line of the file (without the newline). */
export function formatLine(value: JsonlHeader | JsonlRecord): string {
  return JSON.stringify(value);
}
