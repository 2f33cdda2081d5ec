import { readSetting, writeSetting, type Store } from '../store/store';
import { audit } from './auditLog';
import type { Role, Session } from './roles';
import { deriveAuthorityKey, type Authority } from '../authority/signing';

export const DEFAULT_AUTO_LOCK_MINUTES = 5;
const AUTO_LOCK_SETTING = 'auto_lock_minutes';

export type SignInMethod = 'pin' | 'password';

/**
 * Who is at the keyboard of one transport connection (the Electron window, one web harness token). The core,
 * not the UI, holds this: dispatch reads it for every call. It locks itself after the device's idle time even
 * if the renderer never says so, so a forgotten screen at the counter stops answering.
 */
export class DeviceSession {
  private session: Session | null = null;
  private signedInWith: SignInMethod | null = null;
  private authorityKey: Authority | null = null;
  private shortPin = false;
  private lastActiveAt = 0;

  constructor(private readonly store: Store) {}

  /** The signed-in staff member, or null; an idle session is locked (and audited) on the way. */
  current(): Session | null {
    if (!this.session) return null;
    if (this.store.now().getTime() - this.lastActiveAt > autoLockMinutes(this.store) * 60_000) {
      this.end('lock', { reason: 'idle' });
      return null;
    }
    // The account may have changed since sign-in (here or on another device, through sync): deactivated or
    // deleted ends the session; a new role applies from the next call.
    const row = this.store.sqlite
      .prepare('SELECT role, outlet_id, active, deleted_at FROM staff WHERE id = ?')
      .get(this.session.staffId) as { role: Role; outlet_id: string | null; active: number; deleted_at: string | null } | undefined;
    if (!row || row.active !== 1 || row.deleted_at) {
      this.end('lock', { reason: 'revoked' });
      return null;
    }
    if (row.role !== this.session.role || row.outlet_id !== this.session.outletId)
      this.session = { ...this.session, role: row.role, outletId: row.outlet_id };
    return this.session;
  }

  get method(): SignInMethod | null {
    return this.session ? this.signedInWith : null;
  }

  /** The key the secret typed at sign-in yields: it signs this session's changes that need authority (authority/). */
  get authority(): Authority | null {
    return this.session ? this.authorityKey : null;
  }

  /** Whether this session was opened with a PIN shorter than a new one may be (one set before 6 digits). */
  get signedInWithShortPin(): boolean {
    return !!this.session && this.shortPin;
  }

  start(session: Session, method: SignInMethod, options: { secret?: string; shortPin?: boolean } = {}): void {
    this.session = session;
    this.signedInWith = method;
    this.shortPin = options.shortPin ?? false;
    this.authorityKey = options.secret
      ? { staffId: session.staffId, kind: method, key: deriveAuthorityKey(options.secret, session.staffId, method) }
      : null;
    this.touch();
  }

  pinChanged(): void {
    this.shortPin = false;
  }

  touch(): void {
    this.lastActiveAt = this.store.now().getTime();
  }

  /** Signs out (or locks): the audit keeps who left and why. */
  end(action: 'sign_out' | 'lock', details: Record<string, unknown> = {}): void {
    if (!this.session) return;
    const leaving = this.session;
    this.session = null;
    this.signedInWith = null;
    this.authorityKey = null;
    this.shortPin = false;
    audit(this.store, leaving, { action, details });
  }
}

export function autoLockMinutes(store: Store): number {
  const value = Number(readSetting(store.sqlite, AUTO_LOCK_SETTING));
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_AUTO_LOCK_MINUTES;
}

export function setAutoLockMinutes(store: Store, minutes: number): void {
  writeSetting(store.sqlite, AUTO_LOCK_SETTING, String(minutes));
}
