/**
 * A workflow as a Mermaid flowchart, for docs and reviews.
 *
 * @module
 */
import { allEdges } from '../definition/graph.js';
import type { StepDefinition, WorkflowDefinition } from '../definition/schema.js';

const escape = (text: string): string => text.replaceAll('"', '#quot;').replaceAll('\n', ' ');

function node(name: string, step: StepDefinition): string {
  const label = escape(step.title === undefined ? `${name}` : `${name}: ${step.title}`);
  const detail =
    step.type === 'tool'
      ? `<br/>tool ${escape(step.tool)}`
      : step.type === 'loop'
        ? `<br/>≤ ${step.maxIterations}×`
        : step.type === 'map'
          ? `<br/>× ${step.concurrency}`
          : '';
  const text = `"${label}<br/><i>${step.type}</i>${detail}"`;
  switch (step.type) {
    case 'branch':
      return `${name}{${text}}`;
    case 'loop':
      return `${name}{{${text}}}`;
    case 'parallel':
    case 'map':
      return `${name}[/${text}/]`;
    case 'wait':
      return `${name}([${text}])`;
    case 'end':
      return `${name}(((${text})))`;
    case 'tool':
      return `${name}[[${text}]]`;
    default:
      return `${name}[${text}]`;
  }
}

/**
 * Renders a definition as a Mermaid `flowchart`: one node per step (shaped by kind), solid edges
 * for the normal path, dotted ones for error paths, thick ones into parallel branches and map bodies.
 *
 * @example
 * writeFileSync('triage.mmd', toMermaid(definition));
 */
export function toMermaid(def: WorkflowDefinition): string {
  const lines = ['flowchart TD', `  __start((start)) --> ${def.start}`];
  for (const [name, step] of Object.entries(def.steps)) lines.push(`  ${node(name, step)}`);
  const seen = new Set<string>();
  for (const edge of allEdges(def)) {
    const step = def.steps[edge.from];
    let line: string;
    if (edge.kind === 'error') line = `  ${edge.from} -. error .-> ${edge.to}`;
    else if (edge.kind === 'member') line = `  ${edge.from} ==> ${edge.to}`;
    else if (edge.kind === 'body') line = `  ${edge.from} -->|body| ${edge.to}`;
    else if (step?.type === 'branch') {
      const index = /cases\.(\d+)\.next$/.exec(edge.path)?.[1];
      const when = index === undefined ? 'otherwise' : (step.cases[Number(index)]?.when ?? '');
      line = `  ${edge.from} -->|"${escape(when)}"| ${edge.to}`;
    } else line = `  ${edge.from} --> ${edge.to}`;
    if (!seen.has(line)) lines.push(line);
    seen.add(line);
  }
  return `${lines.join('\n')}\n`;
}
