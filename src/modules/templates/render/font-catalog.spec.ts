import { covers, parseUnicodeRange, readFontsource } from './font-catalog';

describe('parseUnicodeRange', () => {
  it('should read single code points, ranges and wildcards', () => {
    expect(parseUnicodeRange('U+0000-00FF, U+0131,U+4??')).toEqual([
      [0x0, 0xff],
      [0x131, 0x131],
      [0x400, 0x4ff],
    ]);
  });
});

describe('readFontsource', () => {
  it('should list each woff subset with its ranges', () => {
    const faces = readFontsource('@fontsource/inter', 400);
    const latin = faces.find((face) => face.file.endsWith('inter-latin-400-normal.woff'));
    expect(latin).toBeDefined();
    expect(covers(latin!, 'A'.codePointAt(0)!)).toBe(true);
    expect(covers(latin!, 'Ж'.codePointAt(0)!)).toBe(false);
    expect(faces.some((face) => covers(face, 'Ж'.codePointAt(0)!))).toBe(true);
  });
});
