/** Why a request failed before any answer (ECONNREFUSED, ENOTFOUND…), for messages. */
export function networkCause(error: unknown): string {
  // fetch wraps the socket's error in `cause`; undici's request throws it as is.
  const { cause, code, message } = error as {
    cause?: { code?: string; message?: string };
    code?: string;
    message: string;
  };
  return cause?.code ?? cause?.message ?? code ?? message;
}
