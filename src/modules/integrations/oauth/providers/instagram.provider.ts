import type { OAuthProvider } from '../oauth-provider';
import { FACEBOOK_LOGIN, pageToken } from './meta-graph';
import { listPages } from './meta-pages';
import { idAt, objectAt, textOrNull } from './response-fields';

/**
 * Instagram professional accounts through Facebook Login: one account per Page that has an
 * Instagram account linked, publishing with that Page's token.
 */
export const instagramProvider: OAuthProvider = {
  platform: 'instagram',
  ...FACEBOOK_LOGIN,
  scopes: [
    'instagram_basic',
    'instagram_content_publish',
    'pages_show_list',
    'pages_read_engagement',
    'business_management',
  ],
  async readAccounts(ctx, tokens) {
    const pages = await listPages(ctx, tokens.accessToken);
    return pages
      .filter((page) => page.instagram_business_account)
      .map((page) => {
        const ig = objectAt(page.instagram_business_account, 'instagram_business_account');
        const igUserId = idAt(ig.id, 'Instagram user id');
        return {
          platformAccountId: igUserId,
          displayName: textOrNull(ig.name) ?? textOrNull(ig.username),
          handle: textOrNull(ig.username),
          metadata: { igUserId, pageId: idAt(page.id, 'page id'), pageName: textOrNull(page.name) },
          tokens: pageToken(page),
        };
      });
  },
};
