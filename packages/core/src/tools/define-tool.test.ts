import { Effect } from 'effect';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type Tool, type ToolContext } from './define-tool.js';
import { toolDefinitionsFor } from './tool-definitions.js';

const weather = defineTool({
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: z.object({
    city: z.string(),
    unit: z.enum(['c', 'f']).optional(),
    days: z.number().default(1),
  }),
  needsApproval: (args) => args.city === 'Atlantis',
  execute: ({ city, unit, days }) => ({ city, unit: unit ?? 'c', days }),
});

const context: Omit<ToolContext, 'signal'> = {
  callId: 'call_0',
  toolName: 'x',
  turnId: undefined,
  conversationId: undefined,
};

describe('defineTool types', () => {
  it('infers args from the zod schema (output side)', () => {
    defineTool({
      name: 't',
      description: 'd',
      parameters: z.object({
        city: z.string(),
        days: z.number().default(3),
        tag: z.string().optional(),
      }),
      execute: (args, ctx) => {
        expectTypeOf(args).toEqualTypeOf<{
          city: string;
          days: number;
          tag?: string | undefined;
        }>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        // @ts-expect-error: no such parameter
        return args.country;
      },
    });
    expectTypeOf(weather).toEqualTypeOf<
      Tool<{ city: string; unit?: 'c' | 'f' | undefined; days: number }>
    >();
  });

  it('types the approval predicate with the same args', () => {
    defineTool({
      name: 't',
      description: 'd',
      parameters: z.object({ amount: z.number() }),
      // @ts-expect-error: amount is a number
      needsApproval: (args) => args.amount.startsWith('1'),
      execute: () => 'ok',
    });
  });

  it('uses the declared type for raw JSON Schema parameters', () => {
    const tool = defineTool<{ q: string }>({
      name: 'search',
      description: 'd',
      parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ q: string }>();
        return args.q;
      },
    });
    expectTypeOf(tool).toEqualTypeOf<Tool<{ q: string }>>();
  });

  it('lets differently typed tools share one list', () => {
    const other = defineTool({
      name: 'o',
      description: 'd',
      parameters: z.object({ n: z.number() }),
      execute: () => 1,
    });
    const tools: readonly Tool[] = [weather, other];
    expect(tools).toHaveLength(2);
  });
});

describe('defineTool', () => {
  it('applies policy defaults and exposes the strict schema', () => {
    expect(weather.onError).toBe('return');
    expect(weather.onInvalidArguments).toBe('return');
    expect(weather.timeoutMs).toBeUndefined();
    expect(weather.strict).toBe(true);
    expect(weather.parameters).toMatchObject({
      required: ['city', 'unit', 'days'],
      additionalProperties: false,
    });
  });

  it('rejects invalid names', () => {
    for (const name of ['', 'has space', 'a'.repeat(65), 'dots.not.allowed']) {
      expect(() =>
        defineTool({ name, description: 'd', parameters: z.object({}), execute: () => 1 }),
      ).toThrow(/is invalid; use 1-64 characters/);
    }
    expect(
      defineTool({
        name: 'a'.repeat(64),
        description: 'd',
        parameters: z.object({}),
        execute: () => 1,
      }).name,
    ).toHaveLength(64);
  });

  it('rejects non-object parameters and non-positive timeouts', () => {
    expect(() =>
      defineTool({ name: 't', description: 'd', parameters: z.string(), execute: () => 1 }),
    ).toThrow(/parameters must be an object schema/);
    expect(() =>
      defineTool({
        name: 't',
        description: 'd',
        parameters: z.object({}),
        timeoutMs: 0,
        execute: () => 1,
      }),
    ).toThrow(/timeoutMs must be a positive/);
  });

  it('decides approval from the predicate, treating a throw as yes', () => {
    expect(weather.requiresApproval({ city: 'Oslo', days: 1 })).toBe(false);
    expect(weather.requiresApproval({ city: 'Atlantis', days: 1 })).toBe(true);
    const throwing = defineTool({
      name: 't',
      description: 'd',
      parameters: z.object({}),
      needsApproval: () => {
        throw new Error('no');
      },
      execute: () => 1,
    });
    expect(throwing.requiresApproval({})).toBe(true);
  });

  it('runs value, Promise and Effect handlers alike', async () => {
    const parameters = z.object({ n: z.number() });
    const plain = defineTool({
      name: 'a',
      description: 'd',
      parameters,
      execute: ({ n }) => n + 1,
    });
    const promised = defineTool({
      name: 'b',
      description: 'd',
      parameters,
      execute: async ({ n }) => n + 2,
    });
    const effect = defineTool({
      name: 'c',
      description: 'd',
      parameters,
      execute: ({ n }) => Effect.succeed(n + 3),
    });
    const failing = defineTool({
      name: 'e',
      description: 'd',
      parameters,
      execute: () => Effect.fail('nope'),
    });
    expect(await Effect.runPromise(plain.invoke({ n: 1 }, context))).toBe(2);
    expect(await Effect.runPromise(promised.invoke({ n: 1 }, context))).toBe(3);
    expect(await Effect.runPromise(effect.invoke({ n: 1 }, context))).toBe(4);
    expect(await Effect.runPromise(Effect.flip(failing.invoke({ n: 1 }, context)))).toBe('nope');
  });
});

describe('toolDefinitionsFor', () => {
  it('builds the Responses tools array', () => {
    const loose = defineTool({
      name: 'loose',
      description: 'Takes a map.',
      parameters: z.object({ m: z.record(z.string(), z.number()) }),
      execute: () => 1,
    });
    expect(toolDefinitionsFor([weather, loose])).toEqual([
      {
        type: 'function',
        name: 'get_weather',
        description: 'Current weather for a city.',
        parameters: weather.parameters,
        strict: true,
      },
      {
        type: 'function',
        name: 'loose',
        description: 'Takes a map.',
        parameters: loose.parameters,
        strict: false,
      },
    ]);
    expect(loose.strictReason).toMatch(/^m: /);
  });

  it('refuses duplicate names', () => {
    expect(() => toolDefinitionsFor([weather, weather])).toThrow(/Two tools are named get_weather/);
  });
});
