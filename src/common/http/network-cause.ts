/** Why a fetch failed before any answer (ECONNREFUSED, ENOTFOUND…), for messages. */
export function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
