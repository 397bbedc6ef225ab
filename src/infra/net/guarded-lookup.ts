import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy';
import type { HostResolver } from './host-resolver';

/**
 * The `lookup` of an http(s) agent that net.connect calls for every host name; refusing here
 * means no socket is ever opened to a refused address. Every resolved address must pass, not
 * just the one that would be used, and the address checked is the address connected to.
 */
export function guardedLookup(
  policy: AddressPolicy,
  resolver: HostResolver,
  refused: (why: string) => Error,
): LookupFunction {
  return (hostname, options, callback) => {
    resolver.resolve(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const refusal = policy.refuseAddress(address, hostname);
          if (refusal !== undefined) {
            callback(refused(`${hostname} resolves to ${address}, ${refusal}`), '', 4);
            return;
          }
        }
        const wanted = options.family === 6 || options.family === 4 ? options.family : undefined;
        const usable = addresses.filter((a) => wanted === undefined || a.family === wanted);
        if (usable.length === 0) {
          callback(
            Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            4,
          );
        } else if (options.all) {
          (callback as unknown as (e: null, a: typeof usable) => void)(null, usable);
        } else {
          callback(null, usable[0].address, usable[0].family);
        }
      },
      (error: Error) => callback(error, '', 4),
    );
  };
}
