import { escapeHtml } from '../../../common/http/escape-html';
import type { SandboxPostEntity } from '../entities/sandbox-post.entity';

/** A recorded sandbox post as its run URL shows it (JSON with `Accept: application/json`). */
export interface SandboxPostView {
  id: string;
  platform: string;
  accountId: string;
  text: string;
  media: { kind: string; mimeType: string; url: string }[];
  publishedAt: string;
}

export function toSandboxPostView(post: SandboxPostEntity): SandboxPostView {
  return {
    id: post.id,
    platform: post.platform,
    accountId: post.accountId,
    text: post.content.text ?? '',
    media: post.content.media ?? [],
    publishedAt: post.createdAt.toISOString(),
  };
}

/** The page: its inline style and the media it shows, nothing else (no script). */
export const SANDBOX_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src http: https:',
  'media-src http: https:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f4f5;color:#18181b}
article{max-width:34rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1rem 1.25rem;
box-shadow:0 1px 3px #0002}header{color:#52525b;font-size:.875rem}p{white-space:pre-wrap}
img,video{max-width:100%;border-radius:8px;display:block;margin:.5rem 0}
footer{color:#71717a;font-size:.75rem}`;

/** A small page showing the post the way a feed would: who, what it says, its media, when. */
export function renderSandboxPostPage(view: SandboxPostView): string {
  const media = view.media
    .map((item) =>
      item.kind === 'video'
        ? `<video controls src="${escapeHtml(item.url)}"></video>`
        : item.kind === 'image'
          ? `<img alt="" src="${escapeHtml(item.url)}">`
          : `<a href="${escapeHtml(item.url)}">${escapeHtml(item.mimeType)}</a>`,
    )
    .join('');
  const title = `Sandbox ${view.platform} post`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><article>
<header>${escapeHtml(view.platform)} · ${escapeHtml(view.accountId)} (sandbox: not sent to the platform)</header>
<p>${escapeHtml(view.text)}</p>${media}
<footer>Published <time datetime="${view.publishedAt}">${view.publishedAt}</time> · ${escapeHtml(view.id)}</footer>
</article></body></html>`;
}
