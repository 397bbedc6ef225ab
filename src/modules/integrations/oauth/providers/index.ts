import type { Platform } from '../../../../common/platforms';
import type { OAuthProvider } from '../oauth-provider';
import { facebookProvider } from './facebook.provider';
import { instagramProvider } from './instagram.provider';
import { linkedinProvider } from './linkedin.provider';
import { snapchatProvider } from './snapchat.provider';
import { threadsProvider } from './threads.provider';
import { tiktokProvider } from './tiktok.provider';
import { xProvider } from './x.provider';
import { youtubeProvider } from './youtube.provider';

export const OAUTH_PROVIDERS: Record<Platform, OAuthProvider> = {
  x: xProvider,
  instagram: instagramProvider,
  facebook: facebookProvider,
  threads: threadsProvider,
  tiktok: tiktokProvider,
  youtube: youtubeProvider,
  linkedin: linkedinProvider,
  snapchat: snapchatProvider,
};
