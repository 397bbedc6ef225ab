import type { OAuthProvider } from '../oauth-provider';
import {
  exchangeFacebookCode,
  GRAPH_VERSION,
  listPages,
  META_BASES,
  pageToken,
} from './meta-graph';
import { idAt, textOrNull } from './response-fields';

/** Facebook Pages: one login, one account per Page, each publishing with its own Page token. */
export const facebookProvider: OAuthProvider = {
  platform: 'facebook',
  defaultBases: META_BASES,
  scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts', 'publish_video'],
  scopeSeparator: ',',
  pkce: false,
  authorizePath: `/${GRAPH_VERSION}/dialog/oauth`,
  tokenPath: `/${GRAPH_VERSION}/oauth/access_token`,
  clientAuth: 'body',
  // Page tokens do not expire; a dead one needs the user.
  renewal: 'none',
  exchangeCode: (ctx, code) => exchangeFacebookCode(ctx, code),
  async readAccounts(ctx, tokens) {
    const pages = await listPages(ctx, tokens.accessToken);
    return pages.map((page) => {
      const id = idAt(page.id, 'page id');
      return {
        platformAccountId: id,
        displayName: textOrNull(page.name),
        handle: null,
        metadata: { pageId: id },
        tokens: pageToken(page),
      };
    });
  },
};
