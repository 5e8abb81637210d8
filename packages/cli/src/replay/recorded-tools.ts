import { defineTool, type JsonSchema, type Tool, type Turn } from '@weft/core';

interface RecordedCall {
  readonly name: string;
  readonly arguments: string;
  readonly output: string;
}

/**
 * Tools rebuilt from a recorded branch: the function tools its requests declared, whose handlers
 * answer with the outputs the branch recorded — first the output of a call with the same name and
 * arguments, else the next output recorded for that tool, else an error the model can read.
 * Handlers are not stored, so this is how `weft replay` and `weft rerun` let tool loops run.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tools of any argument type
export function recordedTools(chain: readonly Turn[]): Tool<any>[] {
  const calls = recordedCalls(chain);
  const byExact = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  for (const call of calls) {
    push(byExact, `${call.name}\u0000${normalise(call.arguments)}`, call.output);
    push(byName, call.name, call.output);
  }
  const declared = new Map<
    string,
    { description: string; parameters: JsonSchema; strict: boolean | undefined }
  >();
  for (const turn of chain) {
    for (const tool of (turn.request.params.tools ?? []) as unknown as readonly Record<
      string,
      unknown
    >[]) {
      if (
        tool['type'] !== 'function' ||
        typeof tool['name'] !== 'string' ||
        declared.has(tool['name'])
      )
        continue;
      declared.set(tool['name'], {
        description: typeof tool['description'] === 'string' ? tool['description'] : tool['name'],
        parameters: (tool['parameters'] ?? { type: 'object', properties: {} }) as JsonSchema,
        strict: typeof tool['strict'] === 'boolean' ? tool['strict'] : undefined,
      });
    }
  }
  return [...declared].map(([name, d]) =>
    defineTool<unknown>({
      name,
      description: d.description,
      parameters: d.parameters,
      ...(d.strict === undefined ? {} : { strict: d.strict }),
      execute: (args) => {
        const exact = byExact.get(`${name}\u0000${normalise(JSON.stringify(args))}`)?.shift();
        const output = exact ?? byName.get(name)?.shift();
        if (exact !== undefined) removeFirst(byName.get(name), exact);
        return (
          output ?? JSON.stringify({ error: `no recorded output of ${name} for these arguments` })
        );
      },
    }),
  );
}

function recordedCalls(chain: readonly Turn[]): RecordedCall[] {
  const outputs = new Map<string, string[]>();
  for (const turn of chain) {
    for (const item of turn.request.input as unknown as readonly Record<string, unknown>[]) {
      if (item['type'] === 'function_call_output' && typeof item['call_id'] === 'string') {
        push(
          outputs,
          item['call_id'],
          typeof item['output'] === 'string' ? item['output'] : JSON.stringify(item['output']),
        );
      }
    }
  }
  const calls: RecordedCall[] = [];
  for (const turn of chain) {
    for (const item of turn.output as unknown as readonly Record<string, unknown>[]) {
      if (
        item['type'] !== 'function_call' ||
        typeof item['call_id'] !== 'string' ||
        typeof item['name'] !== 'string'
      )
        continue;
      const output = outputs.get(item['call_id'])?.shift();
      if (output === undefined) continue;
      calls.push({
        name: item['name'],
        arguments: typeof item['arguments'] === 'string' ? item['arguments'] : '{}',
        output,
      });
    }
  }
  return calls;
}

function normalise(json: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(json)));
  } catch {
    return json;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function removeFirst(list: string[] | undefined, value: string): void {
  const i = list?.indexOf(value) ?? -1;
  if (i >= 0) list?.splice(i, 1);
}
