import { useId, type ReactNode } from 'react';

/** A titled panel. With a title it is a labelled region for screen readers. */
export function Card({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  return (
    <section
      className={`card${className ? ` ${className}` : ''}`}
      aria-labelledby={title ? id : undefined}
      data-testid={testId}
    >
      {(title || actions) && (
        <div className="card-header">
          {title && (
            <h2 className="card-title" id={id}>
              {title}
            </h2>
          )}
          {actions && <div className="card-actions">{actions}</div>}
        </div>
      )}
      <div className="card-body">{children}</div>
    </section>
  );
}

/** A big number with a label, optionally a link (dashboard counts, report totals). */
export function StatTile({
  label,
  value,
  hint,
  href,
  tone,
  title,
  testId,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  href?: string;
  tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info' | 'violet';
  /** Tooltip (what the number means). */
  title?: string;
  testId?: string;
}) {
  const body = (
    <>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId ? `${testId}-value` : undefined}>
        {value}
      </span>
      {hint && <span className="stat-hint">{hint}</span>}
    </>
  );
  const cls = `stat-tile tone-${tone ?? 'neutral'}`;
  return href ? (
    <a className={`${cls} stat-link`} href={href} title={title} data-testid={testId}>
      {body}
    </a>
  ) : (
    <div className={cls} title={title} data-testid={testId}>
      {body}
    </div>
  );
}
