/**
 * Static checks of a schema-valid definition, run before anything executes: unknown steps, tools
 * and workflows, unreachable steps, loops without a bound, fallible steps without an error path,
 * and references to outputs no earlier step produces. Every problem is reported, each with a path.
 *
 * @module
 */
import type { WorkflowIssue } from '../errors.js';
import { celReferences, celSyntaxError } from '../expr/cel.js';
import { templatePaths, valueTemplatePaths, type Reference } from '../expr/template.js';
import {
  allEdges,
  containers,
  cycles,
  errorTarget,
  fallibleKinds,
  memberKinds,
  predecessors,
  reachableFrom,
} from './graph.js';
import type { StepDefinition, WorkflowDefinition } from './schema.js';

/** What the checks may know about the runtime: tool names and workflow ids it can resolve. */
export interface CheckOptions {
  /** Tool names the runner has; when given, unknown tool names are errors. */
  readonly tools?: Iterable<string> | undefined;
  /** Workflow ids the runner has; when given, unknown sub-workflows are errors. */
  readonly workflows?: Iterable<string> | undefined;
}

const roots = new Set(['input', 'state', 'steps', 'error', 'item', 'index', 'output', 'run']);
const stepFields = new Set(['output', 'error', 'status']);

/** Where a step reads paths: each place with its dotted path and whether it is CEL or a template. */
function readsOf(
  name: string,
  step: StepDefinition,
): { path: string; source: string | unknown; cel: boolean }[] {
  const at = (f: string): string => `steps.${name}.${f}`;
  const reads: { path: string; source: string | unknown; cel: boolean }[] = [];
  for (const [key, expr] of Object.entries(step.assign ?? {}))
    reads.push({ path: at(`assign.${key}`), source: expr, cel: true });
  switch (step.type) {
    case 'model':
      reads.push({ path: at('prompt'), source: step.prompt, cel: false });
      if (step.instructions !== undefined)
        reads.push({ path: at('instructions'), source: step.instructions, cel: false });
      break;
    case 'tool':
      if (step.args !== undefined) reads.push({ path: at('args'), source: step.args, cel: false });
      break;
    case 'branch':
      step.cases.forEach((c, i) =>
        reads.push({ path: at(`cases.${i}.when`), source: c.when, cel: true }),
      );
      break;
    case 'loop':
      if (step.while !== undefined)
        reads.push({ path: at('while'), source: step.while, cel: true });
      break;
    case 'map':
      reads.push({ path: at('over'), source: step.over, cel: true });
      break;
    case 'wait':
      if (step.prompt !== undefined)
        reads.push({ path: at('prompt'), source: step.prompt, cel: false });
      break;
    case 'workflow':
      if (step.input !== undefined)
        reads.push({ path: at('input'), source: step.input, cel: false });
      break;
    case 'end':
      if (step.output !== undefined)
        reads.push({ path: at('output'), source: step.output, cel: false });
      break;
    case 'parallel':
      break;
  }
  return reads;
}

function schemaProperties(schema: unknown): Set<string> | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const props = (schema as Record<string, unknown>)['properties'];
  if (props === null || typeof props !== 'object') return undefined;
  return new Set(Object.keys(props));
}

/**
 * Runs every static check and returns all problems (empty when the definition is sound).
 *
 * @example
 * const issues = checkWorkflow(definition, { tools: ['lookup_order'] });
 * for (const i of issues) console.log(`${i.path}: ${i.message}`);
 */
