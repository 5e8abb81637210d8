/**
 * Headless Chromium from Debian's packages for the browser test. When `/usr/bin/chromium` is
 * missing it is installed with apt-get, but only as root on Debian; elsewhere the test is skipped
 * with the reason.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright-core';

/** Where Debian puts the browser. */
export const chromiumPath = '/usr/bin/chromium';

/** Launch options for a loopback-only, quiet, sandbox-free headless run. */
export const launchOptions: LaunchOptions = {
  executablePath: chromiumPath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** Whether the browser is there, and why not. */
export type ChromiumStatus =
  { readonly ok: true } | { readonly ok: false; readonly reason: string };

function aptInstall(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    execFileSync('apt-get', ['install', '-y', '-q', 'chromium'], {
      env,
      stdio: 'ignore',
      timeout: 600_000,
    });
  try {
    install();
  } catch {
    execFileSync('apt-get', ['update', '-q'], { env, stdio: 'ignore', timeout: 300_000 });
    install();
  }
}

/** Makes sure Chromium is installed, installing it when allowed. */
export function ensureChromium(): ChromiumStatus {
  if (existsSync(chromiumPath)) return { ok: true };
  const isRoot = process.getuid?.() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (!isRoot || !isDebian) {
    return {
      ok: false,
      reason: `${chromiumPath} is missing and it is only installed automatically as root on Debian; run \`apt-get install -y chromium\` to enable the browser test.`,
    };
  }
  try {
    aptInstall();
  } catch (error) {
    return {
      ok: false,
      reason: `apt-get install -y chromium failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`,
    };
  }
  return existsSync(chromiumPath)
    ? { ok: true }
    : { ok: false, reason: `apt-get installed chromium but ${chromiumPath} is still missing.` };
}
