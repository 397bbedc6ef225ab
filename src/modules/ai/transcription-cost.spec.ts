import { creditsFor, estimateBasis, finalBasis } from './transcription-cost';

describe('transcription cost', () => {
  it('charges one credit per started minute, at least one', () => {
    expect(creditsFor(0.4)).toBe(1);
    expect(creditsFor(60)).toBe(1);
    expect(creditsFor(60.01)).toBe(2);
    expect(creditsFor(600)).toBe(10);
    expect(creditsFor(null)).toBe(1);
  });

  it('prefers the probed duration over what the client says', () => {
    expect(estimateBasis(300, 10)).toEqual({ seconds: 300, source: 'media' });
    expect(finalBasis(estimateBasis(300, 10), 20)).toEqual({ seconds: 300, source: 'media' });
  });

  it("uses the client's duration only when the media has none, then the API's report", () => {
    const estimate = estimateBasis(null, 30);
    expect(estimate).toEqual({ seconds: 30, source: 'client' });
    expect(finalBasis(estimate, 250)).toEqual({ seconds: 250, source: 'provider' });
    expect(finalBasis(estimate)).toEqual(estimate);
  });

  it('reserves one credit when nothing says how long the media is', () => {
    const estimate = estimateBasis(null, undefined);
    expect(creditsFor(estimate.seconds)).toBe(1);
    expect(finalBasis(estimate, 125)).toEqual({ seconds: 125, source: 'provider' });
  });
});
