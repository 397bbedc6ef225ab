import { announcement } from './announcement.template';
import { ogArticle } from './og-article.template';
import { quoteCard } from './quote-card.template';
import type { TemplateDefinition } from './template';
import { tweetImage } from './tweet-image.template';
import { videoThumbnail } from './video-thumbnail.template';

/** Every built-in template, in the order GET /v1/templates lists them. */
export const BUILT_IN_TEMPLATES: readonly TemplateDefinition[] = [
  tweetImage,
  videoThumbnail,
  quoteCard,
  announcement,
  ogArticle,
];
