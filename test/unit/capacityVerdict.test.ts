import { p50Comparison, sustainableRate, type RateFigures } from '../../bench/capacityVerdict';

const step = (rate: number, p50Ms: number, p99Ms: number, missing = 0): RateFigures => ({ rate, p50Ms, p99Ms, missing });

describe('bench:capacity verdicts', () => {
  it('a rate is sustained with p99 ≤ 250 ms and no job missing; the highest counts', () => {
    expect(sustainableRate([step(5, 20, 60), step(10, 25, 240), step(20, 900, 3000)])).toBe(10);
    expect(sustainableRate([step(5, 20, 60), step(10, 25, 240, 1)])).toBe(5);
    expect(sustainableRate([step(5, 20, 251)])).toBe(0);
  });

  it('compares p50s at a quarter of bare’s sustainable rate, else at the nearest rate run below it', () => {
    const reelflow = [step(5, 30, 80), step(10, 40, 120), step(20, 60, 200)];
    const bare = [step(5, 20, 50), step(10, 25, 60), step(20, 28, 90)];
    expect(p50Comparison(reelflow, bare, 20)).toMatchObject({ wantedRate: 5, rate: 5, exact: true, ratio: 1.5 });
    expect(p50Comparison(reelflow, bare, 40)).toMatchObject({ wantedRate: 10, rate: 10, exact: true, ratio: 1.6 });
    // 2.5/s was not run: the lowest rate stands in, and says it is not exact.
    expect(p50Comparison(reelflow, bare, 10)).toMatchObject({ wantedRate: 2.5, rate: 5, exact: false });
    expect(p50Comparison([], bare, 20)).toBeUndefined();
  });
});
