import { parse } from '@shuding/opentype.js';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Font } from 'satori';
import { BUILT_IN_TEMPLATES } from '../templates';
import type { TemplateDefinition } from '../templates/template';
import { canvasFor } from './canvas';
import { EmojiImages } from './emoji';
import { FontSet } from './font-set';
import type { Markup } from './markup';
import { OgRenderer } from './og-renderer';

/** Text from the scripts and symbols people put on cards, each short enough for any field. */
const SAMPLES = [
  'Café déjà vu — Ça va? Straße',
  'Tiếng Việt: chào thế giới',
  'Привет, мир! Ελληνικά γράμματα',
  'مرحبا بالعالم العربي',
  'שלום עולם, עברית',
  'नमस्ते दुनिया, हिन्दी',
  'สวัสดีชาวโลก ภาษาไทย',
  'こんにちは世界、カタカナ「テスト」',
  '你好，世界！简体中文',
  '안녕하세요 세계, 한국어',
  'Next → ← ↑ ↓ ↔ ⇒ ✓ ★ ☆ ✦ ⌘',
  '• … € £ ¥ ₹ © ® ™ ° ± × ÷',
  '≠ ≤ ≥ ∞ √ “quotes” ‘single’ ½',
  'Launch 🚀 ❤️ 👍🏽 ☀ ✉ ☎ ♥',
];

/** The documented free-text fields of a config: those with a length limit, URLs aside. */
function textFields(template: TemplateDefinition): { name: string; maxLength: number }[] {
  const proto = template.config.prototype as object;
  const names = (Reflect.getMetadata('swagger/apiModelPropertiesArray', proto) ?? []) as string[];
  return names.flatMap((entry) => {
    const name = entry.replace(/^:/, '');
    const meta = Reflect.getMetadata('swagger/apiModelProperties', proto, name) as {
      maxLength?: number;
      format?: string;
    };
    return meta.maxLength !== undefined && meta.format === undefined
      ? [{ name, maxLength: meta.maxLength }]
      : [];
  });
}

function textOf(markup: Markup | string): string {
  if (typeof markup === 'string') {
    return markup;
  }
  const children = markup.props.children ?? [];
  return (Array.isArray(children) ? children : [children]).map(textOf).join(' ');
}

const mapped = new Map<Buffer, Set<number>>();
function codePointsOf(font: Font): Set<number> {
  const data = font.data as Buffer;
  let set = mapped.get(data);
  if (!set) {
    const { glyphIndexMap } = parse(
      data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    ).tables.cmap;
    set = new Set(Object.keys(glyphIndexMap).map(Number));
    mapped.set(data, set);
  }
  return set;
}

/** Whitespace, joiners, variation selectors and skin tones: no glyph of their own. */
const INVISIBLE = /^(?:\s|\u200d|\ufe0f|[\u{1f3fb}-\u{1f3ff}])$/u;

/**
 * Satori draws a box for a character no font it was given maps. Every template is rendered with
 * every text field full of many scripts and symbols; each visible character must be mapped by
 * the cmap of a font the render loaded, or be drawn as an emoji picture.
 */
describe('glyph coverage of the templates', () => {
  const renderer = new OgRenderer();
  // satori keeps the fallback fonts it was handed with the primary ones, for later renders too.
  const loaded: Font[] = [...new FontSet().primary];
  let pictured: string[] = [];

  beforeEach(() => {
    pictured = [];
    const fallbackFor = FontSet.prototype.fallbackFor;
    jest.spyOn(FontSet.prototype, 'fallbackFor').mockImplementation(function (this: FontSet, ...a) {
      const fonts = fallbackFor.apply(this, a);
      loaded.push(...fonts);
      return fonts;
    });
    const dataUri = EmojiImages.prototype.dataUri;
    jest.spyOn(EmojiImages.prototype, 'dataUri').mockImplementation(function (
      this: EmojiImages,
      g,
    ) {
      const uri = dataUri.call(this, g);
      if (uri) {
        pictured.push(g);
      }
      return uri;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  const cases = BUILT_IN_TEMPLATES.flatMap((template) =>
    SAMPLES.map((sample) => [template.slug, sample, template] as const),
  );

  it.each(cases)('%s draws every glyph of %j', async (_slug, sample, template) => {
    const fields = textFields(template);
    expect(fields.length).toBeGreaterThan(0);
    const raw = Object.fromEntries(
      fields.map(({ name, maxLength }) => [name, [...sample].slice(0, maxLength).join('')]),
    );
    const config = plainToInstance(template.config, raw);
    expect(validateSync(config)).toEqual([]);
    const canvas = canvasFor();
    const markup = template.markup(config, canvas, {});
    await renderer.render({ markup, ...canvas, format: 'png' });

    const covered = new Set(loaded.flatMap((font) => [...codePointsOf(font)]));
    const pictures = new Set(pictured.flatMap((g) => [...g]));
    const missing = [...new Set(textOf(markup))].filter(
      (char) => !INVISIBLE.test(char) && !pictures.has(char) && !covered.has(char.codePointAt(0)!),
    );
    expect(missing).toEqual([]);
  });
});
