/** bench:capacity's baseline activity: the POST Reelflow's notify.http action makes, and nothing else. */
export function createBareJobActivities(notifyUrl: string) {
  return {
    async notify(key: string): Promise<void> {
      const response = await fetch(notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ key, phase: 'ready' }),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`notify answered HTTP ${response.status}`);
    },
  };
}

export type BareJobActivities = ReturnType<typeof createBareJobActivities>;
