/** Meta writes times as `2026-11-29T18:00:00+0000`, which Date.parse does not take everywhere. */
export function parseGraphTime(value: unknown): number {
  return typeof value === 'string'
    ? Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'))
    : Number.NaN;
}
