export const THEMES = ['light', 'dark'] as const;
export type ThemeName = (typeof THEMES)[number];

export interface Theme {
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
}

export const PALETTES: Record<ThemeName, Theme> = {
  light: {
    background: '#eef2f7',
    surface: '#ffffff',
    text: '#0f1419',
    muted: '#536471',
    border: '#dbe2ea',
  },
  dark: {
    background: '#0b0f14',
    surface: '#16202a',
    text: '#f5f8fa',
    muted: '#8b98a5',
    border: '#2f3b47',
  },
};

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;
