import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

/** A visible label tied to its control (the control gets the id). */
export function Field({
  label,
  children,
  hint,
  className,
}: {
  label: ReactNode;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
  hint?: ReactNode;
  className?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': hint ? hintId : undefined })}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}
