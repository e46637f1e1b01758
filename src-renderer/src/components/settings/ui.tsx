import { useEffect, useId, useState, type ReactNode } from 'react';
import { formatDate as sharedDate, formatMoney as sharedMoney } from '../../../../shared/format';

/** A labelled form control with an inline hint and the API's validation message under it. */
export function Field({
  label,
  hint,
  error,
  children,
  optional = false,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  /** Render prop: wire the ids to the control. */
  children: (ids: {
    id: string;
    'aria-describedby': string | undefined;
    'aria-invalid': boolean;
  }) => ReactNode;
  optional?: boolean;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const describedBy = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`u-field${error ? ' u-field-invalid' : ''}`}>
      <label htmlFor={id} className="u-label">
        {label}
        {optional ? <span className="u-optional"> (optional)</span> : null}
      </label>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': Boolean(error) })}
      {hint ? (
        <p id={hintId} className="u-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errId} className="u-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A message strip: results of actions (role=status) or problems (role=alert). */
export function Banner({
  tone = 'info',
  children,
  onDismiss,
  testId,
}: {
  tone?: Tone;
  children: ReactNode;
  onDismiss?: () => void;
  testId?: string;
}) {
  return (
    <div
      className={`u-banner u-banner-${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <div className="u-banner-text">{children}</div>
      {onDismiss ? (
        <button type="button" className="u-icon-btn" aria-label="Dismiss message" onClick={onDismiss}>
          <span aria-hidden="true">×</span>
        </button>
      ) : null}
    </div>
  );
}

/** A settings card with a heading, a short explanation and its own Save row. */
export function Section({
  id,
  title,
  intro,
  children,
  aside,
}: {
  id: string;
  title: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
  aside?: ReactNode;
}) {
  return (
    <section className="u-card" aria-labelledby={`${id}-title`} id={id}>
      <div className="u-card-head">
        <div>
          <h2 id={`${id}-title`} tabIndex={-1}>
            {title}
          </h2>
          {intro ? <p className="u-card-intro">{intro}</p> : null}
        </div>
        {aside ? <div className="u-card-aside">{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}

export function Pill({ tone = 'neutral', children }: { tone?: 'neutral' | Tone; children: ReactNode }) {
  return <span className={`u-pill u-pill-${tone}`}>{children}</span>;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="u-spinner" role="progressbar" aria-label={label} />;
}

/** A value that settles `ms` after the last change (for search boxes). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** Money the way the rest of the app shows it. */
export function formatMoney(n: number | null | undefined): string {
  return sharedMoney(n);
}

export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const secs = Math.round((Date.now() - d.getTime()) / 1000);
  if (secs >= 0 && secs < 60) return 'just now';
  if (secs >= 0 && secs < 3600) return `${Math.round(secs / 60)} min ago`;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string | null | undefined): string {
  return sharedDate(iso);
}
