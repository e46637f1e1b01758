/** A labelled progress bar (native <progress>, so assistive tech reads the value). Indeterminate without `percent`. */
export function ProgressBar({
  label,
  percent,
  detail,
  testId,
}: {
  label: string;
  percent?: number | null;
  detail?: string;
  testId?: string;
}) {
  const value = percent === undefined || percent === null ? undefined : Math.max(0, Math.min(100, percent));
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-text">
        <span className="progress-label">{label}</span>
        <span className="progress-value">{value === undefined ? detail : `${Math.round(value)}%`}</span>
      </div>
      <progress max={100} value={value} aria-label={label}>
        {value === undefined ? '' : `${Math.round(value)}%`}
      </progress>
      {value !== undefined && detail && <span className="progress-detail">{detail}</span>}
    </div>
  );
}
