import { simulateRequest } from '../../src/simulators/simulateArgs';

describe('reelflow simulate arguments', () => {
  it.each([
    [['mkio'], { provider: 'mkio', scenario: 'vod-happy', count: 3 }],
    [['mkio', 'lost-webhooks'], { provider: 'mkio', scenario: 'lost-webhooks', count: 3 }],
    [['mkio', 'vod-error', '7'], { provider: 'mkio', scenario: 'vod-error', count: 7 }],
    [['mkio', '4', 'vod-error'], { provider: 'mkio', scenario: 'vod-error', count: 4 }],
    // The command's first form: a lone number is that many MK.IO jobs.
    [['5'], { provider: 'mkio', scenario: 'vod-happy', count: 5 }],
  ])('%j', (args, expected) => {
    expect(simulateRequest(args)).toEqual(expected);
  });

  it.each([
    [[], /name a provider: .*mkio/],
    [['nope'], /name a provider/],
    [['mkio', 'fly'], /unknown scenario "fly" \(scenarios: vod-happy, vod-error, live-session, lost-webhooks\)/],
    [['mkio', '0'], /N must be a whole number from 1 to 1000/],
  ])('refuses %j', (args, message) => {
    expect(simulateRequest(args)).toMatch(message);
  });
});
