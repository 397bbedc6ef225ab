import { uploadPieces } from './upload-pieces';

/** 8 kHz mono 16-bit PCM: 2-byte frames. */
function wav(frames: number): Buffer {
  const data = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    data.writeInt16LE(i % 30000, i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('uploadPieces', () => {
  it('sends a file under the limit whole', () => {
    const file = wav(100);
    expect(uploadPieces(file, 'audio/wav', file.length)).toEqual([file]);
  });

  it('cuts a large WAV into valid WAV files of whole frames that add up to the original', () => {
    const file = wav(10_001);
    const pieces = uploadPieces(file, 'audio/wav', 4_001);
    expect(pieces.length).toBe(6);
    const samples: Buffer[] = [];
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4_001);
      expect(piece.toString('ascii', 0, 4)).toBe('RIFF');
      expect(piece.readUInt32LE(4)).toBe(piece.length - 8);
      const dataBytes = piece.readUInt32LE(40);
      expect(dataBytes % 2).toBe(0);
      expect(piece.length).toBe(44 + dataBytes);
      samples.push(piece.subarray(44));
    }
    expect(Buffer.concat(samples)).toEqual(file.subarray(44));
  });

  it('refuses to split what it cannot cut without decoding', () => {
    expect(() => uploadPieces(Buffer.alloc(5000), 'audio/mpeg', 4000)).toThrow(/Only WAV/);
  });
});
