const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\s*\}\}/g;

/** What a template may say about the published post it reacts to. */
export type TemplateValues = Record<string, string>;

/** The placeholders a template uses that `known` does not name (empty when it is fine). */
export function unknownPlaceholders(template: string, known: readonly string[]): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((match) => match[1])
    .filter((name) => !known.includes(name));
}

/** `{{name}}` replaced by its value; the text is otherwise left exactly as written. */
export function renderText(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}
