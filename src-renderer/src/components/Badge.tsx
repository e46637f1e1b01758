import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'muted' | 'info' | 'violet' | 'good' | 'warn' | 'bad';

/** A small coloured label; the text always says what the colour means. */
export function Badge({
  tone = 'neutral',
  children,
  title,
  testId,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span className={`badge tone-${tone}`} title={title} data-testid={testId}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}
