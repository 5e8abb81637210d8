/// <reference lib="dom" />
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storyText } from './agent.js';
import { startTestBackend, type TestBackend } from './test-support/backend.js';
import { ensureChromium, launchOptions } from './test-support/chromium.js';

const status = ensureChromium();
let backend: TestBackend;
let browser: Browser | undefined;

beforeAll(async () => {
  backend = await startTestBackend({ delayBetweenMs: 40 });
  if (status.ok) browser = await chromium.launch(launchOptions);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await backend.close();
});

const texts = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((nodes) => nodes.map((n) => n.textContent));

async function say(page: Page, text: string) {
  await page.fill('#input', text);
  await page.click('#send');
}

it(
  'streams an answer, survives a reload mid-answer, and approves a tool call',
  { timeout: 60_000 },
  async (ctx) => {
    if (!status.ok || browser === undefined)
      return ctx.skip(status.ok ? 'no browser' : status.reason);
    const page = await browser.newPage();
    page.setDefaultTimeout(20_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(backend.url);
    await page.waitForSelector('body[data-ready="true"]');

    await say(page, 'Tell me a story');
    await page.waitForFunction(
      () => (document.querySelector('.msg.assistant')?.textContent ?? '').length > 40,
    );
    const partial = (await page.textContent('.msg.assistant')) ?? '';
    expect(storyText.startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(storyText.length); // still streaming

    await page.reload();
    await page.waitForFunction(
      (full) => document.querySelector('.msg.assistant')?.textContent === full,
      storyText,
    );
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '');
    expect(await texts(page, '.msg.user')).toEqual(['Tell me a story']);
    expect(await texts(page, '.msg.assistant')).toEqual([storyText]);

    await say(page, 'I want a refund for order A-42');
    await page.waitForSelector('#approvals button.approve');
    expect(await page.textContent('#approvals')).toContain('issue_refund');
    await page.click('#approvals button.approve');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.msg.assistant')].some(
        (n) => n.textContent === 'Done: order A-42 was refunded 42.50 EUR.',
      ),
    );
    expect(await page.locator('#approvals .approval').count()).toBe(0);
    expect(await texts(page, '.msg.tool')).toEqual([
      '→ issue_refund({"orderId":"A-42","amountEur":42.5})',
    ]);
    expect(problems).toEqual([]);
    await page.close();
  },
);
