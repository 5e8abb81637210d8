import { Command, Option } from 'commander';
import type { Job, JobStatus } from '@weft/core';
import { openExistingStore, resolveEndpoint, type GlobalOptions } from '../context.js';
import { run, tagOf, UsageError } from '../errors.js';
import { out } from '../output/colour.js';
import { printJson } from '../output/json.js';
import { withProgress } from '../output/spinner.js';
import { renderTable, shortTime } from '../output/table.js';
import { positiveInt } from './shared.js';

const statuses: readonly JobStatus[] = ['active', 'completed', 'failed', 'cancelled', 'incomplete'];

/** `weft jobs`: background jobs — list them, resume the unfinished ones, cancel one. */
export function jobsCommand(): Command {
  const jobs = new Command('jobs').description('list, resume or cancel background jobs');
  jobs
    .command('list', { isDefault: true })
    .description('list background jobs (the default)')
    .addOption(new Option('--status <status>', 'only jobs with this status').choices([...statuses]))
    .option('--limit <n>', 'at most this many', positiveInt('--limit'), 50)
    .option('--json', 'print JSON')
    .action(async (_o: unknown, command: Command) => {
      const options = command.optsWithGlobals<
        GlobalOptions & { status?: JobStatus; limit: number; json?: boolean }
      >();
      const store = await openExistingStore(options);
      try {
        const list = await run(
          store.jobs.listJobs({ status: options.status, limit: options.limit }),
        );
        if (options.json === true) return printJson({ items: list });
        if (list.length === 0) return void process.stderr.write('No background jobs.\n');
        const paint = out();
        process.stdout.write(
          renderTable(
            [
              { header: 'JOB' },
              { header: 'STATUS' },
              { header: 'CONVERSATION' },
              { header: 'RESPONSE', max: 24 },
              { header: 'LEASE' },
              { header: 'UPDATED' },
            ],
            list.map((j) => [
              paint('cyan', j.id),
              statusText(j, paint),
              j.conversationId,
              j.responseId,
              leaseText(j),
              shortTime(j.updatedAt),
            ]),
            (t) => paint('dim', t),
          ),
        );
      } finally {
        store.close();
      }
    });
  jobs
    .command('resume')
    .description('take over every unfinished job whose lease is free and drive it to the end')
    .option('--json', 'print JSON')
    .action(async (_o: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const store = await openExistingStore(options);
      const endpoint = await resolveEndpoint(options);
      const { createBackgroundWorker } = await import('@weft/adapter-background');
      const worker = createBackgroundWorker({
        client: endpoint.client,
        turns: store.turns,
        jobs: store.jobs,
      });
      try {
        const reports = await withProgress('resuming background jobs', () => worker.resumeJobs());
        if (options.json === true) return printJson({ items: reports });
        if (reports.length === 0) return void process.stdout.write('No jobs to resume.\n');
        for (const r of reports) {
          process.stdout.write(
            `${r.jobId} ${r.status} (turn ${r.turnId}, head: ${r.head})${r.error === null ? '' : ` — ${r.error.message}`}\n`,
          );
        }
      } finally {
        await worker.stop();
        await endpoint.close();
        store.close();
      }
    });
  jobs
    .command('cancel')
    .description('cancel a background job: its response on the server, the job and its turn')
    .argument('<job>', 'job id')
    .action(async (jobId: string, _o: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const store = await openExistingStore(options);
      const endpoint = await resolveEndpoint(options);
      try {
        const job = await run(store.jobs.getJob(jobId));
        if (job.status !== 'active')
          throw new UsageError(
            `Job ${jobId} is already ${job.status}; only active jobs can be cancelled.`,
          );
        let note = '';
        try {
          await run(endpoint.client.cancel(job.responseId));
        } catch (error) {
          if (tagOf(error) !== 'ResponseNotFound' && tagOf(error) !== 'NotFound') throw error;
          note = ' (the server no longer has the response)';
        }
        const now = Date.now();
        await run(store.jobs.updateJob(job.id, { status: 'cancelled', updatedAt: now }));
        const turn = await run(store.turns.getTurn(job.turnId));
        if (turn.status === 'pending' || turn.status === 'in_progress') {
          await run(
            store.turns.completeTurn(turn.id, {
              status: 'cancelled',
              responseId: job.responseId,
              output: turn.output,
              usage: turn.usage,
              completedAt: now,
              partial: turn.output.length > 0,
              error: { tag: 'Cancelled', message: 'cancelled with weft jobs cancel' },
            }),
          );
        }
        process.stdout.write(`cancelled ${job.id} (response ${job.responseId})${note}\n`);
      } finally {
        await endpoint.close();
        store.close();
      }
    });
  return jobs;
}

function statusText(job: Job, paint: ReturnType<typeof out>): string {
  switch (job.status) {
    case 'active':
      return paint('yellow', job.status);
    case 'completed':
      return paint('green', job.status);
    case 'failed':
      return paint('red', job.status);
    default:
      return job.status;
  }
}

function leaseText(job: Job): string {
  if (job.leaseOwner === null || job.leaseExpiresAt === null) return '';
  return job.leaseExpiresAt > Date.now() ? `held by ${job.leaseOwner}` : 'expired';
}
