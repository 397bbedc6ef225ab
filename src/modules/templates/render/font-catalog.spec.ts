import { covers, draws, mappedCodePoints, parseUnicodeRange, readFontsource } from './font-catalog';

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

describe('draws', () => {
  const arrow = 0x2192;

  it('should trust the cmap over a face that declares a glyph it lacks', () => {
    const declared = readFontsource('@fontsource/noto-sans-symbols-2', 400).filter((face) =>
      covers(face, arrow),
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.some((face) => draws(face, arrow))).toBe(false);
  });

  it('should find the arrow in Noto Sans Math', () => {
    const [math] = readFontsource('@fontsource/noto-sans-math', 400);
    expect(mappedCodePoints(math.file).has(arrow)).toBe(true);
  });
});
