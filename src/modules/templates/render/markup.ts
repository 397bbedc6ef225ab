/** CSS as satori reads it (flexbox only; numbers are pixels). */
export type Style = Record<string, string | number>;

/** The element tree satori lays out: plain data, so it can cross to a worker thread. */
export interface Markup {
  type: string;
  props: {
    style?: Style;
    src?: string;
    width?: number;
    height?: number;
    children?: Markup | string | (Markup | string)[];
  };
}

export type Child = Markup | string | false | null | undefined;

/** Builds an element; false/null/undefined children are dropped, so optional parts read inline. */
export function h(
  type: string,
  props: Omit<Markup['props'], 'children'>,
  ...children: Child[]
): Markup {
  const kept = children.filter((child): child is Markup | string => Boolean(child));
  return { type, props: kept.length > 0 ? { ...props, children: kept } : props };
}
