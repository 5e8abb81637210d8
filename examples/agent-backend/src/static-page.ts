/**
 * The chat page: three static files from `public/`, read once, served with a strict content
 * security policy (scripts and styles from this origin only; model output is inserted as text).
 */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';

const files = {
  '/': { name: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { name: 'style.css', type: 'text/css; charset=utf-8' },
} as const;

const policy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Routes for the page's files. */
export function staticPage(): Hono {
  const app = new Hono();
  for (const [path, file] of Object.entries(files)) {
    const body = readFileSync(new URL(`../public/${file.name}`, import.meta.url), 'utf8');
    app.get(path, (c) => {
      c.header('Content-Type', file.type);
      c.header('Content-Security-Policy', policy);
      c.header('X-Content-Type-Options', 'nosniff');
      c.header('Referrer-Policy', 'no-referrer');
      return c.body(body);
    });
  }
  return app;
}
