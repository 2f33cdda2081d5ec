import { describe, expect, it } from 'vitest';
import { closeStore, scanningView, type Store } from '../../electron/core/store/store';
import { tempStore } from '../support/tempStore';

describe('the scanning connection', () => {
  it('is one per open store, shared by views of the store (the scheduled pass scans through one), and closed with it', () => {
    const store = tempStore();
    const asDevice = Object.create(store, { staff: { value: null } }) as Store;
    const fromView = scanningView(asDevice);
    const fromStore = scanningView(store);
    expect(fromView.sqlite).not.toBe(store.sqlite);
    expect(fromView.sqlite).toBe(fromStore.sqlite);
    expect(fromView.staff).toBeNull();
    expect(fromView.sqlite.readonly).toBe(true);
    closeStore(store);
    expect(fromView.sqlite.open).toBe(false);
  });
});