export function checkWorkflow(
  def: WorkflowDefinition,
  options: CheckOptions = {},
): WorkflowIssue[] {
  const issues: WorkflowIssue[] = [];
  const add = (path: string, code: string, message: string): void => {
    issues.push({ path, code, message });
  };
  const names = Object.keys(def.steps);
  const known = new Set(names);
  const expected = names.length <= 12 ? `; expected one of ${names.join(', ')}` : '';
  const edges = allEdges(def);
  const owners = containers(def);

  // Unknown step references.
  if (!known.has(def.start))
    add('start', 'unknown-step', `no step named "${def.start}"${expected}`);
  if (def.onError !== undefined && !known.has(def.onError)) {
    add('onError', 'unknown-step', `no step named "${def.onError}"${expected}`);
  }
  const reported = new Set<string>();
  for (const e of edges) {
    if (known.has(e.to) || reported.has(e.path)) continue;
    reported.add(e.path);
    if (e.path !== 'onError') add(e.path, 'unknown-step', `no step named "${e.to}"${expected}`);
  }
  const validEdges = edges.filter((e) => known.has(e.to));

  // Membership: parallel branches and map bodies.
  const seenMember = new Map<string, string>();
  for (const [name, step] of Object.entries(def.steps)) {
    const members =
      step.type === 'parallel'
        ? step.branches.map((b, i) => [b, `branches.${i}`] as const)
        : step.type === 'map'
          ? [[step.step, 'step'] as const]
          : [];
    for (const [member, field] of members) {
      const path = `steps.${name}.${field}`;
      const target = def.steps[member];
      if (target === undefined) continue;
      const other = seenMember.get(member);
      if (other !== undefined)
        add(
          path,
          'bad-member',
          `step "${member}" already runs inside ${other}; a step can belong to one parallel or map step only`,
        );
      seenMember.set(member, name);
      if (!memberKinds.has(target.type)) {
        add(
          path,
          'bad-member',
          `step "${member}" is a ${target.type} step; a ${step.type} step runs model, tool or workflow steps`,
        );
      }
      if (member === def.start)
        add(
          path,
          'bad-member',
          `step "${member}" is the start step and cannot also run inside ${name}`,
        );
    }
  }
  for (const e of validEdges) {
    if (e.kind === 'member') continue;
    const owner = owners.get(e.to);
    if (owner !== undefined)
      add(
        e.path,
        'bad-member',
        `step "${e.to}" runs inside ${owner}; other steps cannot lead to it`,
      );
  }

  // next / onError presence.
  for (const [name, step] of Object.entries(def.steps)) {
    const owner = owners.get(name);
    if (step.type === 'model' || step.type === 'tool' || step.type === 'workflow') {
      if (owner === undefined && step.next === undefined) {
        add(
          `steps.${name}.next`,
          'missing-next',
          `a ${step.type} step needs a next step (or must run inside a parallel or map step)`,
        );
      }
      if (owner !== undefined && step.next !== undefined) {
        add(
          `steps.${name}.next`,
          'unused-next',
          `this step runs inside ${owner}, which decides what comes next; remove next`,
        );
      }
      if (owner !== undefined && step.onError !== undefined) {
        add(
          `steps.${name}.onError`,
          'unused-next',
          `this step runs inside ${owner}; its failures follow ${owner}'s error path; remove onError`,
        );
      }
    }
    if (
      owner === undefined &&
      fallibleKinds.has(step.type) &&
      errorTarget(def, step) === undefined
    ) {
      add(
        `steps.${name}.onError`,
        'no-error-path',
        `a ${step.type} step can fail but has no error path; set onError here or at the workflow level`,
      );
    }
  }

  // Reachability.
  if (known.has(def.start)) {
    const reach = reachableFrom(validEdges, def.start);
    for (const name of names) {
      if (!reach.has(name))
        add(
          `steps.${name}`,
          'unreachable',
          `no path from the start step "${def.start}" leads here`,
        );
    }
  }

  // Cycles that do not pass through a loop body are unbounded.
  const unbounded = validEdges.filter((e) => e.kind !== 'body');
  const depth = distances(validEdges, def.start);
  for (const component of cycles(names, unbounded)) {
    const inside = new Set(component);
    // Report the back edge: the one leading from deepest in the loop to its entry.
    const closing = unbounded
      .filter((e) => inside.has(e.from) && inside.has(e.to))
      .sort(
        (a, b) =>
          (depth.get(a.to) ?? 0) - (depth.get(b.to) ?? 0) ||
          (depth.get(b.from) ?? 0) - (depth.get(a.from) ?? 0),
      )[0] as (typeof unbounded)[number];
    add(
      closing.path,
      'unbounded-loop',
      `steps ${component.join(' → ')} form a loop without a bound; route it through a loop step with maxIterations`,
    );
  }

  // Tools and sub-workflows.
  const tools = options.tools === undefined ? undefined : new Set(options.tools);
  const workflows = options.workflows === undefined ? undefined : new Set(options.workflows);
  for (const [name, step] of Object.entries(def.steps)) {
    if (tools !== undefined && step.type === 'tool' && !tools.has(step.tool)) {
      add(
        `steps.${name}.tool`,
        'unknown-tool',
        `no tool named "${step.tool}" is registered with the runner`,
      );
    }
    if (tools !== undefined && step.type === 'model') {
      (step.tools ?? []).forEach((t, i) => {
        if (!tools.has(t))
          add(
            `steps.${name}.tools.${i}`,
            'unknown-tool',
            `no tool named "${t}" is registered with the runner`,
          );
      });
    }
    if (workflows !== undefined && step.type === 'workflow' && !workflows.has(step.workflow)) {
      add(
        `steps.${name}.workflow`,
        'unknown-workflow',
        `no workflow "${step.workflow}" is registered with the runner`,
      );
    }
  }

  // Expressions and references.
  const preds = predecessors(def, validEdges);
  const stateVars = new Set([
    ...Object.keys(def.state ?? {}),
    ...Object.values(def.steps).flatMap((s) => Object.keys(s.assign ?? {})),
  ]);
  const inputProps = schemaProperties(def.input);
  for (const [name, step] of Object.entries(def.steps)) {
    for (const read of readsOf(name, step)) {
      let refs: readonly Reference[];
      if (read.cel) {
        const syntax = celSyntaxError(read.source as string);
        if (syntax !== undefined) {
          add(read.path, 'bad-expression', `not a valid CEL expression: ${syntax}`);
          continue;
        }
        refs = celReferences(read.source as string);
      } else {
        const found =
          typeof read.source === 'string'
            ? templatePaths(read.source)
            : valueTemplatePaths(read.source);
        for (const bad of found.invalid)
          add(
            read.path,
            'bad-expression',
            `template {{ ${bad} }} is not a path such as steps.classify.output.category`,
          );
        refs = found.refs;
      }
      for (const ref of refs) {
        const problem = checkReference(ref, {
          name,
          inAssign: read.path.startsWith(`steps.${name}.assign.`),
          inMap: owners.has(name) && def.steps[owners.get(name) as string]?.type === 'map',
          def,
          earlier: preds.get(name) ?? new Set(),
          stateVars,
          inputProps,
        });
        if (problem !== undefined) add(read.path, 'bad-reference', problem);
      }
    }
  }
  return issues;
}

