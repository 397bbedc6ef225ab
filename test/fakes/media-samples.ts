import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';

/** Small but real media files built byte by byte, so tests need no binary fixtures. */

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
}

export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.concat([u32(width), u32(height), Buffer.from([8, 6, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function gif(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'ascii');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  return Buffer.concat([header, Buffer.from([0x3b])]);
}

export function jpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01,
    0x00, 0x00,
  ]);
  const sof = Buffer.from([
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
  ]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** 8 kHz mono 8-bit PCM. */
export function wav(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * seconds, 0x80);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'ascii'), body]);
}

const FTYP = box('ftyp', Buffer.from('isom', 'ascii'), u32(0x200), Buffer.from('isomiso2mp41'));

/** A video track header: 16.16 fixed-point width and height in its last 8 bytes. */
function trak(width: number, height: number): Buffer {
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(width * 65536, 76);
  tkhd.writeUInt32BE(height * 65536, 80);
  return box('trak', box('tkhd', tkhd));
}

function moov(seconds: number, width = 1280, height = 720): Buffer {
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(1000, 12);
  mvhd.writeUInt32BE(Math.round(seconds * 1000), 16);
  mvhd.writeUInt32BE(0x00010000, 20);
  mvhd.writeUInt16BE(0x0100, 24);
  mvhd.writeUInt32BE(0x00010000, 36);
  mvhd.writeUInt32BE(0x00010000, 52);
  mvhd.writeUInt32BE(0x40000000, 68);
  mvhd.writeUInt32BE(2, 96);
  return box('moov', box('mvhd', mvhd), trak(width, height));
}

/** A 1280x720 MP4 whose movie header says `seconds`, its `moov` after the media data. */
export function mp4(seconds: number, payload = 1024): Buffer {
  return Buffer.concat([FTYP, box('mdat', Buffer.alloc(payload, 7)), moov(seconds)]);
}

/**
 * An MP4 of exactly `total` bytes, generated as it is read, for memory and throughput tests:
 * the header, then one large `mdat` box whose content is a repeated chunk.
 */
export function mp4Stream(total: number, seconds = 60): Readable {
  const head = Buffer.concat([FTYP, moov(seconds)]);
  const mdatHeader = Buffer.concat([u32(1), Buffer.from('mdat', 'ascii'), Buffer.alloc(8)]);
  mdatHeader.writeBigUInt64BE(BigInt(total - head.length), 8);
  const chunk = Buffer.alloc(256 * 1024, 0x5a);
  let sent = 0;
  return new Readable({
    read() {
      if (sent === 0) {
        const first = Buffer.concat([head, mdatHeader]);
        sent = first.length;
        this.push(first);
        return;
      }
      const left = total - sent;
      if (left <= 0) {
        this.push(null);
        return;
      }
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      sent += piece.length;
      this.push(piece);
    },
  });
}

export const HTML_PAGE = Buffer.from('<!DOCTYPE html><html><body>Not media</body></html>');
export const ZIP = Buffer.from('504b0304140000000800', 'hex');
