/**
 * One line for the server's log about an unexpected error, without personal data: a failed query's error
 * message carries its parameters (customer names, phones), so only the error's kind, its database code and
 * the first line of its message (the SQL text, cut before any parameters) are kept, for it and its cause.
 */
export function describeErrorSafely(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 3; depth++) {
    const e = current as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    const message = typeof e.message === 'string' ? e.message.split('\n')[0]!.replace(/\s*params:.*$/i, '').slice(0, 300) : '';
    parts.push([typeof e.name === 'string' ? e.name : 'Error', typeof e.code === 'string' ? `[${e.code}]` : '', message].filter(Boolean).join(' '));
    current = e.cause;
  }
  return parts.join(' <- caused by: ');
}
