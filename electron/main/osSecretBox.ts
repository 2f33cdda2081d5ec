import { safeStorage } from 'electron';
import type { SecretBox } from '../core/store/secretBox';

/**
 * Electron's safeStorage when it really uses the OS keystore (DPAPI, Keychain, libsecret, KWallet). On Linux with
 * no keyring it falls back to a fixed key ('basic_text'), which would only look like protection: the token then
 * stays in clear in the 0600 store file. Call after the app's `ready` event.
 */
export function osSecretBox(): SecretBox | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return safeStorage;
}
