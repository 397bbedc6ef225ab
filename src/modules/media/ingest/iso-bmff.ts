import { promises as fs } from 'node:fs';

/** The movie header's facts about an MP4 / QuickTime file. */
export interface MovieHeader {
  durationSeconds?: number;
  width?: number;
  height?: number;
}

const CONTAINERS = new Set(['moov', 'trak']);
/** A `moov` larger than this is not a header we should read into memory. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/**
 * Reads `moov/mvhd` (duration, for any track kind: music-metadata only reports audio tracks)
 * and the first visual `trak/tkhd` (display size). Top-level boxes are walked by offset, so a
 * trailing `moov` behind gigabytes of `mdat` costs a few reads, not a scan.
 */
export async function readMovieHeader(file: string): Promise<MovieHeader> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    let offset = 0;
    while (offset + 8 <= size) {
      const head = Buffer.alloc(16);
      await handle.read(head, 0, 16, offset);
      let boxSize = head.readUInt32BE(0);
      const type = head.toString('latin1', 4, 8);
      let headerSize = 8;
      if (boxSize === 1) {
        boxSize = Number(head.readBigUInt64BE(8));
        headerSize = 16;
      } else if (boxSize === 0) {
        boxSize = size - offset;
      }
      if (boxSize < headerSize) {
        return {};
      }
      if (type === 'moov') {
        const length = Math.min(boxSize - headerSize, MAX_MOOV_BYTES, size - offset - headerSize);
        const moov = Buffer.alloc(length);
        await handle.read(moov, 0, length, offset + headerSize);
        return parseBoxes(moov, {});
      }
      offset += boxSize;
    }
    return {};
  } finally {
    await handle.close();
  }
}

function parseBoxes(data: Buffer, header: MovieHeader): MovieHeader {
  let offset = 0;
  while (offset + 8 <= data.length) {
    const boxSize = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    if (boxSize < 8 || offset + boxSize > data.length) {
      break;
    }
    const body = data.subarray(offset + 8, offset + boxSize);
    if (type === 'mvhd') {
      header.durationSeconds = mvhdDuration(body);
    } else if (type === 'tkhd' && header.width === undefined) {
      Object.assign(header, tkhdSize(body));
    } else if (CONTAINERS.has(type)) {
      parseBoxes(body, header);
    }
    offset += boxSize;
  }
  return header;
}

function mvhdDuration(body: Buffer): number | undefined {
  const version = body[0];
  const timescale = version === 1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
  const duration = version === 1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
  return timescale > 0 && duration > 0 ? duration / timescale : undefined;
}

/** Width and height are 16.16 fixed point at the end of tkhd; audio tracks have 0 x 0. */
function tkhdSize(body: Buffer): Pick<MovieHeader, 'width' | 'height'> {
  const width = Math.round(body.readUInt32BE(body.length - 8) / 65536);
  const height = Math.round(body.readUInt32BE(body.length - 4) / 65536);
  return width > 0 && height > 0 ? { width, height } : {};
}