/** Breadth-first distance of each step from the start. */
function distances(
  edges: readonly { from: string; to: string }[],
  start: string,
): Map<string, number> {
  const depth = new Map<string, number>([[start, 0]]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.shift() as string;
    for (const e of edges) {
      if (e.from === current && !depth.has(e.to)) {
        depth.set(e.to, (depth.get(current) ?? 0) + 1);
        queue.push(e.to);
      }
    }
  }
  return depth;
}

interface RefContext {
  readonly name: string;
  readonly inAssign: boolean;
  readonly inMap: boolean;
  readonly def: WorkflowDefinition;
  readonly earlier: Set<string>;
  readonly stateVars: Set<string>;
  readonly inputProps: Set<string> | undefined;
}

function checkReference(ref: Reference, ctx: RefContext): string | undefined {
  const [root, first, second, third] = ref.segments;
  if (root === undefined || !roots.has(root)) {
    return `"${ref.text}" reads an unknown variable "${root}"; use input, state, steps, error, item or index`;
  }
  if (root === 'output' && !ctx.inAssign) return `"${ref.text}": output is only defined in assign`;
  if ((root === 'item' || root === 'index') && !ctx.inMap)
    return `"${ref.text}": ${root} is only defined in a step run by a map step`;
  if (root === 'state' && first !== undefined && !ctx.stateVars.has(first)) {
    return `"${ref.text}" reads state variable "${first}", which neither state nor any assign declares`;
  }
  if (
    root === 'input' &&
    first !== undefined &&
    ctx.inputProps !== undefined &&
    !ctx.inputProps.has(first)
  ) {
    return `"${ref.text}" reads input.${first}, which the input schema does not declare (expected one of ${[...ctx.inputProps].join(', ')})`;
  }
  if (root !== 'steps' || first === undefined) return undefined;
  const target = ctx.def.steps[first];
  if (target === undefined) return `"${ref.text}" reads step "${first}", which does not exist`;
  if (!ctx.earlier.has(first) && !(ctx.inAssign && first === ctx.name)) {
    return `"${ref.text}" reads the output of step "${first}", which never runs before step "${ctx.name}"`;
  }
  if (second !== undefined && !stepFields.has(second)) {
    return `"${ref.text}": a step has output, error and status; "${second}" is none of them`;
  }
  if (
    second === 'output' &&
    third !== undefined &&
    target.type === 'model' &&
    target.output !== undefined
  ) {
    const props = schemaProperties(target.output);
    if (props !== undefined && !props.has(third)) {
      return `"${ref.text}": the output schema of step "${first}" has no property "${third}" (expected one of ${[...props].join(', ')})`;
    }
  }
  return undefined;
}
