import { Effect } from 'effect';
import { describe, expect, it } from 'vitest';
import { makeMemoryStores } from '../memory/memory-stores.js';
import { conversationMachineJSON } from './machine-json.js';
import { memoryOtel } from './otel.test-support.js';
import { resolveTelemetry } from './telemetry.js';
import { instrumentStore } from './traced-store.js';

const newConversation = (id: string) => ({ id, title: null, metadata: {}, createdAt: 1 });

describe('instrumentStore', () => {
  it('makes a span per operation at or above the threshold, and counts conflicts', async () => {
    const otel = memoryOtel();
    const telemetry = resolveTelemetry({ tracer: otel.tracer, meter: otel.meter });
    const turns = instrumentStore(makeMemoryStores().turns, telemetry, { thresholdMs: 0 });
    await Effect.runPromise(turns.createConversation(newConversation('c1')));
    const conflict = await Effect.runPromise(
      Effect.flip(turns.createConversation(newConversation('c1'))),
    );
    expect(conflict).toMatchObject({ _tag: 'Conflict' });
    const names = otel.spans().map((s) => s.name);
    expect(names).toEqual([
      'weft.store.turns.createConversation',
      'weft.store.turns.createConversation',
    ]);
    expect(otel.spans()[1]!.attributes['error.type']).toBe('Conflict');
    const conflicts = (await otel.metrics()).get('weft.conflicts')?.dataPoints ?? [];
    expect(conflicts[0]).toMatchObject({ value: 1 });
  });

  it('makes no span for operations under the threshold', async () => {
    const otel = memoryOtel();
    const telemetry = resolveTelemetry({ tracer: otel.tracer, meter: otel.meter });
    const turns = instrumentStore(makeMemoryStores().turns, telemetry, { thresholdMs: 60_000 });
    await Effect.runPromise(turns.createConversation(newConversation('c1')));
    expect(otel.spans()).toEqual([]);
  });
});

describe('conversationMachineJSON', () => {
  it('exports the machine definition as JSON', () => {
    const json = conversationMachineJSON();
    const states = Object.keys(json['states'] as Record<string, unknown>);
    expect(states).toEqual(
      expect.arrayContaining([
        'idle',
        'preparing',
        'running',
        'toolCalls',
        'retrying',
        'failed',
        'cancelled',
      ]),
    );
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
