/**
 * Who is asking. Each browser gets a random visitor token in an HttpOnly cookie; conversations
 * store only a hash of it as their owner, so the database never holds a usable token.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** The cookie that carries the visitor token. */
export const visitorCookie = 'weft_visitor';

const tokenShape = /^[A-Za-z0-9_-]{32}$/;

/** A fresh visitor token: 24 random bytes, base64url (192 bits). */
export function newVisitorToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The owner id stored on conversations for a token. */
export function ownerOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The owner of the request, from its cookie; a request without a valid token becomes a new
 * visitor and gets a cookie.
 */
export function visitorOwner(c: Context): string {
  const token = getCookie(c, visitorCookie);
  if (token !== undefined && tokenShape.test(token)) return ownerOf(token);
  const fresh = newVisitorToken();
  setCookie(c, visitorCookie, fresh, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
  });
  return ownerOf(fresh);
}
