import { invalidRequest } from './api-error.js';

/** A cursor page, as every list endpoint answers. */
export interface ListPage<T> {
  readonly object: 'list';
  readonly data: readonly T[];
  readonly first_id: string | null;
  readonly last_id: string | null;
  readonly has_more: boolean;
}

/** Parsed `limit`, `order` and `after` query parameters. */
export interface PageQuery {
  readonly limit: number;
  readonly order: 'asc' | 'desc';
  readonly after: string | undefined;
}

/** Read `limit` (1–100, default 20), `order` (asc|desc, default desc) and `after` from a query. */
export function parsePageQuery(query: (name: string) => string | undefined): PageQuery {
  const rawLimit = query('limit');
  let limit = 20;
  if (rawLimit !== undefined) {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 1 || n > 100) {
      throw invalidRequest(
        `Invalid 'limit': expected an integer between 1 and 100, but got '${rawLimit}' instead.`,
        'limit',
        'invalid_value',
      );
    }
    limit = n;
  }
  const rawOrder = query('order');
  if (rawOrder !== undefined && rawOrder !== 'asc' && rawOrder !== 'desc') {
    throw invalidRequest(
      `Invalid 'order': expected one of 'asc' or 'desc', but got '${rawOrder}' instead.`,
      'order',
      'invalid_value',
    );
  }
  const after = query('after');
  return { limit, order: rawOrder ?? 'desc', after: after === '' ? undefined : after };
}

/** Slice `items` (oldest first) into one page; an unknown `after` id is a 400 naming `after`. */
export function paginate<T extends { readonly id: string }>(items: readonly T[], page: PageQuery): ListPage<T> {
  const ordered = page.order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (page.after !== undefined) {
    const index = ordered.findIndex((item) => item.id === page.after);
    if (index === -1) {
      throw invalidRequest(`No item with id '${page.after}' was found to page after.`, 'after', 'invalid_value');
    }
    start = index + 1;
  }
  const data = ordered.slice(start, start + page.limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: start + page.limit < ordered.length,
  };
}
