import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A top-bar tab that opens a list of further tabs (the WAI-ARIA disclosure pattern for navigation: the items stay
 * buttons, reached with Tab). Escape or a click elsewhere closes it; choosing an item closes it too.
 */
export function NavGroup({ label, current, children }: { label: string; current: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  return (
    <div
      className="nav-group"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
      onBlur={(e) => {
        if (!root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className={current ? 'tab group-current' : 'tab'}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        // A click on any item (a tab button) closes the list after the item has done its work.
        <div id={listId} className="nav-group-items" onClick={() => setOpen(false)}>
          {children}
        </div>
      )}
    </div>
  );
}
