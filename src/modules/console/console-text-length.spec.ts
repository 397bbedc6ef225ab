import * as vm from 'node:vm';
import { PLATFORMS } from '../../common/platforms';
import { textLengthOf } from '../connectors';
import { COUNTING_SAMPLES } from '../../../test/utils/text-samples';
import { bundleTextLength } from './console-text-length';

describe('the console text-length bundle', () => {
  it('should count like the API on every platform, in a context without Node APIs', async () => {
    const script = (await bundleTextLength()).toString('utf8');
    // What a browser window offers this script: the standard built-ins, no Buffer, no require.
    const window = vm.createContext({ TextEncoder, Intl });
    vm.runInContext(script, window);
    const counted = vm.runInContext(
      `(${JSON.stringify(PLATFORMS)}).flatMap((p) =>
        ${JSON.stringify(COUNTING_SAMPLES)}.map((t) => sokuTextLength.textLengthOf(p, t)))`,
      window,
    );
    const expected = PLATFORMS.flatMap((p) => COUNTING_SAMPLES.map((t) => textLengthOf(p, t)));
    expect(JSON.parse(JSON.stringify(counted))).toEqual(expected);
    expect(vm.runInContext('typeof Buffer', window)).toBe('undefined');
  });
});
