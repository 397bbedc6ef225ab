import { reDriveId } from './reconciler.service';

describe(reDriveId.name, () => {
  const interval = 5_000;

  it('should keep the usual id while the run has waited up to three passes', () => {
    expect(reDriveId('publish-r-1', 3 * interval, interval)).toBe('publish-r-1');
  });

  it('should give a run waiting longer a fresh id each pass', () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(10 * interval);
    const first = reDriveId('publish-r-1', 3 * interval + 1, interval);
    now.mockReturnValue(11 * interval);
    const next = reDriveId('publish-r-1', 4 * interval, interval);
    now.mockRestore();
    expect(first).toBe('publish-r-1-pass-10');
    expect(next).toBe('publish-r-1-pass-11');
  });
});
