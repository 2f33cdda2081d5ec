/**
 * Progress for long operations (demo seeding today; import and export when they land in the contract).
 * Without a fraction it is indeterminate: the bar moves so the clerk knows the app has not frozen.
 */
export function ProgressBar({ label, value }: { label: string; value?: number }) {
  const percent = value === undefined ? undefined : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-busy="true">
      <div className="progress-track">
        <div className={percent === undefined ? 'progress-fill indeterminate' : 'progress-fill'} style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
      <span className="progress-label">
        {label}
        {percent !== undefined && ` ${percent}%`}
      </span>
    </div>
  );
}
