import { OAuthRequestError } from '../oauth-http';
import type { OAuthContext } from '../oauth-provider';
import { idAt, listAt, objectAt } from './response-fields';

const PAGE_FIELDS = 'id,name,access_token,instagram_business_account{id,username,name}';
/** Asked per request; Meta may return fewer than `limit` and pages the rest with cursors. */
const PAGE_SIZE = '100';
/** A bound on requests per listing, so a platform that pages forever cannot hold the connect. */
const MAX_REQUESTS = 50;
/**
 * Meta's permission errors: 10 and 200–299
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling, "Error Codes").
 */
const isPermissionError = (code: number | undefined) =>
  code !== undefined && (code === 10 || (code >= 200 && code <= 299));

/**
 * Every Page the user can publish to, each with its Page token: the Pages of `/me/accounts`
 * (all of them, following paging), then the Pages owned by or shared with (client Pages) the
 * businesses the user belongs to. Business Pages without a Page token for this user are left out:
 * nothing could be published to them.
 */
export async function listPages(
  ctx: OAuthContext,
  userToken: string,
): Promise<Record<string, unknown>[]> {
  const pages = new Map<string, Record<string, unknown>>();
  const add = (found: Record<string, unknown>[]) => {
    for (const page of found) {
      const id = idAt(page.id, 'page id');
      if (!pages.has(id) && typeof page.access_token === 'string' && page.access_token !== '') {
        pages.set(id, page);
      }
    }
  };
  add(await readAll(ctx, userToken, '/me/accounts', PAGE_FIELDS, 'pages'));
  for (const business of await businesses(ctx, userToken)) {
    const id = idAt(business.id, 'business id');
    add(await readAll(ctx, userToken, `/${id}/owned_pages`, PAGE_FIELDS, 'owned pages'));
    add(await readAll(ctx, userToken, `/${id}/client_pages`, PAGE_FIELDS, 'client pages'));
  }
  return [...pages.values()];
}

/** The user's businesses; none when the login lacks business_management (a permission error). */
async function businesses(
  ctx: OAuthContext,
  userToken: string,
): Promise<Record<string, unknown>[]> {
  try {
    return await readAll(ctx, userToken, '/me/businesses', 'id,name', 'businesses');
  } catch (error) {
    if (error instanceof OAuthRequestError && isPermissionError(error.metaCode)) {
      return [];
    }
    throw error;
  }
}

/**
 * An edge read to its end: Meta's cursor paging goes on while the answer has `paging.next`
 * (https://developers.facebook.com/docs/graph-api/results, "Cursor-based Pagination"). The next
 * request is built from our own base and the `after` cursor, so the token only goes to Meta.
 */
async function readAll(
  ctx: OAuthContext,
  userToken: string,
  path: string,
  fields: string,
  what: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let after: string | undefined;
  for (let request = 0; request < MAX_REQUESTS; request += 1) {
    const body = await ctx.http.request({
      method: 'GET',
      url: `${ctx.bases.api}/${ctx.graphVersion}${path}`,
      query: {
        fields,
        limit: PAGE_SIZE,
        access_token: userToken,
        ...(after === undefined ? {} : { after }),
      },
    });
    items.push(...listAt(body.data, what));
    after = nextCursor(body.paging);
    if (after === undefined) {
      break;
    }
  }
  return items;
}

function nextCursor(paging: unknown): string | undefined {
  if (
    !paging ||
    typeof paging !== 'object' ||
    typeof (paging as { next?: unknown }).next !== 'string'
  ) {
    return undefined;
  }
  const after = objectAt((paging as { cursors?: unknown }).cursors, 'paging cursors').after;
  return typeof after === 'string' && after !== '' ? after : undefined;
}
