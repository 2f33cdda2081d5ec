/**
 * Every failure the core reports carries a stable code, a message key the UI translates,
 * and (for validation) the field it concerns. Messages are never built in the core.
 */
export type ErrorCode =
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'internal';

export interface AkrabErrorShape {
  code: ErrorCode;
  messageKey: string;
  field?: string;
  params?: Record<string, string | number>;
  issues?: AkrabErrorShape[];
}

export class AkrabError extends Error implements AkrabErrorShape {
  readonly code: ErrorCode;
  readonly messageKey: string;
  readonly field?: string;
  readonly params?: Record<string, string | number>;
  readonly issues?: AkrabErrorShape[];

  constructor(shape: AkrabErrorShape) {
    super(shape.field ? `${shape.messageKey} (${shape.field})` : shape.messageKey);
    this.name = 'AkrabError';
    this.code = shape.code;
    this.messageKey = shape.messageKey;
    this.field = shape.field;
    this.params = shape.params;
    this.issues = shape.issues;
  }

  toJSON(): AkrabErrorShape {
    const { code, messageKey, field, params, issues } = this;
    return { code, messageKey, ...(field && { field }), ...(params && { params }), ...(issues && { issues }) };
  }
}

export function validationError(field: string, messageKey: string, params?: Record<string, string | number>): AkrabError {
  return new AkrabError({ code: 'validation', messageKey, field, params });
}

export function isAkrabErrorShape(value: unknown): value is AkrabErrorShape {
  return typeof value === 'object' && value !== null && 'code' in value && 'messageKey' in value;
}
