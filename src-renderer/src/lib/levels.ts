import type { Tone } from '../components/Badge';

/** Audit levels in words and colours. */
export const levelLabel = (level: string): string =>
  level === 'error' ? 'Error' : level === 'warn' ? 'Warning' : level === 'info' ? 'Info' : level;

export const levelTone = (level: string): Tone =>
  level === 'error' ? 'bad' : level === 'warn' ? 'warn' : 'info';
