import { renderText, unknownPlaceholders } from './text-template';

describe('automation text templates', () => {
  it('should replace each known placeholder, spaces inside the braces allowed', () => {
    expect(
      renderText('{{text}} — first on {{ platform }}: {{url}}', {
        text: 'Hello',
        platform: 'x',
        url: 'https://x.com/1',
      }),
    ).toBe('Hello — first on x: https://x.com/1');
  });

  it('should leave text without placeholders, and values containing braces, alone', () => {
    expect(renderText('plain {text}', { text: 'no' })).toBe('plain {text}');
    expect(renderText('{{text}}', { text: '{{url}}', url: 'u' })).toBe('{{url}}');
  });

  it('should name the placeholders a template may not use', () => {
    expect(unknownPlaceholders('{{text}} {{transcript}} {{nope}}', ['text', 'url'])).toEqual([
      'transcript',
      'nope',
    ]);
  });
});
