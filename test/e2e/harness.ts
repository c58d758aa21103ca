/**
 * Browser end-to-end harness: a real `linecast start` server in a child process (fresh data dir, free port, known
 * admin key for the API calls a test makes itself), the LINE emulator in this process, and Debian's Chromium driven
 * by playwright-core. People sign in as a newcomer would: with the email and one-time password the first start
 * printed. Console errors (CSP refusals among them) and uncaught page errors are collected so a test can fail on them.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const screenshotDir = path.join(repo, 'test-results', 'screenshots');
export const ADMIN_KEY = 'lc_e2e_admin_key_0123456789abcdef';
export const ADMIN_EMAIL = 'admin@linecast.local';
/** What the admin picks on "Choose your password" after the first sign-in. */
export const ADMIN_PASSWORD = 'e2e admin password';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Server {
  url: string;
  dataDir: string;
  output: () => string;
  /** The one-time password the first start printed. */
  firstPassword: () => string;
  stop(): Promise<void>;
}

/**
 * A server seeded with the demo in `demoLocale` (English unless asked, whatever the machine's LANG); `env` adds or
 * overrides environment variables (e.g. an https PUBLIC_BASE_URL for media URLs LINE's rules accept).
 */
export async function startServer(opts: { demoLocale?: 'en' | 'ja' | 'th' | 'zh-TW'; env?: Record<string, string> } = {}): Promise<Server> {
  execFileSync(process.execPath, [path.join(repo, 'web', 'build-if-stale.mjs')], { stdio: 'inherit' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repo, 'bin', 'linecast.js'), 'start', '--demo-locale', opts.demoLocale ?? 'en'],
    {
      cwd: repo,
      env: {
        ...process.env,
        LINECAST_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LINECAST_ADMIN_KEY: ADMIN_KEY,
        LOG_LEVEL: 'warn',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    output: () => out,
    firstPassword() {
      const m = /password\s+([a-z2-9]{5}(?:-[a-z2-9]{5}){3})/.exec(out);
      if (!m) throw new Error(`the first start printed no password:\n${out}`);
      if (out.includes(ADMIN_KEY)) throw new Error('the first start printed the key from LINECAST_ADMIN_KEY');
      return m[1]!;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startLineEmulator(): Promise<RunningEmulator> {
  return startEmulator({ port: 0 });
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (network 4xx answers the app handles are not errors). */
  errors: string[];
  close(): Promise<void>;
}

/** Chromium with the given browser language and time zone (en-US and the machine's zone unless asked). */
export async function openBrowser(opts: { locale?: string; timezoneId?: string } = {}): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linecast-chromium-'));
  // A fresh --user-data-dir per run; playwright takes it as the persistent context's directory.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.LINECAST_CHROMIUM ?? '/usr/bin/chromium',
    viewport: { width: 1366, height: 900 },
    locale: opts.locale ?? 'en-US',
    ...(opts.timezoneId ? { timezoneId: opts.timezoneId } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // Chrome logs every non-2xx answer as a console error; the app shows 4xx answers itself (validation, 404 while
    // a neighbour's endpoint is missing). A 5xx is a server bug and counts.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    errors.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in as the admin the way a newcomer does: the email and one-time password from the first start's output,
 * then "Choose your password". Later sign-ins (after a sign-out) use the chosen password.
 */
export async function signInAsAdmin(page: Page, server: Server): Promise<void> {
  await page.goto(server.url);
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(server.firstPassword());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.getByLabel('Current password').fill(server.firstPassword());
  await page.getByLabel(/^New password\s*\*?$/).fill(ADMIN_PASSWORD);
  await page.getByLabel('New password again').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Save and continue' }).click();
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** A tiny PNG, served for the imagemap's https image so the preview works without outside network. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
