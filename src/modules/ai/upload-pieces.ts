const WAV_TYPES = new Set(['audio/wav', 'audio/x-wav', 'audio/vnd.wave', 'audio/wave']);
const HEADER_BYTES = 44;

/**
 * The file as the API will take it: whole when it fits `maxBytes`, else (WAV only) cut into
 * fixed windows of whole sample frames, each a complete WAV file, whose transcripts are joined
 * in order. PCM can be cut anywhere on a frame boundary without decoding, so no ffmpeg is needed.
 */
export function uploadPieces(file: Buffer, mimeType: string, maxBytes: number): Buffer[] {
  if (file.length <= maxBytes) {
    return [file];
  }
  if (!WAV_TYPES.has(mimeType)) {
    throw new Error(`Only WAV files can be split (got ${mimeType})`);
  }
  const { fmt, data } = wavChunks(file);
  const blockAlign = fmt.readUInt16LE(12);
  const perPiece =
    Math.floor((maxBytes - HEADER_BYTES - fmt.length + 16) / blockAlign) * blockAlign;
  if (blockAlign === 0 || perPiece <= 0) {
    throw new Error('The WAV file cannot be split below the upload limit');
  }
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += perPiece) {
    pieces.push(wavFile(fmt, data.subarray(offset, Math.min(data.length, offset + perPiece))));
  }
  return pieces;
}

function wavChunks(file: Buffer): { fmt: Buffer; data: Buffer } {
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('Not a RIFF/WAVE file');
  }
  let fmt: Buffer | undefined;
  for (let offset = 12; offset + 8 <= file.length;) {
    const id = file.toString('ascii', offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = file.subarray(offset + 8, Math.min(file.length, offset + 8 + size));
    if (id === 'fmt ') {
      fmt = body;
    } else if (id === 'data' && fmt) {
      return { fmt, data: body };
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('The WAV file has no fmt and data chunks');
}

function wavFile(fmt: Buffer, data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'ascii');
  head.writeUInt32LE(4 + 8 + fmt.length + 8 + data.length, 4);
  head.write('WAVE', 8, 'ascii');
  const fmtHeader = Buffer.alloc(8);
  fmtHeader.write('fmt ', 0, 'ascii');
  fmtHeader.writeUInt32LE(fmt.length, 4);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'ascii');
  dataHeader.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, fmtHeader, fmt, dataHeader, data]);
}
