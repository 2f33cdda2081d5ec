import { monotonicFactory } from 'ulid';

/** Row ids are ULIDs made on the device: unique without a server, and they sort by creation time. */
export const newId: () => string = monotonicFactory();
