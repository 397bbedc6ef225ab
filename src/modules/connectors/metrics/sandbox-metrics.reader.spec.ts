import { sandboxFigures } from './sandbox-metrics.reader';

describe('sandboxFigures', () => {
  it('is the same for the same run and age, and differs between runs', () => {
    expect(sandboxFigures('run-a', 3_600_000)).toEqual(sandboxFigures('run-a', 3_600_000));
    expect(sandboxFigures('run-a', 86_400_000).figures).not.toEqual(
      sandboxFigures('run-b', 86_400_000).figures,
    );
  });

  it('starts at zero and grows with age, every figure within impressions', () => {
    const fresh = sandboxFigures('run-a', 0).figures;
    const day = sandboxFigures('run-a', 86_400_000).figures;
    const month = sandboxFigures('run-a', 30 * 86_400_000).figures;
    expect(fresh.impressions).toBe(0);
    expect(day.impressions).toBeGreaterThan(0);
    expect(month.impressions).toBeGreaterThanOrEqual(day.impressions);
    for (const value of Object.values(month)) {
      expect(value).toBeLessThanOrEqual(month.impressions);
    }
  });
});
