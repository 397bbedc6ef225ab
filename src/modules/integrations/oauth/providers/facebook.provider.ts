import type { OAuthProvider } from '../oauth-provider';
import { FACEBOOK_LOGIN, pageToken } from './meta-graph';
import { listPages } from './meta-pages';
import { idAt, textOrNull } from './response-fields';

/** Facebook Pages: one login, one account per Page, each publishing with its own Page token. */
export const facebookProvider: OAuthProvider = {
  platform: 'facebook',
  ...FACEBOOK_LOGIN,
  scopes: [
    'pages_show_list',
    'pages_read_engagement',
    'pages_manage_posts',
    'publish_video',
    'business_management',
  ],
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
