import type { ApiError, ErrorCode } from './contract.ts';

/** An error the user can act on: a stable code the UI translates, and a message for logs and the CLI. */
export class PirdError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PirdError';
    this.code = code;
  }
}

/** Maps Node's file-system errors to codes a user can act on; anything else is internal. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof PirdError) return { code: error.code, message: error.message };
  const nodeCode = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (nodeCode) {
    case 'ENOSPC':
    case 'EDQUOT':
      return { code: 'disk-full', message: `The disk is full: ${message}` };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { code: 'permission-denied', message: `Permission denied: ${message}` };
    case 'ENOENT':
    case 'EIO':
    case 'EISDIR':
    case 'ENOTDIR':
      return { code: 'io', message };
    default:
      return { code: 'internal', message };
  }
}
