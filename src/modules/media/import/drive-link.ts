/** Hosts that serve Google Drive files and their download pages. */
export const DRIVE_HOSTS = new Set([
  'drive.google.com',
  'docs.google.com',
  'drive.usercontent.google.com',
]);

const FILE_ID = /^[\w-]{10,}$/;

export function isDriveUrl(url: URL): boolean {
  return DRIVE_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * A Drive share link (`/file/d/<id>/view`, `/open?id=<id>`, `/uc?id=<id>`) as its direct
 * download URL on the same origin; undefined for anything else, which is fetched as it is.
 */
export function driveDownloadUrl(url: URL): URL | undefined {
  if (!isDriveUrl(url)) {
    return undefined;
  }
  const fromPath = /^\/file\/d\/([^/]+)/.exec(url.pathname)?.[1];
  const fromQuery =
    url.pathname === '/open' || url.pathname === '/uc' ? url.searchParams.get('id') : null;
  const id = fromPath ?? fromQuery;
  if (!id || !FILE_ID.test(id)) {
    return undefined;
  }
  const direct = new URL('/uc', url.origin);
  direct.searchParams.set('export', 'download');
  direct.searchParams.set('id', id);
  const resourceKey = url.searchParams.get('resourcekey');
  if (resourceKey) {
    direct.searchParams.set('resourcekey', resourceKey);
  }
  return direct;
}

/**
 * Drive answers a large file's download with an HTML "can't scan for viruses" page whose form
 * (or, on older pages, a `confirm=` link) leads to the bytes. Returns that URL, or undefined
 * when the page offers none (private file, quota exceeded, not found).
 */
export function driveConfirmationUrl(html: string, pageUrl: URL): URL | undefined {
  const form = /<form[^>]*id="download-form"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form) {
    const action = /action="([^"]+)"/i.exec(form[0])?.[1];
    if (action) {
      const target = new URL(decodeEntities(action), pageUrl);
      for (const input of form[1].matchAll(/<input[^>]*>/gi)) {
        const name = /name="([^"]*)"/i.exec(input[0])?.[1];
        const value = /value="([^"]*)"/i.exec(input[0])?.[1];
        if (name && value !== undefined) {
          target.searchParams.set(decodeEntities(name), decodeEntities(value));
        }
      }
      return target;
    }
  }
  const link = /href="(\/uc\?export=download[^"]*confirm=[^"]+)"/i.exec(html)?.[1];
  return link ? new URL(decodeEntities(link), pageUrl) : undefined;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}
