import { randomBytes } from 'node:crypto';

export interface FakePage {
  id: string;
  name: string;
  ig?: { id: string; username: string; name: string };
  /** Business Pages: false when this user has no role on the Page, so no Page token. */
  withToken?: boolean;
}

export interface FakeBusiness {
  id: string;
  name: string;
  owned: FakePage[];
  client: FakePage[];
}

type MetaReply = { status: number; body: unknown };

/**
 * Meta returns at most `limit` objects and "may return fewer"; the rest follows with cursors and
 * `paging.next`, absent on the last page (https://developers.facebook.com/docs/graph-api/results,
 * "Cursor-based Pagination"). This fake returns at most 25 per answer, /me/accounts' default.
 */
const SERVED_PER_ANSWER = 25;
const EDGE = /^\/v\d+\.\d+\/(me|[^/]+)\/(accounts|businesses|owned_pages|client_pages)$/;

/** The Graph API's Page listings: /me/accounts, /me/businesses and each business's Pages. */
export class FakeMetaPages {
  /** The Pages the user has a role on (/me/accounts). */
  pages: FakePage[] = [
    {
      id: '1001',
      name: 'Page One',
      ig: { id: '17841000000000001', username: 'page.one.ig', name: 'Page One IG' },
    },
    { id: '1002', name: 'Page Two' },
  ];
  businesses: FakeBusiness[] = [];
  /** false: the login lacks business_management, and /me/businesses is a permission error. */
  businessManagement = true;
  /** Every listing request's path and `after` cursor, in order. */
  requests: { path: string; after: string | null }[] = [];

  constructor(private readonly baseUrl: () => string) {}

  /** The handler for a GET of one of these edges, or undefined for any other path. */
  handler(
    method: string | undefined,
    path: string,
  ): ((request: unknown, url: URL) => MetaReply) | undefined {
    const edge = method === 'GET' ? EDGE.exec(path) : null;
    if (!edge) {
      return undefined;
    }
    const [, node, name] = edge;
    return (_request, url) => {
      this.requests.push({ path, after: url.searchParams.get('after') });
      const items = this.items(node, name);
      return items ? this.page(url, items) : unsupportedGet(node);
    };
  }

  private items(node: string, edge: string): Record<string, unknown>[] | MetaReply | undefined {
    if (node === 'me' && edge === 'accounts') {
      return this.pages.map(pageNode);
    }
    if (node === 'me' && edge === 'businesses') {
      return this.businessManagement
        ? this.businesses.map(({ id, name }) => ({ id, name }))
        : PERMISSION_ERROR;
    }
    const business = this.businesses.find((candidate) => candidate.id === node);
    if (!business || (edge !== 'owned_pages' && edge !== 'client_pages')) {
      return undefined;
    }
    return (edge === 'owned_pages' ? business.owned : business.client).map(pageNode);
  }

  private page(url: URL, items: Record<string, unknown>[] | MetaReply): MetaReply {
    if (!Array.isArray(items)) {
      return items;
    }
    const limit = Math.min(
      Number(url.searchParams.get('limit') ?? SERVED_PER_ANSWER),
      SERVED_PER_ANSWER,
    );
    const after = url.searchParams.get('after');
    const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
    const end = start + limit;
    const cursor = (offset: number) => Buffer.from(String(offset)).toString('base64url');
    const next = new URL(url.pathname, this.baseUrl());
    url.searchParams.forEach((value, name) => next.searchParams.set(name, value));
    next.searchParams.set('after', cursor(end));
    return {
      status: 200,
      body: {
        data: items.slice(start, end),
        paging: {
          cursors: { before: cursor(start), after: cursor(end) },
          ...(end < items.length ? { next: next.toString() } : {}),
        },
      },
    };
  }
}

function pageNode(page: FakePage): Record<string, unknown> {
  return {
    id: page.id,
    name: page.name,
    ...(page.withToken === false
      ? {}
      : { access_token: `page${page.id}_${randomBytes(12).toString('hex')}` }),
    ...(page.ig ? { instagram_business_account: page.ig } : {}),
  };
}

/** Graph API permission error (https://developers.facebook.com/docs/graph-api/guides/error-handling). */
const PERMISSION_ERROR: MetaReply = {
  status: 403,
  body: {
    error: {
      message: '(#200) Requires business_management permission to manage the object',
      type: 'OAuthException',
      code: 200,
    },
  },
};

/** What the Graph API answers for an object it does not know. */
function unsupportedGet(node: string): MetaReply {
  return {
    status: 400,
    body: {
      error: {
        message: `Unsupported get request. Object with ID '${node}' does not exist`,
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      },
    },
  };
}
