import { createDecipheriv } from 'node:crypto';
import { FakePlatformServer, type Received, type Reply } from './recording-server';

interface SnapMedia {
  id: string;
  profileId: string;
  type: string;
  key: Buffer;
  iv: Buffer;
  parts: Map<number, Buffer>;
  /** The decrypted file, once finalized. */
  plain?: Buffer;
}

const snapError = (status: number, code: string, message: string): Reply => ({
  status,
  json: {
    request_status: 'ERROR',
    request_id: 'req-1',
    debug_message: message,
    display_message: message,
    error_code: code,
  },
});

/**
 * Snap's Public Profile API as this connector speaks it: a media container created with the
 * base64 AES-256-CBC key and IV, multipart ADD parts (≤ 32 MB, numbered from 1) and FINALIZE on
 * the paths it returned (the fake decrypts the parts then), and story / saved story / spotlight
 * creation from the media id. Only `profiles` may be posted to.
 */
export class FakeSnapchat extends FakePlatformServer {
  readonly profiles = new Set(['pp-1']);
  readonly media = new Map<string, SnapMedia>();
  readonly created: {
    surface: string;
    profileId: string;
    body: Record<string, unknown>;
    id: string;
  }[] = [];
  /** The next story / saved story / spotlight is created, but answered with this (a 5xx). */
  loseNextCreateAnswer?: Reply;
  private next = 1;

  protected route(req: Received): Reply {
    const token = this.bearer(req);
    if (!token || !this.acceptsToken(token)) {
      return snapError(401, 'E1001', 'Invalid or expired token');
    }
    const profile =
      /^\/v1\/public_profiles\/([^/]+)\/(media|stories|saved_stories|spotlights)$/.exec(req.path);
    if (profile && req.method === 'POST') {
      if (!this.profiles.has(profile[1])) {
        return snapError(403, 'E3003', 'Not allowed to manage this public profile');
      }
      return profile[2] === 'media'
        ? this.createMedia(profile[1], req)
        : this.create(profile[1], profile[2], req);
    }
    const upload = /^\/us\/v1\/media\/([^/]+)\/multipart-upload-v2$/.exec(req.path);
    if (upload && req.method === 'POST') {
      return this.multipart(upload[1], req);
    }
    return snapError(404, 'E2002', `No route ${req.method} ${req.path}`);
  }

  private createMedia(profileId: string, req: Received): Reply {
    const body = req.json ?? {};
    const key = Buffer.from(typeof body.key === 'string' ? body.key : '', 'base64');
    const iv = Buffer.from(typeof body.iv === 'string' ? body.iv : '', 'base64');
    if (
      !['VIDEO', 'IMAGE'].includes(String(body.type)) ||
      !body.name ||
      key.length !== 32 ||
      iv.length !== 16
    ) {
      return snapError(400, 'E1002', 'type, name, a 32-byte key and a 16-byte iv are required');
    }
    const id = `media-${this.next++}`;
    this.media.set(id, { id, profileId, type: String(body.type), key, iv, parts: new Map() });
    return {
      status: 200,
      json: {
        request_status: 'SUCCESS',
        request_id: 'req-1',
        media_id: id,
        add_path: `/us/v1/media/${id}/multipart-upload-v2?action=ADD`,
        finalize_path: `/us/v1/media/${id}/multipart-upload-v2?action=FINALIZE`,
      },
    };
  }

  private multipart(id: string, req: Received): Reply {
    const media = this.media.get(id);
    if (!media || !String(req.headers['content-type']).startsWith('multipart/form-data')) {
      return snapError(400, 'E1002', 'multipart/form-data to a known media');
    }
    const form = parseMultipart(req);
    const action = req.query.get('action');
    if (action === 'ADD' && form.get('action')?.toString() === 'ADD') {
      const part = Number(form.get('part_number'));
      const file = form.get('file') as Buffer | undefined;
      if (!(part >= 1) || !file || file.length > 32 * 1024 * 1024) {
        return snapError(400, 'E1002', 'part_number ≥ 1 and a file part of at most 32 MB');
      }
      media.parts.set(part, file);
      return { status: 200, json: { request_status: 'SUCCESS', request_id: 'req-1' } };
    }
    if (action === 'FINALIZE' && form.get('action')?.toString() === 'FINALIZE') {
      const numbers = [...media.parts.keys()].sort((a, b) => a - b);
      if (numbers.some((n, i) => n !== i + 1)) {
        return snapError(400, 'E1002', 'parts are missing');
      }
      const decipher = createDecipheriv('aes-256-cbc', media.key, media.iv);
      const cipher = Buffer.concat(numbers.map((n) => media.parts.get(n)!));
      media.plain = Buffer.concat([decipher.update(cipher), decipher.final()]);
      return {
        status: 200,
        json: { request_status: 'SUCCESS', request_id: 'req-1', media_id: id },
      };
    }
    return snapError(400, 'E1002', 'unknown action');
  }

  private create(profileId: string, surface: string, req: Received): Reply {
    const body = req.json ?? {};
    const mediaIds =
      surface === 'saved_stories'
        ? (
            (body.saved_stories as { snap_sources: { media_id: string }[] }[] | undefined)?.[0]
              ?.snap_sources ?? []
          ).map((s) => s.media_id)
        : [String(body.media_id)];
    const media = this.media.get(mediaIds[0]);
    if (!media?.plain || media.profileId !== profileId) {
      return snapError(400, 'E1002', 'media_id is not an uploaded media of this profile');
    }
    if (surface === 'spotlights' && (media.type !== 'VIDEO' || typeof body.locale !== 'string')) {
      return snapError(400, 'E1002', 'Spotlight takes a video and a locale');
    }
    const id = `${surface}-${this.next++}`;
    this.created.push({ surface, profileId, body, id });
    const lost = this.loseNextCreateAnswer;
    this.loseNextCreateAnswer = undefined;
    if (lost) {
      return lost;
    }
    const key =
      surface === 'stories' ? 'story' : surface === 'saved_stories' ? 'saved_story' : 'spotlight';
    return {
      status: 200,
      json: {
        request_status: 'SUCCESS',
        request_id: 'req-1',
        [surface]: [{ sub_request_status: 'SUCCESS', [key]: { id } }],
      },
    };
  }
}

/** A tiny multipart/form-data reader: field values as strings, files as Buffers. */
function parseMultipart(req: Received): Map<string, Buffer | string> {
  const boundary = /boundary=(.+)$/.exec(String(req.headers['content-type']))?.[1] ?? '';
  const fields = new Map<string, Buffer | string>();
  const delimiter = Buffer.from(`--${boundary}`);
  let start = req.body.indexOf(delimiter) + delimiter.length;
  while (start > delimiter.length - 1) {
    const end = req.body.indexOf(delimiter, start);
    if (end < 0) {
      break;
    }
    const part = req.body.subarray(start + 2, end - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString();
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    const value = part.subarray(headerEnd + 4);
    if (name) {
      fields.set(name, /filename=/.test(headers) ? Buffer.from(value) : value.toString());
    }
    start = end + delimiter.length;
  }
  return fields;
}
