/**
 * The step graph of a definition: which step leads where, which steps run inside a parallel or
 * map step, and what can run before what.
 *
 * @module
 */
import type { StepDefinition, WorkflowDefinition } from './schema.js';

/** An edge of the step graph, with the dotted path of the field that declares it. */
export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly path: string;
  readonly kind: 'next' | 'error' | 'member' | 'body';
}

/** Steps that can fail and so need an error path. */
export const fallibleKinds: ReadonlySet<StepDefinition['type']> = new Set([
  'model',
  'tool',
  'workflow',
  'parallel',
  'map',
]);

/** Step kinds allowed as a parallel branch or a map body. */
export const memberKinds: ReadonlySet<StepDefinition['type']> = new Set([
  'model',
  'tool',
  'workflow',
]);

/** The step a failing step goes to: its own `onError`, else the workflow's. */
export function errorTarget(
  def: Pick<WorkflowDefinition, 'onError'>,
  step: StepDefinition,
): string | undefined {
  if (!fallibleKinds.has(step.type)) return undefined;
  return ('onError' in step ? step.onError : undefined) ?? def.onError;
}

/** Member step → the parallel or map step that runs it. */
export function containers(def: Pick<WorkflowDefinition, 'steps'>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [name, step] of Object.entries(def.steps)) {
    const members =
      step.type === 'parallel' ? step.branches : step.type === 'map' ? [step.step] : [];
    for (const m of members) if (!owners.has(m)) owners.set(m, name);
  }
  return owners;
}

/** The outgoing edges of one step. Members lead where their container leads. */
export function edgesOf(def: Pick<WorkflowDefinition, 'steps' | 'onError'>, name: string): Edge[] {
  const step = def.steps[name];
  if (step === undefined) return [];
  const at = (field: string): string => `steps.${name}.${field}`;
  const edges: Edge[] = [];
  const onError = errorTarget(def, step);
  const errorPath = 'onError' in step && step.onError !== undefined ? at('onError') : 'onError';
  switch (step.type) {
    case 'model':
    case 'tool':
    case 'workflow': {
      const owner = containers(def).get(name);
      const container = owner === undefined ? undefined : def.steps[owner];
      if (
        owner !== undefined &&
        container !== undefined &&
        'next' in container &&
        container.next !== undefined
      ) {
        edges.push({ from: name, to: container.next, path: `steps.${owner}.next`, kind: 'next' });
        const ownerError = errorTarget(def, container);
        if (ownerError !== undefined)
          edges.push({ from: name, to: ownerError, path: `steps.${owner}.onError`, kind: 'error' });
        break;
      }
      if (step.next !== undefined)
        edges.push({ from: name, to: step.next, path: at('next'), kind: 'next' });
      if (onError !== undefined)
        edges.push({ from: name, to: onError, path: errorPath, kind: 'error' });
      break;
    }
    case 'branch':
      step.cases.forEach((c, i) =>
        edges.push({ from: name, to: c.next, path: at(`cases.${i}.next`), kind: 'next' }),
      );
      edges.push({ from: name, to: step.default, path: at('default'), kind: 'next' });
      break;
    case 'loop':
      edges.push({ from: name, to: step.body, path: at('body'), kind: 'body' });
      edges.push({ from: name, to: step.next, path: at('next'), kind: 'next' });
      break;
    case 'parallel':
      step.branches.forEach((b, i) =>
        edges.push({ from: name, to: b, path: at(`branches.${i}`), kind: 'member' }),
      );
      edges.push({ from: name, to: step.next, path: at('next'), kind: 'next' });
      if (onError !== undefined)
        edges.push({ from: name, to: onError, path: errorPath, kind: 'error' });
      break;
    case 'map':
      edges.push({ from: name, to: step.step, path: at('step'), kind: 'member' });
      edges.push({ from: name, to: step.next, path: at('next'), kind: 'next' });
      if (onError !== undefined)
        edges.push({ from: name, to: onError, path: errorPath, kind: 'error' });
      break;
    case 'wait':
      edges.push({ from: name, to: step.next, path: at('next'), kind: 'next' });
      break;
    case 'end':
      break;
  }
  return edges;
}

/** Every edge of the graph. */
export function allEdges(def: Pick<WorkflowDefinition, 'steps' | 'onError'>): Edge[] {
  return Object.keys(def.steps).flatMap((name) => edgesOf(def, name));
}

/** Steps reachable from `from` (itself included) over edges whose target exists. */
export function reachableFrom(edges: readonly Edge[], from: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.pop() as string;
    for (const next of out.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** For each step, the steps that can run before it (it is reachable from them). */
export function predecessors(
  def: Pick<WorkflowDefinition, 'steps' | 'onError'>,
  edges: readonly Edge[],
): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>(
    Object.keys(def.steps).map((n) => [n, new Set<string>()]),
  );
  for (const name of Object.keys(def.steps)) {
    const reach = new Set<string>();
    const out = edges.filter((e) => e.from === name).map((e) => e.to);
    for (const first of out) for (const r of reachableFrom(edges, first)) reach.add(r);
    for (const r of reach) result.get(r)?.add(name);
  }
  return result;
}

/**
 * The strongly connected components with a cycle (Tarjan), each as its member names. A cycle is
 * bounded when it passes through a loop step's `body` edge.
 */
export function cycles(names: readonly string[], edges: readonly Edge[]): string[][] {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of out.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (out.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) found.push(component.reverse());
    }
  };
  for (const n of names) if (!indices.has(n)) visit(n);
  return found;
}
