import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, json, repoRoot, tempDir, toolsModule, weft } from './test-support/cli.js';

const workflowTools = `export const lookup = {
  name: 'lookup_order',
  description: 'Looks up an order.',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'], additionalProperties: false },
  execute: ({ orderId }) => ({ orderId, total: 42 }),
};
`;

describe('weft replay, rerun, run', { timeout: 45_000 }, () => {
  const tmp = tempDir();
  const cwd = tmp.dir;
  let conversationId = '';

  beforeAll(async () => {
    await ensureBuilt();
    writeFileSync(join(cwd, 'tools.mjs'), toolsModule);
    writeFileSync(join(cwd, 'workflow-tools.mjs'), workflowTools);
    copyFileSync(
      join(repoRoot, 'examples', 'workflow-triage', 'triage.workflow.yaml'),
      join(cwd, 'triage.yaml'),
    );
    const chat = await weft(['chat', '--tools', 'tools.mjs'], {
      cwd,
      input: 'Hello there\nUse get_weather for Lisbon\n',
    });
    expect(chat.code).toBe(0);
    conversationId = /conv_[0-9a-f]+/.exec(chat.stdout)?.[0] ?? '';
  }, 60_000);
  afterAll(() => tmp.remove());

  it('replays a conversation offline; every request matches', async () => {
    const [text, asJson] = await Promise.all([
      weft(['replay', conversationId], { cwd }),
      weft(['replay', conversationId, '--json'], { cwd }),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('every request matched the recording');
    const report = json<{ ok: boolean; served: number; divergences: unknown[] }>(asJson.stdout);
    expect(report).toMatchObject({ ok: true, served: 3, divergences: [] });
  });

  it('re-runs on another model as a new branch and prints the comparison', async () => {
    const rerun = await weft(['rerun', conversationId, '--model', 'other-model', '--json'], {
      cwd,
    });
    expect(rerun.code).toBe(0);
    const out = json<{
      rerun: { conversationId: string };
      report: { rerun: { models: string[] }; summary: { exchanges: number } };
    }>(rerun.stdout);
    expect(out.report.rerun.models).toEqual(['other-model']);
    expect(out.report.summary.exchanges).toBe(2);
    const [table, missingModel] = await Promise.all([
      weft(['rerun', conversationId, '--model', 'third-model', '--from', '2'], { cwd }),
      weft(['rerun', conversationId], { cwd }),
    ]);
    expect(table.stdout).toMatch(/#\s+INPUT\s+TEXT\s+TOOL CALLS\s+TOKENS/);
    expect(missingModel.code).toBe(2);
  });

  it('runs a workflow to its wait step, then resumes it with --input', async () => {
    const started = await weft(
      [
        'run',
        'triage.yaml',
        '--tools',
        'workflow-tools.mjs',
        '--input',
        '{"request":"I want a refund","orderId":"A1"}',
      ],
      { cwd },
    );
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('✓ classify');
    expect(started.stdout).toContain('⏸ approve waits for input');
    const runId = /weft run --resume (run_\w+)/.exec(started.stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
    const listed = json<{ items: { runId: string; status: string }[] }>(
      (await weft(['run', '--list', '--json'], { cwd })).stdout,
    );
    expect(listed.items).toEqual([expect.objectContaining({ runId, status: 'waiting' })]);
    const [bad, resumed] = await Promise.all([
      weft(['run', 'triage.yaml', '--input', 'not json'], { cwd }),
      weft(
        [
          'run',
          '--resume',
          runId,
          '--tools',
          'workflow-tools.mjs',
          '--input',
          '{"approved":true}',
          '--json',
        ],
        { cwd },
      ),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^weft: --input must be JSON/);
    expect(resumed.code).toBe(0);
    expect(json<{ status: string; output: { approved: boolean } }>(resumed.stdout)).toMatchObject({
      status: 'completed',
      output: { approved: true },
    });
  });
});
