import { promises as fs } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import { imageSizeFromFile } from 'image-size/fromFile';
import { parseFile } from 'music-metadata';
import { UploadFailedError } from '../media.errors';
import { readMovieHeader } from './iso-bmff';

/** What the bytes themselves say the file is. */
export interface MediaProbe {
  mimeType: string;
  /** Extension for the stored object's name, derived from the detected type. */
  extension: string;
  width?: number;
  height?: number;
  durationSeconds?: number;
}

const MEDIA_KINDS = /^(image|video|audio)\//;
/** MP4 / QuickTime family: their movie header carries duration and size for every track kind. */
const ISO_BMFF = new Set([
  'video/mp4',
  'video/quicktime',
  'video/x-m4v',
  'video/3gpp',
  'video/3gpp2',
  'audio/mp4',
  'audio/x-m4a',
]);
const HTML = /^\s*(<!doctype html|<html|<head|<body|<!--)/i;

/**
 * Sniffs the type from magic numbers (never the name or the origin's header) and reads
 * dimensions or duration where the container says them. Only images, videos and audio pass.
 */
export async function probeMedia(file: string): Promise<MediaProbe> {
  const detected = await fileTypeFromFile(file);
  if (!detected) {
    throw new UploadFailedError(await describeUnknown(file));
  }
  if (!MEDIA_KINDS.test(detected.mime)) {
    throw new UploadFailedError(
      `The file is ${detected.mime} (.${detected.ext}); only images, videos and audio are accepted`,
    );
  }
  const probe: MediaProbe = { mimeType: detected.mime, extension: detected.ext };
  if (detected.mime.startsWith('image/')) {
    Object.assign(probe, await dimensions(file));
  } else if (ISO_BMFF.has(detected.mime)) {
    Object.assign(probe, await readMovieHeader(file).catch(() => ({})));
    probe.durationSeconds ??= await duration(file);
  } else {
    probe.durationSeconds = await duration(file);
  }
  return probe;
}

async function dimensions(file: string): Promise<Pick<MediaProbe, 'width' | 'height'>> {
  try {
    const size = await imageSizeFromFile(file);
    const rotated = size.orientation !== undefined && size.orientation >= 5;
    return rotated
      ? { width: size.height, height: size.width }
      : { width: size.width, height: size.height };
  } catch {
    // A format image-size cannot read: the type is still known, the dimensions are not.
    return {};
  }
}

async function duration(file: string): Promise<number | undefined> {
  try {
    const { format } = await parseFile(file, { skipCovers: true });
    const seconds = format.duration;
    return seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  } catch {
    // The container does not say, or is not one the parser reads.
    return undefined;
  }
}

async function describeUnknown(file: string): Promise<string> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
    if (bytesRead === 0) {
      return 'The file is empty';
    }
    const head = buffer.subarray(0, bytesRead).toString('utf8');
    if (HTML.test(head)) {
      return 'The URL returned an HTML page, not a media file';
    }
    if (isText(buffer.subarray(0, bytesRead))) {
      return 'The file is text, not media; only images, videos and audio are accepted';
    }
    return 'Unrecognised file type: only images, videos and audio are accepted';
  } finally {
    await handle.close();
  }
}

function isText(bytes: Buffer): boolean {
  return bytes.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b !== 127));
}
