import { useEffect, type ReactNode } from 'react';

/** Sets the window title while a page shows. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ml-connector` : 'ml-connector';
  }, [title]);
}

/** The page's title (also the window title), an optional line under it, and actions on the right. */
export function PageHeader({
  title,
  titleExtra,
  subtitle,
  actions,
  back,
}: {
  title: string;
  /** Shown after the title (e.g. a status badge). */
  titleExtra?: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  /** A link above the title, e.g. back to the list. */
  back?: { href: string; label: string };
}) {
  useDocumentTitle(title);
  return (
    <header className="page-header">
      <div className="page-header-text">
        {back && (
          <a className="back-link" href={back.href}>
            <span aria-hidden="true">←</span> {back.label}
          </a>
        )}
        <div className="page-title-row">
          <h1>{title}</h1>
          {titleExtra}
        </div>
        {subtitle && <p className="page-subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
