import { join } from 'node:path';
import * as fc from 'fast-check';
import type { InputItem, OutputItem, TurnStoreShape } from '@weft/core';
import { openSqliteStore } from '@weft/store-sqlite';
import { Effect } from 'effect';
import type { FuzzTarget } from './fuzz-target.js';
import { PropertyViolation } from './fuzz-target.js';
import { junk, mutateJson, mutateText } from './junk.js';

/** Writes a small conversation (three turns, events, a branch) straight through the store port. */
function seedConversation(turns: TurnStoreShape): Effect.Effect<void, unknown> {
  return Effect.gen(function* () {
    yield* turns.createConversation({
      id: 'conv_source',
      title: 'Source',
      metadata: { k: 'v' },
      createdAt: 1,
    });
    let parent: string | null = null;
    for (let i = 0; i < 3; i++) {
      const id = `turn_${i}`;
      const input: InputItem[] = [{ role: 'user', content: `question ${i}` }];
      yield* turns.beginTurn({
        id,
        conversationId: 'conv_source',
        parentId: parent,
        request: { input, params: { model: 'gpt-5' } },
        contextStrategy: 'local',
        executionStrategy: 'stream',
        createdAt: 10 + i,
      });
      const output: OutputItem[] = [
        {
          type: 'message',
          id: `msg_${i}`,
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: `answer ${i}`, annotations: [] }],
        } as unknown as OutputItem,
      ];
      yield* turns.appendEvents(id, [
        {
          event: { type: 'created', turnId: id, responseId: `resp_${i}`, status: 'in_progress' },
          at: 11 + i,
        },
      ]);
      yield* turns.completeTurn(id, {
        status: 'completed',
        responseId: `resp_${i}`,
        output,
        usage: null,
        completedAt: 12 + i,
      });
      const conversation = yield* turns.getConversation('conv_source');
      yield* turns.setHead('conv_source', conversation.version, id, 13 + i);
      parent = id;
    }
  });
}

/**
 * Mutated lines of a real export (and garbage) through `importJsonl`: each must import or fail
 * with a typed error, and a failed import must leave the store exactly as it was.
 */
export const importTarget: FuzzTarget = {
  name: 'import-files',
  async setup(env) {
    const source = openSqliteStore({ path: join(env.workDir, 'import-source.db') });
    await Effect.runPromise(seedConversation(source.turns));
    const exported = await Effect.runPromise(source.exportJsonl({ conversationId: 'conv_source' }));
    source.close();
    const lines = exported.split('\n').filter((l) => l !== '');
    const records = lines.map((l) => JSON.parse(l) as unknown);
    const target = openSqliteStore({ path: join(env.workDir, 'import-target.db') });
    const lineEdit = fc.record({
      line: fc.nat({ max: lines.length - 1 }),
      action: fc.constantFrom(
        'mutate-record',
        'mutate-text',
        'drop',
        'duplicate',
        'swap',
        'garbage',
      ),
      other: fc.nat({ max: lines.length - 1 }),
    });
    const arbitrary = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.array(lineEdit, { minLength: 1, maxLength: 3 }).chain((edits) =>
          fc
            .tuple(
              ...edits.map((e) => {
                const original = lines[e.line] ?? '';
                if (e.action === 'mutate-record')
                  return mutateJson(records[e.line]).map((v) => ({
                    e,
                    text: JSON.stringify(v) ?? '',
                  }));
                if (e.action === 'mutate-text')
                  return mutateText(original).map((text) => ({ e, text }));
                if (e.action === 'garbage')
                  return junk.map((v) => ({ e, text: JSON.stringify(v) ?? '' }));
                return fc.constant({ e, text: original });
              }),
            )
            .map((applied) => {
              const out = [...lines];
              for (const { e, text } of applied) {
                if (e.action === 'drop') out.splice(e.line, 1);
                else if (e.action === 'duplicate') out.splice(e.line, 0, out[e.line] ?? '');
                else if (e.action === 'swap')
                  [out[e.line], out[e.other]] = [out[e.other] ?? '', out[e.line] ?? ''];
                else out[e.line] = text;
              }
              return `${out.join('\n')}\n`;
            }),
        ),
      },
      { weight: 1, arbitrary: mutateText(exported) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    );
    return {
      arbitrary,
      async run(text: string) {
        const before = await Effect.runPromise(target.exportJsonl());
        const imported = await Effect.runPromise(Effect.result(target.importJsonl(text)));
        if (imported._tag === 'Success') return;
        const after = await Effect.runPromise(target.exportJsonl());
        if (after !== before) throw new PropertyViolation('a failed import changed the store');
        throw imported.failure;
      },
      close() {
        target.close();
        return Promise.resolve();
      },
    };
  },
};
