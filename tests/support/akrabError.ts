import { AkrabError } from '../../shared/errors';

/** The AkrabError `work` throws; fails the test when it throws nothing, and rethrows any other error. */
export function akrabErrorOf(work: () => unknown): AkrabError {
  try {
    work();
  } catch (error) {
    if (error instanceof AkrabError) return error;
    throw error;
  }
  throw new Error('expected an AkrabError');
}
