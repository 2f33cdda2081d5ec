import { useState, type ReactNode } from 'react';
import type { StatementLineView } from '../../../shared/loyalty';

const ROW = 28;
const HEIGHT = 240;
const OVERSCAN = 6;

/**
 * The statement, virtualised: only the rows in view (and a few around) are in the DOM, so a customer with
 * thousands of events scrolls as lightly as one with ten; near the end the next page is asked for.
 */
export function StatementList({
  lines,
  render,
  onNearEnd,
  label,
}: {
  label: string;
  lines: readonly StatementLineView[];
  render: (line: StatementLineView) => ReactNode;
  onNearEnd: () => void;
}) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((top + HEIGHT) / ROW) + OVERSCAN);
  return (
    <div
      className="statement"
      style={{ height: Math.min(HEIGHT, Math.max(ROW, lines.length * ROW)) }}
      role="list"
      aria-label={label}
      data-testid="statement"
      onScroll={(e) => {
        const el = e.currentTarget;
        setTop(el.scrollTop);
        if (el.scrollTop + el.clientHeight > el.scrollHeight - 10 * ROW) onNearEnd();
      }}
    >
      <div style={{ height: lines.length * ROW, position: 'relative' }}>
        {lines.slice(first, last).map((line, i) => (
          <div role="listitem" key={line.id} className="statement-row" style={{ position: 'absolute', top: (first + i) * ROW, height: ROW }}>
            {render(line)}
          </div>
        ))}
      </div>
    </div>
  );
}
